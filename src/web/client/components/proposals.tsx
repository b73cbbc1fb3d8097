/**
 * Proposals of action rules on an agenda row: what the rule would do and why, with a button that
 * performs it (each act once, by its idempotency key) and one that leaves it to the person.
 */
import { useState } from 'preact/hooks';
import { describeError, perform, post } from '../api.ts';
import type { AgendaRow } from '../../../protocol/index.ts';
import { refreshNow } from '../live.ts';
import { modelStore } from '../model.ts';
import { proposalCalls, proposedActSentence, proposedActWords } from '../proposals.ts';
import { useStore } from '../store.ts';
import { actorWord } from '../words.ts';
import { ErrorAlert } from './error-alert.tsx';

/** A reason as a sentence: capitalised, ending in a full stop (pure). */
function sentence(reason: string): string {
  const text = reason.trim();
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The proposals of one agenda row; nothing when there are none. */
export function Proposals(props: { row: AgendaRow }) {
  const model = useStore(modelStore);
  const [busy, setBusy] = useState(false);
  const [dismissed, setDismissed] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const proposals = (props.row.proposals ?? []).filter((p) => !dismissed.includes(p.rule));
  if (proposals.length === 0) return null;
  return (
    <div class="proposals">
      {proposals.map((proposal) => {
        const words = proposal.acts
          .map((act) => proposedActWords(model, act, props.row.kind))
          .join(', then ');
        const what = proposal.acts
          .map((act) => proposedActSentence(model, act, props.row.kind))
          .join(', then ');
        const why = (proposal.reasons ?? []).map(sentence).join(' ');
        return (
          <div class="proposal" key={proposal.rule} data-proposal={proposal.rule}>
            <p class="small">
              <strong>{actorWord(`agent:${proposal.rule}`)} proposes:</strong> {what}.
              {why === '' ? null : ` ${why}`}
            </p>
            {proposal.description === undefined ? null : (
              <p class="small muted">{proposal.description}</p>
            )}
            <div class="row">
              <button
                type="button"
                class="btn btn-primary btn-small"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  setError(undefined);
                  void (async () => {
                    try {
                      for (const call of proposalCalls(
                        proposal,
                        props.row.role,
                        props.row.transactionId,
                      ))
                        await perform(call.path, call.body, call.idempotencyKey);
                      refreshNow();
                    } catch (failure) {
                      setError(describeError(failure));
                    } finally {
                      setBusy(false);
                    }
                  })();
                }}
              >
                Confirm: {words.toLowerCase()}
              </button>
              <button
                type="button"
                class="btn btn-small"
                onClick={() => {
                  setDismissed([...dismissed, proposal.rule]);
                  if (proposal.key !== undefined)
                    post(`/api/proposals/${encodeURIComponent(proposal.key)}/dismiss`).then(
                      () => refreshNow(),
                      (failure: unknown) => setError(describeError(failure)),
                    );
                }}
              >
                Decide myself
              </button>
            </div>
          </div>
        );
      })}
      <ErrorAlert error={error} scroll />
    </div>
  );
}
