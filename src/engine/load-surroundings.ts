/**
 * Loads what an act's plan needs around its transaction: the parent with its children, the whole
 * tree, the transactions of its entity instance, the ledger positions. Reads only; the plan decides.
 */
import {
  initialTransactionState,
  ledgerKey,
  type LedgerPosition,
  type ParentView,
  type PlanNeeds,
  type Surroundings,
  type TransactionState,
} from '../core/index.ts';
import { entityStreamId, treeStreamId } from './fact-events.ts';
import type { LedgerReader } from './ledger-cache.ts';
import type { LoadedTransaction } from './load-transaction.ts';
import type { EventStore } from './ports/event-store.ts';

/** How the loader reaches the log: transactions (through the engine's cache), streams, ledgers. */
export interface SurroundingsAccess {
  readonly store: EventStore;
  readonly load: (transactionId: string) => Promise<LoadedTransaction>;
  readonly readLedger: LedgerReader;
}

/** A tree deeper than this is taken to be a loop in corrupted data, not a business process. */
const maxDepth = 64;

/** The ids of the transactions a list stream names (children of a parent, or of an entity instance). */
async function listed(
  store: EventStore,
  streamId: string,
): Promise<{ ids: readonly string[]; version: number }> {
  const events = await store.readStream(streamId);
  const ids = events.map((event) => (event.data as { transactionId: string }).transactionId);
  return { ids: [...new Set(ids)], version: events.length };
}

async function states(
  access: SurroundingsAccess,
  ids: readonly string[],
): Promise<TransactionState[]> {
  const loaded = await Promise.all(ids.map((id) => access.load(id)));
  return loaded.map((l) => l.state).filter((s) => s.status !== 'initial');
}

/** A parent with its children and the version of its list of children. */
export async function loadParentView(
  access: SurroundingsAccess,
  parentId: string,
): Promise<ParentView> {
  const [parent, children] = await Promise.all([
    access.load(parentId),
    listed(access.store, treeStreamId(parentId)),
  ]);
  return {
    state: parent.state.status === 'initial' ? initialTransactionState : parent.state,
    children: await states(access, children.ids),
    childListVersion: children.version,
  };
}

/** Every transaction of the tree a transaction belongs to: up to its root, then all under it. */
export async function loadTree(
  access: SurroundingsAccess,
  transactionId: string,
): Promise<readonly TransactionState[]> {
  let root = (await access.load(transactionId)).state;
  for (let depth = 0; root.parent !== null && depth < maxDepth; depth += 1) {
    const up = (await access.load(root.parent.transactionId)).state;
    if (up.status === 'initial') break;
    root = up;
  }
  if (root.id === null) return [];
  const members: TransactionState[] = [root];
  const seen = new Set([root.id]);
  let frontier = [root.id];
  for (let depth = 0; frontier.length > 0 && depth < maxDepth; depth += 1) {
    const lists = await Promise.all(frontier.map((id) => listed(access.store, treeStreamId(id))));
    const ids = lists.flatMap((l) => l.ids).filter((id) => !seen.has(id));
    for (const id of ids) seen.add(id);
    const found = await states(access, ids);
    members.push(...found);
    frontier = found.flatMap((s) => (s.id === null ? [] : [s.id]));
  }
  return members;
}

/** Loads what the plan needs, and nothing else. */
export async function loadSurroundings(
  access: SurroundingsAccess,
  needs: PlanNeeds,
): Promise<Surroundings> {
  const [parent, tree, sameEntity, ledgers] = await Promise.all([
    needs.parent === undefined ? undefined : loadParentView(access, needs.parent),
    needs.treeOf === undefined ? undefined : loadTree(access, needs.treeOf),
    needs.entity === undefined
      ? undefined
      : listed(access.store, entityStreamId(needs.entity.type, needs.entity.id)).then((l) =>
          states(access, l.ids),
        ),
    Promise.all(
      needs.ledgerKeys.map(async ({ ledger, key }) => {
        const { balance, version } = await access.readLedger(ledger, key);
        const position: LedgerPosition = { available: balance.available, version };
        return [ledgerKey(ledger, key), position] as const;
      }),
    ),
  ]);
  return {
    ...(parent === undefined ? {} : { parent }),
    ...(tree === undefined ? {} : { tree }),
    ...(sameEntity === undefined ? {} : { sameEntity }),
    ledgers: new Map(ledgers),
  };
}
