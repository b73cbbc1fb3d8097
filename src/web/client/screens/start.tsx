/** Start a transaction of a kind the role initiates, with a form generated from its payload schema. */
import { useState } from 'preact/hooks';
import { describeError, post } from '../api.ts';
import type { ActAnswer, Json, KindDoc } from '../api-types.ts';
import { SchemaFields } from '../components/schema-form.tsx';
import { refreshNow } from '../live.ts';
import { kindsInitiatedBy, modelStore, roleName } from '../model.ts';
import { navigate, href } from '../router.ts';
import { initialValue, pruneEmpty } from '../schema-values.ts';
import type { Session } from '../session.ts';
import { useStore } from '../store.ts';

/** The request form of one kind. */
export function RequestForm(props: { kindId: string; kind: KindDoc }) {
  const { kind } = props;
  const [value, setValue] = useState<Json>(() => initialValue(kind.payload, kind.example));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form
      class="panel form"
      aria-label={`Request a ${kind.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        const payload = kind.payload === undefined ? value : pruneEmpty(kind.payload, value);
        post<ActAnswer>('/api/transactions', {
          kind: props.kindId,
          ...(kind.payload === undefined && value === null ? {} : { payload }),
        }).then(
          (answer) => {
            setBusy(false);
            refreshNow();
            navigate(href('tx', answer.transactionId).slice(1));
          },
          (failure: unknown) => {
            setBusy(false);
            setError(describeError(failure));
          },
        );
      }}
    >
      {kind.payload === undefined ? (
        <p class="muted">This kind has no terms to fill in.</p>
      ) : (
        <SchemaFields schema={kind.payload} value={value} onChange={setValue} name="terms" />
      )}
      {error === undefined ? null : (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Request {kind.name}
        </button>
        <button
          type="button"
          class="btn"
          onClick={() => setValue(initialValue(kind.payload, kind.example))}
        >
          Reset to example
        </button>
      </div>
    </form>
  );
}

/** The start screen: the kind named in the route, or a list of the kinds the role initiates. */
export function StartScreen(props: { session: Session; kindId: string | undefined }) {
  const model = useStore(modelStore);
  if (model === undefined) return null;
  const kinds = kindsInitiatedBy(model, props.session.role);
  const chosen = kinds.find(([id]) => id === props.kindId) ?? kinds[0];
  if (chosen === undefined) {
    return (
      <main class="page">
        <h1>Start a transaction</h1>
        <p class="empty">
          {roleName(model, props.session.role)} initiates no transaction kind by hand.
        </p>
      </main>
    );
  }
  const [id, kind] = chosen;
  return (
    <main class="page narrow">
      <h1>New {kind.name}</h1>
      <p class="lead">
        {kind.label === undefined ? null : <span>{kind.label}: </span>}
        {kind.product === undefined ? null : <em>{kind.product}</em>}. Executed by{' '}
        {roleName(model, kind.executor)}.
      </p>
      {kinds.length > 1 ? (
        <nav class="tabs" aria-label="Kinds">
          {kinds.map(([kid, k]) => (
            <a key={kid} href={href('start', kid)} aria-current={kid === id ? 'page' : undefined}>
              {k.name}
            </a>
          ))}
        </nav>
      ) : null}
      <RequestForm key={id} kindId={id} kind={kind} />
    </main>
  );
}
