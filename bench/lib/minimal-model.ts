/**
 * The one-kind model without action rules (examples/minimal): a request runs the act path alone,
 * request → promise → execute → declare → accept, five acts per transaction.
 */
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/model/load-model.ts';
import type { Model } from '../../src/model/model.ts';
import type { PerformInput } from '../../src/engine/perform-input.ts';
import type { ProtocolError, Result } from '../../src/core/index.ts';
import type { Performed } from '../../src/engine/perform.ts';

/** Path of the minimal model file. */
export const minimalModelPath = fileURLToPath(
  new URL('../../examples/minimal/model.yaml', import.meta.url),
);

/** Loads the minimal model, throwing on a problem (impure: reads the file). */
export async function loadMinimalModel(): Promise<Model> {
  const loaded = await loadModel(minimalModelPath);
  if (!loaded.ok) throw new Error(`examples/minimal/model.yaml: ${JSON.stringify(loaded.error)}`);
  return loaded.value;
}

/** The five acts of a transaction after its request, with who performs them. */
export const followingActs = [
  { act: 'promise', performer: { actor: 'sue', role: 'A01' } },
  { act: 'execute', performer: { actor: 'sue', role: 'A01' } },
  { act: 'declare', performer: { actor: 'sue', role: 'A01' } },
  { act: 'accept', performer: { actor: 'carol', role: 'CA01' } },
] as const;

/** Performs an act, throwing on a refusal (a benchmark must not count refusals). */
export type PerformFn = (input: PerformInput) => Promise<Result<Performed, ProtocolError>>;

async function performOk(perform: PerformFn, input: PerformInput): Promise<string> {
  const result = await perform(input);
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
  return result.value.transactionId;
}

/**
 * Runs `transactions` transactions from request to accepted over `callers` concurrent callers and
 * times every act (impure).
 */
export async function driveTransactions(
  perform: PerformFn,
  transactions: number,
  callers: number,
  clock: () => number,
): Promise<{ acts: number; ms: number; latencies: Float64Array }> {
  const latencies = new Float64Array(transactions * 5);
  let next = 0;
  let acts = 0;
  const timed = async (input: PerformInput): Promise<string> => {
    const begin = clock();
    const id = await performOk(perform, input);
    latencies[acts] = clock() - begin;
    acts += 1;
    return id;
  };
  const start = clock();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (;;) {
        const i = next;
        next += 1;
        if (i >= transactions) return;
        const transactionId = await timed({
          kind: 'TK01',
          act: 'request',
          performer: { actor: 'carol', role: 'CA01' },
          payload: { item: `item-${i % 97}`, quantity: (i % 5) + 1 },
        });
        for (const step of followingActs) {
          await timed({ transactionId, act: step.act, performer: step.performer });
        }
      }
    }),
  );
  return { acts, ms: clock() - start, latencies: latencies.subarray(0, acts) };
}
