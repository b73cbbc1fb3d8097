/** Rule runs the agent gave up on, with their errors and a Retry button (operators only). */
import { useState } from 'preact/hooks';
import { describeError, post } from '../api.ts';
import type { Page, ParkedRow } from '../../../protocol/index.ts';
import { formatTime } from '../format.ts';
import { refreshNow } from '../live.ts';
import { href } from '../router.ts';
import { useFetch } from '../use-fetch.ts';
import { ErrorAlert } from './error-alert.tsx';

/** Lists the parked rule runs; shows nothing when there are none. */
export function ParkedPanel() {
  const parked = useFetch<Page<ParkedRow>>('/api/parked');
  const [error, setError] = useState<string | undefined>(undefined);
  const rows = parked.data?.items ?? [];
  if (rows.length === 0 && error === undefined) return null;
  return (
    <section class="panel" aria-labelledby="parked-title">
      <h2 id="parked-title">Parked rule errors</h2>
      <p class="muted">Rules that failed every attempt. Fix the cause, then retry.</p>
      <ErrorAlert error={error} />
      <table>
        <thead>
          <tr>
            <th>Rule</th>
            <th>Fact</th>
            <th>Error</th>
            <th>Attempts</th>
            <th>Parked</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>{row.rule}</td>
              <td>
                <a href={href('tx', row.fact.transactionId)}>{row.fact.type}</a>
              </td>
              <td class="error-text">{row.error}</td>
              <td>{row.attempts}</td>
              <td>{formatTime(row.parkedAt)}</td>
              <td>
                <button
                  type="button"
                  class="btn"
                  onClick={() => {
                    setError(undefined);
                    post(`/api/parked/${encodeURIComponent(row.key)}/retry`).then(
                      () => refreshNow(),
                      (failure: unknown) => setError(describeError(failure)),
                    );
                  }}
                >
                  Retry
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
