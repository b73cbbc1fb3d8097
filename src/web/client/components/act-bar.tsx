/**
 * The acts allowed now on one transaction, as buttons. An act that takes a justification (decline,
 * reject, stop, revoke, refuse, quit) first asks for it.
 */
import { useState } from 'preact/hooks';
import { describeError, post } from '../api.ts';
import type { ActAnswer, AllowedAct, AllowedAnswer } from '../api-types.ts';
import { actKey, actLabel, justifiedActs } from '../format.ts';
import { refreshNow } from '../live.ts';
import { sessionStore } from '../session.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';

/** Buttons for `acts` on transaction `id`; `subject` names it for screen readers. */
export function ActBar(props: {
  id: string;
  acts: readonly AllowedAct[];
  subject?: string;
  onDone?: (answer: ActAnswer) => void;
}) {
  const session = useStore(sessionStore);
  const [asking, setAsking] = useState<AllowedAct | undefined>(undefined);
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const mine = props.acts.filter((a) => a.role === undefined || a.role === session?.role);
  if (mine.length === 0) return <span class="muted">—</span>;

  const perform = async (act: AllowedAct, why?: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await post<ActAnswer>(
        `/api/transactions/${encodeURIComponent(props.id)}/acts/${act.act}`,
        {
          ...(session === undefined ? {} : { role: act.role ?? session.role }),
          ...(act.revokes === undefined ? {} : { revokes: act.revokes }),
          ...(why === undefined || why.trim() === '' ? {} : { justification: why.trim() }),
        },
      );
      setAsking(undefined);
      setJustification('');
      props.onDone?.(answer);
      refreshNow();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      class="act-bar"
      role="group"
      aria-label={`Acts on ${props.subject ?? props.id}`}
      data-transaction={props.id}
    >
      {mine.map((act) => (
        <button
          type="button"
          key={actKey(act)}
          class={`btn ${['decline', 'reject', 'stop', 'revoke', 'refuse', 'quit'].includes(act.act) ? 'btn-danger' : 'btn-primary'}`}
          disabled={busy}
          aria-pressed={asking === undefined ? undefined : asking === act}
          onClick={() => {
            if (justifiedActs.has(act.act)) {
              setAsking(asking === act ? undefined : act);
              setError(undefined);
            } else void perform(act);
          }}
        >
          {actLabel(act)}
        </button>
      ))}
      {asking === undefined ? null : (
        <form
          class="justify"
          onSubmit={(event) => {
            event.preventDefault();
            void perform(asking, justification);
          }}
        >
          <label>
            Justification
            <textarea
              required
              rows={2}
              value={justification}
              onInput={(event) => setJustification(event.currentTarget.value)}
              placeholder={`Why ${asking.act}?`}
            />
          </label>
          <div class="row">
            <button type="submit" class="btn btn-danger" disabled={busy}>
              Confirm {actLabel(asking).toLowerCase()}
            </button>
            <button type="button" class="btn" onClick={() => setAsking(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error === undefined ? null : (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The acts the signed-in actor may perform on a transaction now, fetched from the server. */
export function AllowedActs(props: { id: string; subject?: string }) {
  const allowed = useFetch<AllowedAnswer>(
    `/api/transactions/${encodeURIComponent(props.id)}/allowed`,
  );
  if (allowed.data === undefined) return null;
  return (
    <ActBar
      id={props.id}
      acts={allowed.data.allowed}
      {...(props.subject === undefined ? {} : { subject: props.subject })}
    />
  );
}
