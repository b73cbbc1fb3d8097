/**
 * Who performs each act of the basic transaction pattern (request, promise, execute, declare, accept)
 * of every kind: the initiator or the executor role — in person, at a screen, or by one of the role's
 * action rules (a rule in `proposal` mode only proposes the act: a person confirms it). A rule that
 * lists the acts it `performs` is taken at its word. Otherwise a rule's acts, hidden in a function,
 * are read from the Process Model: a rule performs the act a response link leads to from the fact it
 * answers, the act that waits for that fact, or the act that follows that fact in its own
 * transaction; an act that follows one a rule performed, with nothing of its own to wait for, is
 * performed by the same rule (the shop's `complete-order` executes the order, then declares it). A
 * fact that starts a child by a response link is passed over for the other readings: a rule on it
 * performs that request.
 */
import { standardTransitions, type Act, type FactKind, type Party } from '../../core/index.ts';
import type { FactRef, Model } from '../model.ts';

/** The acts of the basic pattern, in the order a successful transaction performs them. */
export const basicPatternActs: readonly Act[] = [
  'request',
  'promise',
  'execute',
  'declare',
  'accept',
];

/** Who performs one act of one kind. */
export interface ActPerformer {
  readonly kind: string;
  readonly act: Act;
  /** The fact the act produces (C-fact or, for execute, the P-fact's step). */
  readonly fact: FactKind;
  readonly party: Party;
  /** The actor role that performs it. */
  readonly role: string;
  /** The action rule that performs it, when one does; a person at the role's screen otherwise. */
  readonly rule?: string;
  /** The rule only proposes the act on the role's agenda; a person confirms it. */
  readonly proposed?: boolean;
  /** The fact the rule (or the person) answers: the agendum this act responds to. */
  readonly answers?: FactRef;
}

/** One step of the basic pattern: act, fact and party (pure). */
export function basicStep(act: Act): { readonly fact: FactKind; readonly party: Party } {
  let from = 'initial';
  for (const a of basicPatternActs) {
    const t = standardTransitions.find((row) => row.from === from && row.act === a);
    if (t === undefined) throw new Error(`the basic pattern has no ${a} from ${from}`);
    if (a === act) return { fact: t.fact, party: t.by };
    from = t.to;
  }
  throw new Error(`'${act}' is not an act of the basic pattern`);
}

/** Whether a rule only proposes its acts for a person to confirm (`mode: 'proposal'`) (pure). */
function isProposal(rule: object | undefined): boolean {
  return rule !== undefined && 'mode' in rule && rule.mode === 'proposal';
}

const same = (a: FactRef, b: FactRef): boolean => a.kind === b.kind && a.fact === b.fact;

/** Who performs every act of the basic pattern of every kind, in model order (pure). */
export function actPerformers(model: Model): ActPerformer[] {
  const responseLinks = model.processModel?.responseLinks ?? [];
  const waitLinks = model.processModel?.waitLinks ?? [];
  const rules = model.actionRules ?? [];
  const out: ActPerformer[] = [];
  for (const [kindId, kind] of Object.entries(model.transactionKinds)) {
    let previous: ActPerformer | undefined;
    for (const act of basicPatternActs) {
      const { fact, party } = basicStep(act);
      const role = party === 'initiator' ? kind.initiator : kind.executor;
      const startedBy = responseLinks.filter((l) => l.to.kind === kindId && l.to.act === act);
      const waits = waitLinks.filter((l) => l.act.kind === kindId && l.act.act === act);
      const startsOther = (f: FactRef): boolean =>
        responseLinks.some((l) => same(l.from, f) && (l.to.kind !== kindId || l.to.act !== act));
      const previousFact =
        previous === undefined ? undefined : { kind: kindId, fact: previous.fact };
      // The facts a rule of the role may answer by this act, the likeliest first.
      const readings: FactRef[] = [
        ...startedBy.map((l) => l.from),
        ...waits.map((l) => l.waitsFor).filter((f) => !startsOther(f)),
        ...(previousFact === undefined || startsOther(previousFact) ? [] : [previousFact]),
      ];
      const roleRules = rules.filter((r) => r.role === role);
      // A rule that lists what it performs is taken at its word, and never guessed at.
      const declaring = roleRules.filter((r) =>
        r.performs?.some((p) => p.kind === kindId && p.act === act),
      );
      const guessable = roleRules.filter((r) => r.performs === undefined);
      let rule: { id: string; answers: FactRef } | undefined;
      const chosen = declaring.find((r) => readings.some((f) => same(r.when, f))) ?? declaring[0];
      if (chosen !== undefined) rule = { id: chosen.id, answers: chosen.when };
      for (const f of rule === undefined ? readings : []) {
        const found = guessable.find((r) => same(r.when, f));
        if (found !== undefined) {
          rule = { id: found.id, answers: f };
          break;
        }
      }
      if (
        rule === undefined &&
        previous?.rule !== undefined &&
        guessable.some((r) => r.id === previous?.rule) &&
        previous.role === role &&
        waits.length === 0 &&
        startedBy.length === 0 &&
        previousFact !== undefined &&
        !roleRules.some((r) => same(r.when, previousFact))
      )
        rule = { id: previous.rule, answers: previous.answers ?? previousFact };
      const answers = rule?.answers ?? startedBy[0]?.from ?? previousFact;
      const performer: ActPerformer = {
        kind: kindId,
        act,
        fact,
        party,
        role,
        ...(rule === undefined ? {} : { rule: rule.id }),
        ...(rule !== undefined && isProposal(rules.find((r) => r.id === rule?.id))
          ? { proposed: true }
          : {}),
        ...(answers === undefined ? {} : { answers }),
      };
      out.push(performer);
      previous = performer;
    }
  }
  return out;
}
