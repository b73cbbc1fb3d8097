/** `factum inspect <transaction>`: a transaction tree with each transaction's facts, now or as of a past moment. */
import type { Command } from 'commander';
import type { Fact, JsonObject } from '../../core/index.ts';
import { parseAsOf, type AsOf } from '../../engine/as-of.ts';
import { loadChildIds, loadTransaction } from '../../engine/load-transaction.ts';
import type { EventStore } from '../../engine/ports/event-store.ts';
import type { ViewStore } from '../../engine/ports/view-store.ts';
import { builtinViews } from '../../engine/views/builtin-projection.ts';
import type { Model } from '../../model/model.ts';
import {
  exitCodesHelp,
  logLevelOption,
  modelOption,
  storeOption,
  type StoreCommandOptions,
} from '../cli-options.ts';
import { exitCodes } from '../exit-codes.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { complain, withStores } from '../with-stores.ts';

interface InspectOptions extends StoreCommandOptions {
  readonly json?: boolean;
  readonly asOf?: string;
  readonly model?: string;
}

/** A fact as `inspect` shows it. */
interface InspectedFact {
  readonly position: string;
  readonly time: string;
  readonly type: string;
  readonly act: string;
  readonly performer: { readonly actor: string; readonly role: string };
  readonly justification?: string;
  readonly actId: string;
}

/** A transaction of the tree, depth first. */
interface InspectedTransaction {
  readonly id: string;
  readonly kind: string;
  readonly kindName: string;
  readonly status: string;
  readonly parent: string | null;
  readonly depth: number;
  readonly facts: readonly InspectedFact[];
}

const maxDepth = 32;

/** Registers `inspect`. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('a transaction and its descendants, with every fact: time, type, performer, why')
    .argument('<transaction>', 'the transaction id (e.g. order-…)')
    .addOption(storeOption())
    .addOption(logLevelOption())
    .addOption(modelOption('the model, for kind names (optional)', true))
    .option('--as-of <moment>', 'as it stood then: a log position (digits) or an ISO 8601 time')
    .option('--json', 'print one JSON object: { transaction, source, asOf, tree: [...] }')
    .addHelpText(
      'after',
      `${exitCodesHelp('no such transaction (or none yet at --as-of)')}\nThe tree comes from the transactions view when it has the transaction and no --as-of is given; otherwise it is folded from the log. Facts always come from the log.`,
    )
    .action(async (transaction: string, options: InspectOptions) => {
      process.exitCode = await inspect(transaction, options);
    });
}

function shown(fact: Fact, position: bigint): InspectedFact {
  return {
    position: position.toString(),
    time: fact.time,
    type: fact.type,
    act: fact.revokes === undefined ? fact.act : `${fact.act} ${fact.revokes}`,
    performer: { actor: fact.performer.actor, role: fact.performer.role },
    ...(fact.justification === undefined ? {} : { justification: fact.justification }),
    actId: fact.actId,
  };
}

async function factsOf(
  store: EventStore,
  id: string,
  asOf: AsOf | undefined,
): Promise<{ facts: InspectedFact[]; status: string; kind: string | null; parent: string | null }> {
  const { events, facts, state } = await loadTransaction(store, id, asOf);
  return {
    facts: facts.map((fact, index) => shown(fact, events[index]?.position ?? 0n)),
    status: state.status,
    kind: state.kind,
    parent: state.parent?.transactionId ?? null,
  };
}

/** The children a transaction started, from the view row or from its tree stream in the log. */
async function childrenOf(
  store: EventStore,
  views: ViewStore,
  id: string,
  fromView: boolean,
): Promise<string[]> {
  if (fromView) {
    const row: JsonObject | undefined = (await views.get(builtinViews.transactions, id))?.row;
    return [...((row?.children as readonly string[] | undefined) ?? [])];
  }
  return loadChildIds(store, id);
}

async function inspectTree(
  store: EventStore,
  views: ViewStore,
  root: string,
  asOf: AsOf | undefined,
  fromView: boolean,
  model: Model | undefined,
): Promise<InspectedTransaction[]> {
  const tree: InspectedTransaction[] = [];
  const visit = async (id: string, depth: number): Promise<void> => {
    const { facts, status, kind, parent } = await factsOf(store, id, asOf);
    // A child not yet started at --as-of is not part of the tree then.
    if (facts.length === 0 || depth > maxDepth) return;
    const kindId = kind ?? '?';
    tree.push({
      id,
      kind: kindId,
      kindName: model?.transactionKinds[kindId]?.name ?? kindId,
      status,
      parent,
      depth,
      facts,
    });
    for (const child of await childrenOf(store, views, id, fromView)) await visit(child, depth + 1);
  };
  await visit(root, 0);
  return tree;
}

function render(tree: readonly InspectedTransaction[]): string {
  const lines: string[] = [];
  for (const t of tree) {
    const indent = '  '.repeat(t.depth);
    const name = t.kindName === t.kind ? t.kind : `${t.kind} ${t.kindName}`;
    const parent = t.depth === 0 && t.parent !== null ? `  (child of ${t.parent})` : '';
    lines.push(`${indent}${t.id}  ${name}  ${t.status}${parent}`);
    const typeWidth = Math.max(...t.facts.map((f) => f.type.length));
    for (const f of t.facts) {
      const why = f.justification === undefined ? '' : `  "${f.justification}"`;
      lines.push(
        `${indent}  #${f.position.padEnd(5)} ${f.time}  ${f.type.padEnd(typeWidth)}  ${f.performer.actor} (${f.performer.role})${why}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

async function inspect(transaction: string, options: InspectOptions): Promise<number> {
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf);
  if (options.asOf !== undefined && asOf === undefined) {
    complain(`--as-of must be a log position (digits) or an ISO 8601 time, not '${options.asOf}'.`);
    return exitCodes.invalidInput;
  }
  let model: Model | undefined;
  if (options.model !== undefined) {
    model = await loadModelOrReport(options.model);
    if (model === undefined) return exitCodes.invalidInput;
  }
  return withStores(options.store, { mustExist: true }, async ({ store, views }) => {
    const inView =
      asOf === undefined && (await views.get(builtinViews.transactions, transaction)) !== undefined;
    const tree = await inspectTree(store, views, transaction, asOf, inView, model);
    if (tree.length === 0) {
      const exists = (await store.readStream(transaction, { maxCount: 1 })).length > 0;
      complain(
        exists
          ? `transaction '${transaction}' did not exist yet as of ${options.asOf ?? ''}.`
          : `no transaction '${transaction}' in the log.`,
      );
      return exitCodes.failed;
    }
    if (options.json === true) {
      const asOfJson =
        asOf === undefined
          ? null
          : 'position' in asOf
            ? { position: asOf.position.toString() }
            : asOf;
      process.stdout.write(
        `${JSON.stringify({ transaction, source: inView ? 'view' : 'log', asOf: asOfJson, tree }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(render(tree));
    }
    return exitCodes.ok;
  });
}
