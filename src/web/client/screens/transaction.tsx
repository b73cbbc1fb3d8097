/**
 * A transaction tree: the transaction and its children with their statuses and the acts allowed
 * now, and the timeline of every fact of the tree — who, when, why. Clicking a fact shows the
 * statuses as of that position in the log (`?asOf=`).
 */
import type {
  AllowedAnswer,
  AuditRow,
  Page,
  TransactionDetail,
  TransactionRow,
} from '../../../protocol/index.ts';
import { ActBar } from '../components/act-bar.tsx';
import { PayloadView } from '../components/payload-view.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatTime } from '../format.ts';
import { kindName, modelStore } from '../model.ts';
import { factSentence } from '../words.ts';
import { href, navigate } from '../router.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';
import { ErrorAlert } from '../components/error-alert.tsx';

function TreeNode(props: { row: TransactionRow; depth: number; current: string; live: boolean }) {
  const model = useStore(modelStore);
  const { row } = props;
  const name = kindName(model, row.kind);
  const allowed = useFetch<AllowedAnswer>(
    props.live ? `/api/transactions/${encodeURIComponent(row.id)}/allowed` : null,
  );
  const startable = allowed.data?.startable ?? [];
  return (
    <li
      class={`tree-node ${row.id === props.current ? 'current' : ''}`}
      style={{ marginLeft: `${props.depth * 1.5}rem` }}
      data-transaction={row.id}
    >
      <div class="tree-head">
        <a href={href('tx', row.id)}>
          <strong>{name}</strong> <span class="id">{row.id}</span>
        </a>
        <StatusBadge status={row.status} revocation={row.pendingRevocation?.revokes} />
      </div>
      {row.terms === null ? null : (
        <details class="terms-details" open={row.id === props.current}>
          <summary>Terms</summary>
          <PayloadView value={row.terms} schema={model?.transactionKinds[row.kind]?.payload} />
        </details>
      )}
      {allowed.data === undefined ? null : (
        <ActBar
          id={row.id}
          kind={allowed.data.kind ?? row.kind}
          terms={row.terms}
          acts={allowed.data.allowed}
          subject={`${name} ${row.id}`}
        />
      )}
      {startable.length === 0 ? null : (
        <div class="startable" role="group" aria-label={`Start under ${name} ${row.id}`}>
          {startable.map((child) => {
            const childName = kindName(model, child.kind);
            const query = new URLSearchParams({ parent: row.id });
            if (child.addressee !== undefined) query.set('addressee', child.addressee);
            return (
              <a
                key={child.kind}
                class="btn btn-primary"
                href={`${href('start', child.kind)}?${query.toString()}`}
              >
                Request {childName}
                {child.required === true ? ' (due)' : ''}
              </a>
            );
          })}
        </div>
      )}
    </li>
  );
}

function Timeline(props: { rows: readonly AuditRow[]; asOf: string | undefined; id: string }) {
  const model = useStore(modelStore);
  return (
    <ol class="timeline" aria-label="Timeline">
      {props.rows.map((fact) => {
        const selected = props.asOf === fact.position;
        const sentence = factSentence(model, fact, { withId: false });
        const kind = model?.transactionKinds[fact.kind];
        const schema = fact.act === 'request' ? kind?.payload : kind?.productPayload;
        return (
          <li key={fact.position} class={selected ? 'selected' : ''} data-fact={fact.type}>
            <button
              type="button"
              class="fact"
              aria-pressed={selected}
              title="Show the statuses as of this fact"
              onClick={() =>
                navigate(
                  selected
                    ? href('tx', props.id).slice(1)
                    : `${href('tx', props.id).slice(1)}?asOf=${fact.position}`,
                )
              }
            >
              <span class="fact-sentence">{sentence}</span>
              <StatusBadge status={fact.status} />
              <span class="visually-hidden"> Show the statuses as of this fact.</span>
            </button>
            <div class="fact-meta muted small">
              {formatTime(fact.time)} · {fact.transactionId} · #{fact.position}
            </div>
            {fact.justification === undefined ? null : (
              <div class="why">“{fact.justification}”</div>
            )}
            {fact.payload === null ||
            fact.payload === undefined ||
            (typeof fact.payload === 'object' &&
              !Array.isArray(fact.payload) &&
              Object.keys(fact.payload).length === 0) ? null : (
              <details class="terms-details">
                <summary>{fact.act === 'request' ? 'Terms' : 'Data'}</summary>
                <PayloadView value={fact.payload} schema={schema} />
              </details>
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
    <main id="main" tabIndex={-1} class="page">
      <h1>
        {title} <span class="id">{id}</span>
      </h1>
      <p class="page-links">
        <a href={href('audit', id)}>Audit trail of this tree (download CSV or JSON)</a>
      </p>
      {transaction?.parent === null || transaction?.parent === undefined ? null : (
        <p>
          Part of{' '}
          <a href={href('tx', transaction.parent.transactionId)}>
            {kindName(model, transaction.parent.kind)} {transaction.parent.transactionId}
          </a>
        </p>
      )}
      <ErrorAlert error={error} />
      <div class="split">
        <section class="panel" aria-labelledby="tree-title">
          <h2 id="tree-title">{asOf === undefined ? 'Status now' : `Status as of #${asOf}`}</h2>
          {asOf === undefined ? null : (
            <p class="asof" role="status">
              As of {asOfFact === undefined ? `position ${asOf}` : factSentence(model, asOfFact)}
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
          <ErrorAlert error={audit.error} />
          <Timeline rows={audit.data?.items ?? []} asOf={asOf} id={id} />
        </section>
      </div>
    </main>
  );
}
