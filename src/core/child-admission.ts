/**
 * Response links at run time: `(TK01/promised) → [TK02/request]` lets a TK02 start under a TK01
 * once it is promised, as many times as the link's cardinality allows. A link whose started kind
 * has the same initiator as the fact's kind may also start it beside (see `startsBeside`):
 * `(TK02/accepted) → [TK03/request]` starts a TK03 under the TK01 that encloses the accepted TK02.
 * Kinds no response link starts are roots; a kind that links start is never a root.
 */
import { isInForce } from './facts-in-force.ts';
import {
  childKinds,
  describeFactRef,
  startsBeside,
  isLive,
  isMandatory,
  linksStarting,
  upperBound,
  type ProcessLinks,
  type ResponseLink,
} from './process-links.ts';
import type { ProtocolError } from './protocol-error.ts';
import { err, ok, type Result } from './result.ts';
import type { TransactionState } from './transaction-state.ts';

/** A parent as the plan sees it: its state, its children, and the version of its list of children. */
export interface ParentView {
  readonly state: TransactionState;
  readonly children: readonly TransactionState[];
  /** The version of the parent's list of children, which a bounded link appends against. */
  readonly childListVersion: number;
}

/** A child admitted under a parent: whether a bounded link admitted it (then its start is raced). */
export interface Admission {
  readonly bounded: boolean;
}

/** A child kind that may start under a transaction now, by one response link. */
export interface StartableChild {
  readonly kind: string;
  readonly link: Pick<ResponseLink, 'from' | 'cardinality'>;
  /** The transaction whose fact the link answers: the parent itself or one of its children. */
  readonly source: string;
  /** How many more may start by this link; `null` when unbounded. */
  readonly remaining: number | null;
  /** True when the link asks for at least one and none has started yet. */
  readonly required: boolean;
}

/** The response links that may start a kind under a parent of a kind: from it, or from a sibling (pure). */
function linksUnder(
  process: ProcessLinks,
  kind: string,
  parentKind: string,
): readonly ResponseLink[] {
  const siblings = childKinds(process, parentKind);
  return linksStarting(process, kind).filter(
    (link) =>
      link.from.kind === parentKind ||
      (startsBeside(process, link) && siblings.includes(link.from.kind)),
  );
}

/** The transactions whose fact a link answers under a parent: the parent or its children (pure). */
function sourcesOf(
  process: ProcessLinks,
  link: ResponseLink,
  parent: ParentView,
): readonly TransactionState[] {
  return link.from.kind === parent.state.kind
    ? [parent.state]
    : parent.children.filter((c) => c.kind === link.from.kind);
}

/** Where a link's fact stands under a parent, for messages: `'o1' is requested` (pure). */
function whereNow(
  process: ProcessLinks,
  link: ResponseLink,
  parent: ParentView,
  names: (kind: string) => string,
): string {
  const sources = sourcesOf(process, link, parent);
  if (sources.length === 0) return `no ${names(link.from.kind)} (${link.from.kind}) under it yet`;
  return sources.map((s) => `${link.from.kind} '${s.id ?? ''}' is ${s.status}`).join(', ');
}

/**
 * Decides whether a child of a kind may start under a parent now: some response link from the
 * parent's kind (or a sibling's) leads to its request, its fact is in force, and its cardinality
 * is not used up by the live children of the kind (pure).
 */
export function admitChild(
  process: ProcessLinks,
  kind: string,
  parent: ParentView,
  names: (kind: string) => string,
): Result<Admission, ProtocolError> {
  const parentKind = parent.state.kind ?? '';
  const parentId = parent.state.id ?? '';
  const links = linksUnder(process, kind, parentKind);
  if (links.length === 0) {
    const starters = linksStarting(process, kind).map((l) => describeFactRef(l.from));
    return err({
      code: 'NoResponseLink',
      kind,
      parentKind,
      parent: parentId,
      message: `${names(kind)} (${kind}) cannot start under ${names(parentKind)} '${parentId}': no response link of the model leads from ${parentKind} to [${kind}/request]${starters.length === 0 ? ', and none leads to it at all (request it on its own)' : `; it starts after ${starters.join(' or ')}`}.`,
    });
  }
  const started = parent.children.filter((c) => c.kind === kind && isLive(c)).length;
  let capacity = 0;
  let due = false;
  for (const link of links) {
    const inForce = sourcesOf(process, link, parent).filter((s) =>
      isInForce(s.status, link.from.fact),
    );
    if (inForce.length === 0) continue;
    due = true;
    capacity += inForce.length * upperBound(link.cardinality);
  }
  if (!due) {
    return err({
      code: 'ResponseNotDue',
      kind,
      parent: parentId,
      links: links.map((l) => ({
        from: l.from,
        ...(l.cardinality === undefined ? {} : { cardinality: l.cardinality }),
      })),
      message: `${names(kind)} (${kind}) cannot start under ${names(parentKind)} '${parentId}' yet: it responds to ${links.map((l) => describeFactRef(l.from)).join(' or ')}, not in force now (${links.map((l) => whereNow(process, l, parent, names)).join('; ')}).`,
    });
  }
  if (started >= capacity) {
    const cardinality = links.find((l) => upperBound(l.cardinality) === 1)?.cardinality ?? '1';
    return err({
      code: 'CardinalityExceeded',
      kind,
      parent: parentId,
      cardinality,
      started,
      message: `${names(parentKind)} '${parentId}' already has ${started === 1 ? 'its' : started} ${names(kind)} (${kind}): the response link allows ${capacity === 1 ? 'one' : `at most ${capacity}`} (cardinality '${cardinality}'). A new one may start when that one is quitted, stopped or revoked.`,
    });
  }
  return ok({ bounded: Number.isFinite(capacity) });
}

/** The child kinds that may start under a transaction now, one entry per link and source (pure). */
export function startableChildren(
  process: ProcessLinks,
  parent: ParentView,
): readonly StartableChild[] {
  const parentKind = parent.state.kind;
  if (parentKind === null) return [];
  const result: StartableChild[] = [];
  for (const kind of childKinds(process, parentKind)) {
    const links = linksUnder(process, kind, parentKind);
    const started = parent.children.filter((c) => c.kind === kind && isLive(c)).length;
    let capacityBefore = 0;
    for (const link of links) {
      for (const source of sourcesOf(process, link, parent)) {
        if (!isInForce(source.status, link.from.fact)) continue;
        const bound = upperBound(link.cardinality);
        // Children of the kind fill the sources' capacity in order, the parent's first.
        const used = Math.min(Math.max(started - capacityBefore, 0), bound);
        capacityBefore += bound;
        const remaining = bound - used;
        if (remaining <= 0) continue;
        result.push({
          kind,
          link: {
            from: link.from,
            ...(link.cardinality === undefined ? {} : { cardinality: link.cardinality }),
          },
          source: source.id ?? '',
          remaining: Number.isFinite(remaining) ? remaining : null,
          required: isMandatory(link.cardinality) && used === 0,
        });
      }
    }
  }
  return result;
}

/**
 * The actor who fills a role in a tree, for a child's default addressee: the parent's party in
 * that role, else the nearest ancestor's, else anyone's in the tree (pure).
 */
export function actorInTree(
  role: string,
  parentId: string,
  tree: readonly TransactionState[],
): string | undefined {
  const byId = new Map(tree.flatMap((t) => (t.id === null ? [] : [[t.id, t] as const])));
  const actorOf = (t: TransactionState): string | undefined =>
    [t.initiator, t.executor].find((p) => p?.role === role && p.actor !== undefined)?.actor;
  const seen = new Set<string>();
  for (let id: string | undefined = parentId; id !== undefined && !seen.has(id);) {
    seen.add(id);
    const t = byId.get(id);
    if (t === undefined) break;
    const actor = actorOf(t);
    if (actor !== undefined) return actor;
    id = t.parent?.transactionId;
  }
  for (const t of tree) {
    const actor = actorOf(t);
    if (actor !== undefined) return actor;
  }
  return undefined;
}
