/**
 * The audit trail of a transaction tree: every fact in log order as a sentence — who, in which
 * role, when, why — paged by the server, and the whole trail as a CSV or JSON download.
 */
import { useState } from 'preact/hooks';
import { ApiError, describeError, getText } from '../api.ts';
import type { AuditRow, Page } from '../../../protocol/index.ts';
import { listPath, Pager, useListQuery } from '../components/list-controls.tsx';
import { PayloadSummary } from '../components/payload-view.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatTime } from '../format.ts';
import { modelStore } from '../model.ts';
import { href } from '../router.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';
import { factSentence } from '../words.ts';
import { ErrorAlert } from '../components/error-alert.tsx';

const pageSize = 50;

function Download(props: { id: string; format: 'csv' | 'json' }) {
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <>
      <button
        type="button"
        class="btn"
        onClick={() => {
          setError(undefined);
          getText(
            `/api/transactions/${encodeURIComponent(props.id)}/audit?format=${props.format}`,
          ).then(
            (text) => {
              const type = props.format === 'csv' ? 'text/csv' : 'application/json';
              const url = URL.createObjectURL(new Blob([text], { type }));
              const link = document.createElement('a');
              link.href = url;
              link.download = `audit-${props.id}.${props.format}`;
              link.click();
              setTimeout(() => URL.revokeObjectURL(url), 10_000);
            },
            (failure: unknown) =>
              setError(failure instanceof ApiError ? describeError(failure) : String(failure)),
          );
        }}
      >
        Download {props.format.toUpperCase()}
      </button>
      {error === undefined ? null : (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** The audit screen of the tree a transaction belongs to. */
export function AuditScreen(props: { id: string }) {
  const model = useStore(modelStore);
  const { params, cursor } = useListQuery();
  const audit = useFetch<Page<AuditRow>>(
    listPath(`/api/transactions/${encodeURIComponent(props.id)}/audit`, params, cursor, pageSize),
  );
  const rows = audit.data?.items ?? [];
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>Audit trail</h1>
      <p class="lead">
        Every fact of the transaction tree of <a href={href('tx', props.id)}>{props.id}</a>, in the
        order it was recorded. Nothing in it is ever changed: a revocation is a fact of its own.
      </p>
      <div class="row">
        <Download id={props.id} format="csv" />
        <Download id={props.id} format="json" />
      </div>
      <ErrorAlert error={audit.error} />
      <section class="panel" aria-label="Facts">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Status after</th>
              <th scope="col">Why</th>
              <th scope="col">Data</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((fact) => {
              const kind = model?.transactionKinds[fact.kind];
              return (
                <tr key={fact.position} data-fact={fact.type}>
                  <td class="muted">{fact.position}</td>
                  <td class="nowrap">{formatTime(fact.time)}</td>
                  <td>{factSentence(model, fact)}</td>
                  <td>
                    <StatusBadge status={fact.status} />
                  </td>
                  <td>{fact.justification ?? ''}</td>
                  <td class="terms">
                    <PayloadSummary
                      value={fact.payload}
                      schema={fact.act === 'request' ? kind?.payload : kind?.productPayload}
                      max={80}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Pager page={audit.data} shown={rows.length} limit={pageSize} />
      </section>
    </main>
  );
}
