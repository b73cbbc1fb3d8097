/** A role's agenda: the facts awaiting its response, with the acts allowed now as buttons. */
import type { AgendaRow, Page } from '../../../protocol/index.ts';
import { ActBar } from '../components/act-bar.tsx';
import { ParkedPanel } from '../components/parked-panel.tsx';
import { Proposals } from '../components/proposals.tsx';
import { TransactionListRow } from '../components/transaction-list-row.tsx';
import { PayloadSummary } from '../components/payload-view.tsx';
import { formatTime } from '../format.ts';
import { isPersonal, kindName, modelStore, roleName } from '../model.ts';
import type { Session } from '../session.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';
import { actorWord, awaitingWords } from '../words.ts';
import { insteadOfRows } from '../components/instead-of-rows.tsx';

/** The agenda rows of a role as a table with act buttons. */
export function AgendaTable(props: { role: string; kind?: string }) {
  const model = useStore(modelStore);
  const agenda = useFetch<Page<AgendaRow>>(
    `/api/agenda/${encodeURIComponent(props.role)}?limit=200`,
  );
  const rows = (agenda.data?.items ?? []).filter(
    (row) => props.kind === undefined || row.kind === props.kind,
  );
  const instead = insteadOfRows(agenda, rows.length, 'Nothing awaits you.');
  if (instead !== null) return instead;
  return (
    <table class="agenda">
      <thead>
        <tr>
          <th>Transaction</th>
          <th>Status</th>
          <th>Awaiting your response to</th>
          <th>Since</th>
          <th>Terms</th>
          <th>Acts</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <TransactionListRow
            key={row.transactionId}
            model={model}
            id={row.transactionId}
            row={row}
          >
            <td>{awaitingWords(model, row.kind, row.awaiting)}</td>
            <td class="nowrap">{formatTime(row.since)}</td>
            <td class="terms">
              <PayloadSummary
                value={row.terms}
                schema={model?.transactionKinds[row.kind]?.payload}
                max={110}
              />
            </td>
            <td>
              <Proposals row={row} />
              <ActBar
                id={row.transactionId}
                kind={row.kind}
                terms={row.terms}
                acts={row.acts.map((act) => ({ ...act, role: row.role }))}
                subject={`${kindName(model, row.kind)} ${row.transactionId}`}
              />
            </td>
          </TransactionListRow>
        ))}
      </tbody>
    </table>
  );
}

/** The agenda screen of the signed-in role. */
export function AgendaScreen(props: { session: Session }) {
  const model = useStore(modelStore);
  const { role } = props.session;
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>Agenda</h1>
      <p class="lead">
        What awaits <strong>{actorWord(props.session.actor)}</strong> as {roleName(model, role)}:
        each row is a fact to respond to, with the acts allowed now.
      </p>
      <section class="panel" aria-label="Agenda">
        <AgendaTable role={role} />
      </section>
      {isPersonal(model, role) ? null : <ParkedPanel />}
    </main>
  );
}
