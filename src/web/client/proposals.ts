/**
 * A rule's proposal as the API calls that carry it out, and in words (pure): a rule in proposal
 * mode leaves its acts on the agenda, and a person confirms them.
 */
import type { ModelDoc, Proposal, ProposedAct } from '../../protocol/index.ts';
import { actWord, kindWord } from './words.ts';

/** One call of the act API: where to POST, what, and the idempotency key that makes it once-only. */
export interface ActCall {
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly idempotencyKey: string;
}

function keyPart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40);
}

/** The calls that perform a proposal's acts in a role, in order, each with a key of its own (pure). */
export function proposalCalls(proposal: Proposal, role: string, transactionId: string): ActCall[] {
  return proposal.acts.map((act, index) => {
    const idempotencyKey = `proposal:${keyPart(proposal.rule)}:${keyPart(transactionId)}:${index}`;
    const common = {
      role,
      ...(act.justification === undefined ? {} : { justification: act.justification }),
      ...(act.payload === undefined ? {} : { payload: act.payload }),
    };
    if (act.act === 'request' && act.kind !== undefined)
      return {
        path: '/api/transactions',
        body: {
          ...common,
          kind: act.kind,
          ...(act.parent === undefined ? {} : { parent: act.parent }),
          ...(act.addressee === undefined ? {} : { addressee: act.addressee }),
        },
        idempotencyKey,
      };
    const target = act.transactionId ?? transactionId;
    return {
      path: `/api/transactions/${encodeURIComponent(target)}/acts/${act.act}`,
      body: { ...common, ...(act.revokes === undefined ? {} : { revokes: act.revokes }) },
      idempotencyKey,
    };
  });
}

/**
 * A proposed act as part of a sentence, naming what it is done to: `accept the car drop off`,
 * `request payment`, `revoke the promise of the order` (pure).
 */
export function proposedActSentence(
  model: ModelDoc | undefined,
  act: ProposedAct,
  kind: string,
): string {
  const words = proposedActWords(model, act, kind).toLowerCase();
  if (act.act === 'request' && act.kind !== undefined) return words;
  const target = kindWord(model, kind).toLowerCase();
  return act.revokes === undefined
    ? `${words} the ${target}`
    : `${words.replace(/^revoke /, 'revoke the ')} of the ${target}`;
}

/** A proposed act in words: `Promise`, `Request Payment`, `Revoke promise` (pure). */
export function proposedActWords(
  model: ModelDoc | undefined,
  act: ProposedAct,
  kind: string,
): string {
  if (act.act === 'request' && act.kind !== undefined)
    return `Request ${kindWord(model, act.kind).toLowerCase()}`;
  return actWord(model, kind, {
    act: act.act,
    ...(act.revokes === undefined ? {} : { revokes: act.revokes }),
  });
}
