/**
 * The users' language: facts as sentences, acts as the words a model chooses (`Pay`), revocations
 * explained, what a held-back act waits for — with role, kind and actor names, never codes alone.
 * All pure: each function reads the model document it is given.
 */
import type { AllowedAct, Awaited, Fact, ModelDoc } from '../../protocol/index.ts';

/** `promise` → `Promise` (pure). */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A kind's business name in words (`PartsOrder` → `Parts order`), or its id when unknown (pure). */
export function kindWord(model: ModelDoc | undefined, kind: string): string {
  const name = model?.transactionKinds[kind]?.name;
  if (name === undefined) return kind;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0) + words.slice(1).toLowerCase();
}

/** `a` or `an` before a word (pure). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** A role's name, or its id when unknown (pure). */
export function roleWord(model: ModelDoc | undefined, role: string): string {
  return model?.actorRoles[role]?.name ?? role;
}

/**
 * An actor's name as people read it: `alice` → `Alice`, `order-bot` → `Order bot`; an action rule
 * acting on its own (`agent:request-payment`) → `The rule “request payment”` (pure).
 */
export function actorWord(actor: string): string {
  if (actor.startsWith('agent:'))
    return `The rule “${actor
      .slice(6)
      .replace(/[-_.]+/g, ' ')
      .trim()}”`;
  return capitalise(actor.replace(/[-_.]+/g, ' ').trim());
}

const revocationWords: Readonly<Record<string, string>> = {
  request: 'Revoke request',
  promise: 'Revoke promise',
  declare: 'Revoke declaration',
  accept: 'Revoke acceptance',
};

/** The words of an act on a button: the model's own (`Pay`), else the pattern's (`Promise`, `Revoke promise`) (pure). */
export function actWord(
  model: ModelDoc | undefined,
  kind: string | undefined,
  act: AllowedAct,
): string {
  if (act.act !== 'revoke' && kind !== undefined) {
    const own = model?.dashboard?.acts?.[kind]?.[act.act];
    if (own !== undefined) return own;
  }
  if (act.act === 'revoke') return revocationWords[act.revokes ?? 'request'] ?? 'Revoke';
  if (act.act === 'allow') return 'Allow revocation';
  if (act.act === 'refuse') return 'Refuse revocation';
  return capitalise(act.act);
}

const pastTense: Readonly<Record<string, string>> = {
  requested: 'requested',
  promised: 'promised',
  declined: 'declined',
  quitted: 'gave up',
  executed: 'executed',
  declared: 'declared',
  accepted: 'accepted',
  rejected: 'rejected',
  stopped: 'stopped',
  requestRevoked: 'revoked the request of',
  promiseRevoked: 'revoked the promise of',
  declarationRevoked: 'revoked the declaration of',
  acceptanceRevoked: 'revoked the acceptance of',
  revocationAllowed: 'allowed the revocation of',
  revocationRefused: 'refused the revocation of',
};

/** The verb of a fact: the model's own word, else the pattern's past tense (pure). */
export function factVerb(model: ModelDoc | undefined, kind: string, fact: string): string {
  return model?.dashboard?.facts?.[kind]?.[fact] ?? pastTense[fact] ?? fact;
}

/**
 * A fact as a sentence: `Alice (customer) requested order o-1.`; with `withId: false` the
 * transaction is named by its kind alone (`… requested the order.`), for a page that shows one
 * tree (pure).
 */
export function factSentence(
  model: ModelDoc | undefined,
  fact: Fact,
  options: { readonly withId?: boolean } = {},
): string {
  const who = `${actorWord(fact.performer.actor)} (${roleWord(model, fact.performer.role)})`;
  const name = kindWord(model, fact.kind).toLowerCase();
  const what = options.withId === false ? `the ${name}` : `${name} ${fact.transactionId}`;
  if (fact.fact === 'quitted') return `${who} gave up on ${what}.`;
  return `${who} ${factVerb(model, fact.kind, fact.fact)} ${what}.`;
}

/** A status as people read it: `quitted` → `given up`, `requested` stays (pure). */
export function statusWord(status: string): string {
  if (status === 'quitted') return 'given up';
  if (status === 'initial') return 'not started';
  return status;
}

/** What a held-back act waits for: `Payment o-1.TK02 to be accepted (now promised)` (pure). */
export function awaitedSentence(model: ModelDoc | undefined, awaited: Awaited): string {
  const name = kindWord(model, awaited.kind);
  const which =
    awaited.transactionId === undefined
      ? `${article(name)} ${name.toLowerCase()}`
      : `${name} ${awaited.transactionId}`;
  const now =
    awaited.status === undefined
      ? awaited.transactionId === undefined
        ? ' (none started yet)'
        : ''
      : ` (now ${statusWord(awaited.status)})`;
  return `${which} to be ${awaited.fact}${now}`;
}

/** Why an act cannot be performed yet: `Waits for Payment o-1.TK02 to be accepted (now promised).` (pure). */
export function waitingSentence(model: ModelDoc | undefined, waiting: readonly Awaited[]): string {
  return `Waits for ${waiting.map((w) => awaitedSentence(model, w)).join(' and ')}.`;
}

/**
 * What a revocation does, for the person about to ask for it: who answers, and where the
 * transaction goes when they allow it (DEMO's four revocation patterns) (pure).
 */
export function revocationExplained(
  model: ModelDoc | undefined,
  kind: string | undefined,
  revokes: string,
): string {
  const spec = kind === undefined ? undefined : model?.transactionKinds[kind];
  const name =
    kind === undefined ? 'the transaction' : `the ${kindWord(model, kind).toLowerCase()}`;
  const initiator = spec === undefined ? 'the initiator' : `the ${roleWord(model, spec.initiator)}`;
  const executor = spec === undefined ? 'the executor' : `the ${roleWord(model, spec.executor)}`;
  switch (revokes) {
    case 'request':
      return `Withdraw the request: ${executor} is asked to allow it; once allowed, ${name} is cancelled for good.`;
    case 'promise':
      return `Take back the promise: ${initiator} is asked to allow it; once allowed, ${name} is back to requested and awaits a new promise or a decline.`;
    case 'declare':
      return `Take back the declared result: ${initiator} is asked to allow it; once allowed, ${name} is back to promised, to be executed again.`;
    case 'accept':
      return `Take back the acceptance: ${executor} is asked to allow it; once allowed, ${name} is declared again, awaiting acceptance or rejection.`;
    default:
      return `Revoke the ${revokes}.`;
  }
}

/** What allowing or refusing a pending revocation means (pure). */
export function answerExplained(act: string, revokes: string | undefined): string {
  const what = revokes === undefined ? 'the revocation' : `the revocation of the ${revokes}`;
  return act === 'allow'
    ? `Allow ${what}: it takes effect.`
    : `Refuse ${what}: the transaction stays where it was.`;
}

/** Whether an act is a revocation or the answer to one (pure). */
export function isRevocation(act: AllowedAct): boolean {
  return act.act === 'revoke';
}

const awaitedFacts: Readonly<Record<string, string>> = {
  Requested: 'the request',
  Promised: 'the promise',
  Declined: 'the decline',
  Quitted: 'giving up',
  Executed: 'the execution',
  Declared: 'the declaration',
  Accepted: 'the acceptance',
  Rejected: 'the rejection',
  Stopped: 'the stop',
  RequestRevoked: 'the revocation of the request',
  PromiseRevoked: 'the revocation of the promise',
  DeclarationRevoked: 'the revocation of the declaration',
  AcceptanceRevoked: 'the revocation of the acceptance',
  RevocationAllowed: 'the allowed revocation',
  RevocationRefused: 'the refused revocation',
};

/** What an agenda row awaits a response to, in words: `ApprovalRequested` → `the request` (pure). */
export function awaitingWords(model: ModelDoc | undefined, kind: string, awaiting: string): string {
  const name = model?.transactionKinds[kind]?.name ?? '';
  const suffix = name !== '' && awaiting.startsWith(name) ? awaiting.slice(name.length) : awaiting;
  return awaitedFacts[suffix] ?? awaiting;
}
