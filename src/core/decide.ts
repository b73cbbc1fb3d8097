/** `decide`: the pure heart of the pattern. Given a transaction's state and an act, the facts or a refusal. */
import { otherParty, type Party, type RevocableAct } from './acts.ts';
import type { ActCommand, TransactionKindSpec } from './act-command.ts';
import { allowedActs, roleOf } from './allowed-acts.ts';
import type { Fact, PartyBinding } from './fact.ts';
import { describeAct, describeAllowed, type ProtocolError } from './protocol-error.ts';
import { err, ok, type Result } from './result.ts';
import type { TransactionState } from './transaction-state.ts';
import {
  businessFactType,
  completeTransactionPattern,
  type FactKind,
  type PatternProfile,
} from './transaction-pattern.ts';

/** What the pattern table says about one act in one state: who must perform it and which fact it creates. */
interface Step {
  readonly party: Party;
  readonly fact: FactKind;
  readonly revokes?: RevocableAct;
}

/**
 * Decides an act against a transaction's state: the facts to append, or a typed refusal saying why.
 * Pure: the act carries its own id and time.
 *
 * @example
 * const result = decide(orderKind, initialTransactionState, {
 *   actId: 'a1', transactionId: 'o1', act: 'request', time: new Date().toISOString(),
 *   performer: { actor: 'alice', role: 'CA01' }, payload: { lines: [] },
 * });
 * if (result.ok) console.log(result.value[0]?.type); // 'OrderRequested'
 */
export function decide(
  spec: TransactionKindSpec,
  state: TransactionState,
  command: ActCommand,
  profile: PatternProfile = completeTransactionPattern,
): Result<readonly Fact[], ProtocolError> {
  const { act } = command;
  if (state.status === 'initial' && act !== 'request') {
    return err({
      code: 'UnknownTransaction',
      transactionId: command.transactionId,
      act,
      message: `Transaction '${command.transactionId}' does not exist: it must be requested before anyone can ${act} on it.`,
    });
  }
  const parties = partiesOf(spec, state);
  const role = command.performer.role;
  if (role !== parties.initiator.role && role !== parties.executor.role) {
    return err({
      code: 'WrongRole',
      act,
      role,
      expected: [parties.initiator.role, parties.executor.role],
      message: `Actor role '${role}' is neither the initiator (${parties.initiator.role}) nor the executor (${parties.executor.role}) of ${spec.name} transactions.`,
    });
  }
  if (profile.terminal.includes(state.status)) {
    return err({
      code: 'TerminalStatus',
      act,
      status: state.status,
      message: `Transaction '${command.transactionId}' is ${state.status}: no act follows a terminal status.`,
    });
  }
  const step = stepFor(spec, state, command, profile);
  if (!step.ok) return step;
  const { party } = step.value;
  const binding = parties[party];
  if (role !== binding.role) {
    return err({
      code: 'WrongRole',
      act,
      role,
      expected: [binding.role],
      message: `Only the ${party} (${binding.role}) may ${describeAct(act, step.value.revokes)}; '${command.performer.actor}' acts as ${role}.`,
    });
  }
  if (binding.actor !== undefined && binding.actor !== command.performer.actor) {
    return err({
      code: 'WrongActor',
      act,
      actor: command.performer.actor,
      party,
      message: `Actor '${command.performer.actor}' is not the ${party} of transaction '${command.transactionId}'.`,
    });
  }
  let executor = parties.executor;
  if (state.status === 'initial') {
    if (spec.executor.personal && command.addressee === undefined) {
      return err({
        code: 'MissingAddressee',
        role: spec.executor.role,
        message: `A ${spec.name} request must name the actor it is addressed to: each actor in role ${spec.executor.role} acts only for itself.`,
      });
    }
    executor = bind(spec.executor, command.addressee);
  }
  const initiator =
    state.status === 'initial' ? bind(spec.initiator, command.performer.actor) : parties.initiator;
  const addresseeParty = otherParty(party);
  const addressee = addresseeParty === 'initiator' ? initiator : executor;
  const correlationId = state.correlationId ?? command.correlationId ?? command.actId;
  const fact: Fact = {
    type: businessFactType(spec.name, step.value.fact),
    fact: step.value.fact,
    act,
    ...(step.value.revokes === undefined ? {} : { revokes: step.value.revokes }),
    transactionId: command.transactionId,
    kind: spec.id,
    performer: { actor: command.performer.actor, role, party },
    addressee: { ...addressee, party: addresseeParty },
    time: command.time,
    ...(command.operativeTime === undefined ? {} : { operativeTime: command.operativeTime }),
    ...(command.justification === undefined ? {} : { justification: command.justification }),
    payload: command.payload ?? null,
    actId: command.actId,
    correlationId,
    ...(command.causationId === undefined ? {} : { causationId: command.causationId }),
    ...(act === 'request' ? { parties: { initiator, executor } } : {}),
    ...(state.status === 'initial' && command.parent !== undefined
      ? { parent: command.parent }
      : {}),
  };
  return ok([fact]);
}

function bind(spec: { role: string; personal: boolean }, actor: string | undefined): PartyBinding {
  return spec.personal && actor !== undefined ? { role: spec.role, actor } : { role: spec.role };
}

function partiesOf(
  spec: TransactionKindSpec,
  state: TransactionState,
): Record<Party, PartyBinding> {
  return {
    initiator: state.initiator ?? { role: spec.initiator.role },
    executor: state.executor ?? { role: spec.executor.role },
  };
}

/** Finds the row of the pattern table for this act in this state, or the refusal. */
function stepFor(
  spec: TransactionKindSpec,
  state: TransactionState,
  command: ActCommand,
  profile: PatternProfile,
): Result<Step, ProtocolError> {
  const { act, revokes } = command;
  const pending = state.pendingRevocation;
  const notAllowed = (why: string): Result<Step, ProtocolError> => {
    const allowed = allowedActs(spec, state, profile);
    return err({
      code: 'ActNotAllowed',
      act,
      ...(revokes === undefined ? {} : { revokes }),
      status: state.status,
      allowed,
      message: `${why} Allowed now: ${describeAllowed(allowed)}.`,
    });
  };
  if (act === 'allow' || act === 'refuse') {
    if (pending === null)
      return notAllowed(
        `No revocation is pending on a ${state.status} transaction: nothing to ${act}.`,
      );
    if (revokes !== undefined && revokes !== pending.revokes) {
      return notAllowed(
        `The pending revocation revokes the ${pending.revokes}, not the ${revokes}.`,
      );
    }
    const rule = profile.revocations.find((r) => r.revokes === pending.revokes);
    if (rule === undefined) return notAllowed(`No revocation pattern for ${pending.revokes}.`);
    return ok({
      party: rule.answeredBy,
      fact: act === 'allow' ? 'revocationAllowed' : 'revocationRefused',
      revokes: rule.revokes,
    });
  }
  if (pending !== null) {
    return err({
      code: 'RevocationPending',
      act,
      pending,
      message: `A revocation of the ${pending.revokes} by the ${pending.by} is pending: it must be allowed or refused by the ${otherParty(pending.by)} (${roleOf(spec, state, otherParty(pending.by))}) before any other act.`,
    });
  }
  if (act === 'revoke') {
    if (revokes === undefined) {
      return err({
        code: 'MalformedAct',
        act,
        message: `A revocation must say which act it revokes: request, promise, declare or accept.`,
      });
    }
    const rule = profile.revocations.find((r) => r.revokes === revokes);
    if (rule === undefined || !rule.from.includes(state.status)) {
      return notAllowed(
        `The ${revokes} cannot be revoked while the transaction is ${state.status}.`,
      );
    }
    return ok({ party: rule.by, fact: rule.fact, revokes });
  }
  if (revokes !== undefined) {
    return err({
      code: 'MalformedAct',
      act,
      message: `Only revoke, allow and refuse take 'revokes'; ${act} does not.`,
    });
  }
  const transition = profile.transitions.find((t) => t.from === state.status && t.act === act);
  if (transition === undefined) {
    return notAllowed(`Cannot ${act} a transaction that is ${state.status}.`);
  }
  return ok({ party: transition.by, fact: transition.fact });
}
