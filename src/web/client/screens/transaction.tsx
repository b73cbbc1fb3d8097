/**
 * A transaction tree: the transaction and its children with their statuses and the acts allowed
 * now, and the timeline of every fact of the tree — who, when, why. Clicking a fact shows the
 * statuses as of that position in the log (`?asOf=`).
 */
import type { AuditRow, Page, TransactionDetail, TransactionRow } from '../api-types.ts';
import { AllowedActs } from '../components/act-bar.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatTime, summarise } from '../format.ts';
import { kindName, modelStore, roleName } from '../model.ts';
import { href, navigate } from '../router.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';

function TreeNode(props: { row: TransactionRow; depth: number; current: string; live: boolean }) {
  const model = useStore(modelStore);
  const { row } = props;
  const name = row.kindName ?? kindName(model, row.kind);
  return (
    <li
      class={`tree-node ${row.id === props.current ? 'current' : ''}`}
      style={{ marginLeft: `${props.depth * 1.5}rem` }}
      data-transaction={row.id}
    >
      <div class="tree-head">
        <a href={href('tx', row.id)}>
          <strong>{name}</strong> <code>{row.id}</code>
        </a>
        <StatusBadge status={row.status} revocation={row.pendingRevocation?.revokes} />
      </div>
      {row.terms === null ? null : <code class="terms small">{summarise(row.terms, 140)}</code>}
      {props.live ? <AllowedActs id={row.id} subject={`${name} ${row.id}`} /> : null}
    </li>
  );
}

function Timeline(props: { rows: readonly AuditRow[]; asOf: string | undefined; id: string }) {
  const model = useStore(modelStore);
  return (
    <ol class="timeline" aria-label="Timeline">
      {props.rows.map((fact) => {
        const selected = props.asOf === fact.position;
        return (
          <li key={fact.position} class={selected ? 'selected' : ''} data-fact={fact.type}>
            <button
              type="button"
              class="fact"
              aria-pressed={selected}
              aria-label={`${fact.type} at position ${fact.position}: show the statuses as of here`}
              onClick={() =>
                navigate(
                  selected
                    ? href('tx', props.id).slice(1)
                    : `${href('tx', props.id).slice(1)}?asOf=${fact.position}`,
                )
              }
            >
              <span class="fact-pos">#{fact.position}</span>
              <span class="fact-type">{fact.type}</span>
              <StatusBadge status={fact.status} />
            </button>
            <div class="fact-meta">
              <span>
                <strong>{fact.performer.actor}</strong> as {roleName(model, fact.performer.role)} (
                {fact.performer.party})
              </span>
              <span class="muted"> · {formatTime(fact.time)}</span>
              <span class="muted">
                {' '}
                · {kindName(model, fact.kind)} <code>{fact.transactionId}</code>
              </span>
            </div>
            {fact.justification === undefined ? null : (
              <div class="why">“{fact.justification}”</div>
            )}
            {fact.payload === null || fact.act !== 'request' ? null : (
              <code class="terms small">{summarise(fact.payload, 160)}</code>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The tree as of a past position: the server's answer, completed from the audit trail with any
 * transaction of the tree that had facts by then but that the answer leaves out (pure).
 */
export function treeAsOf(
  past: TransactionDetail,
  audit: readonly AuditRow[],
  now: TransactionDetail | undefined,
  asOf: string,
): TransactionRow[] {
  const rows = [...past.children];
  const seen = new Set([past.transaction.id, ...rows.map((row) => row.id)]);
  const latest = new Map<string, AuditRow>();
  for (const fact of audit)
    if (BigInt(fact.position) <= BigInt(asOf)) latest.set(fact.transactionId, fact);
  for (const [id, fact] of latest) {
    if (seen.has(id)) continue;
    rows.push({
      id,
      kind: fact.kind,
      status: fact.status,
      version: 0,
      pendingRevocation: null,
      parent: fact.parent ?? null,
      correlationId: fact.correlationId,
      terms: null,
      updatedAt: fact.time,
      depth: now?.children.find((child) => child.id === id)?.depth ?? 1,
    });
  }
  const order = now?.children.map((child) => child.id) ?? [];
  return rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** The transaction tree screen. */
export function TransactionScreen(props: { id: string; asOf: string | undefined }) {
  const { id, asOf } = props;
  const model = useStore(modelStore);
  const now = useFetch<TransactionDetail>(`/api/transactions/${encodeURIComponent(id)}`);
  const past = useFetch<TransactionDetail>(
    asOf === undefined
      ? null
      : `/api/transactions/${encodeURIComponent(id)}?asOf=${encodeURIComponent(asOf)}`,
  );
  const audit = useFetch<Page<AuditRow>>(`/api/transactions/${encodeURIComponent(id)}/audit`);
  const detail = asOf === undefined ? now.data : past.data;
  const children =
    detail === undefined
      ? []
      : asOf === undefined
        ? detail.children
        : treeAsOf(detail, audit.data?.items ?? [], now.data, asOf);
  const error = now.error ?? (asOf === undefined ? undefined : past.error);
  const transaction = now.data?.transaction;
  const title = transaction === undefined ? id : kindName(model, transaction.kind);
  const asOfFact = audit.data?.items.find((row) => row.position === asOf);
  return (
    <main class="page">
      <h1>
        {title} <code class="id">{id}</code>
      </h1>
      {transaction?.parent === null || transaction?.parent === undefined ? null : (
        <p>
          Part of{' '}
          <a href={href('tx', transaction.parent.transactionId)}>
            {kindName(model, transaction.parent.kind)}{' '}
            <code>{transaction.parent.transactionId}</code>
          </a>
        </p>
      )}
      {error === undefined ? null : (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="split">
        <section class="panel" aria-labelledby="tree-title">
          <h2 id="tree-title">{asOf === undefined ? 'Status now' : `Status as of #${asOf}`}</h2>
          {asOf === undefined ? null : (
            <p class="asof" role="status">
              As of {asOfFact?.type ?? `position ${asOf}`}
              {asOfFact === undefined ? '' : `, ${formatTime(asOfFact.time)}`}.{' '}
              <a href={href('tx', id)}>Back to now</a>
            </p>
          )}
          {detail === undefined ? (
            <p class="muted">Loading…</p>
          ) : (
            <ul class="tree" aria-label="Transaction tree">
              <TreeNode row={detail.transaction} depth={0} current={id} live={asOf === undefined} />
              {children.map((child) => (
                <TreeNode
                  key={child.id}
                  row={child}
                  depth={child.depth ?? 1}
                  current={id}
                  live={asOf === undefined}
                />
              ))}
            </ul>
          )}
        </section>
        <section class="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          <p class="muted small">
            Every fact of this transaction tree. Click one to see the statuses as of it.
          </p>
          {audit.error === undefined ? null : (
            <p class="error" role="alert">
              {audit.error}
            </p>
          )}
          <Timeline rows={audit.data?.items ?? []} asOf={asOf} id={id} />
        </section>
      </div>
    </main>
  );
}
