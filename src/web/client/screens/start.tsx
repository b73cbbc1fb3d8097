/**
 * Start a transaction: a root one of a kind the role initiates, or a child under its parent (from
 * the parent's page, `?parent=`), with a form generated from the kind's terms schema. When the
 * executor role is personal (a customer), the request is addressed to one of its actors: derived
 * from the tree when the server knows whom (`?addressee=`), else chosen here.
 */
import { useRef, useState } from 'preact/hooks';
import { describeError, newIdempotencyKey, perform } from '../api.ts';
import type { ActAnswer, JsonValue, KindDoc } from '../../../protocol/index.ts';
import { SchemaFields } from '../components/schema-form.tsx';
import { refreshNow } from '../live.ts';
import { isPersonal, kindName, kindsInitiatedBy, modelStore, roleName } from '../model.ts';
import { href, navigate, routeStore } from '../router.ts';
import { initialValue, pruneEmpty } from '../schema-values.ts';
import type { Session } from '../session.ts';
import { useStore } from '../store.ts';
import { actorWord, kindWord } from '../words.ts';
import { ErrorAlert } from '../components/error-alert.tsx';

function AddresseeField(props: { role: string; value: string; onChange: (value: string) => void }) {
  const model = useStore(modelStore);
  const actors = model?.actorRoles[props.role]?.demoActors ?? [];
  const label = `Addressed to (${roleName(model, props.role)})`;
  if (actors.length === 0)
    return (
      <div class="field">
        <label for="addressee">{label}</label>
        <input
          id="addressee"
          type="text"
          required
          value={props.value}
          onInput={(event) => props.onChange(event.currentTarget.value)}
        />
      </div>
    );
  return (
    <div class="field">
      <label for="addressee">{label}</label>
      <select
        id="addressee"
        required
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="">Choose…</option>
        {actors.map((actor) => (
          <option key={actor} value={actor}>
            {actorWord(actor)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The request form of one kind, optionally under a parent transaction. */
export function RequestForm(props: {
  kindId: string;
  kind: KindDoc;
  parent?: string | undefined;
  addressee?: string | undefined;
  initial?: JsonValue;
  onDone?: (answer: ActAnswer) => void;
}) {
  const { kind } = props;
  const model = useStore(modelStore);
  const start = (): JsonValue => props.initial ?? initialValue(kind.payload, kind.example);
  const [value, setValue] = useState<JsonValue>(start);
  const [addressee, setAddressee] = useState(props.addressee ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const attempt = useRef<string | undefined>(undefined);
  const needsAddressee = isPersonal(model, kind.executor) && props.addressee === undefined;
  return (
    <form
      class="panel form"
      aria-label={`Request ${kindName(model, props.kindId)}`}
      onInput={() => {
        attempt.current = undefined;
      }}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        attempt.current ??= newIdempotencyKey();
        const payload = kind.payload === undefined ? value : pruneEmpty(kind.payload, value);
        perform<ActAnswer>(
          '/api/transactions',
          {
            kind: props.kindId,
            ...(kind.payload === undefined && value === null ? {} : { payload }),
            ...(props.parent === undefined ? {} : { parent: props.parent }),
            ...(addressee === '' ? {} : { addressee }),
          },
          attempt.current,
        ).then(
          (answer) => {
            attempt.current = undefined;
            setBusy(false);
            refreshNow();
            if (props.onDone !== undefined) props.onDone(answer);
            else navigate(href('tx', answer.transactionId).slice(1));
          },
          (failure: unknown) => {
            setBusy(false);
            setError(describeError(failure));
          },
        );
      }}
    >
      {needsAddressee ? (
        <AddresseeField role={kind.executor} value={addressee} onChange={setAddressee} />
      ) : null}
      {kind.payload === undefined ? (
        <p class="muted">This kind has no terms to fill in.</p>
      ) : (
        <SchemaFields schema={kind.payload} value={value} onChange={setValue} name="terms" />
      )}
      <ErrorAlert error={error} scroll />
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Request {kindName(model, props.kindId)}
        </button>
        {kind.example === undefined ? null : (
          <button type="button" class="btn" onClick={() => setValue(start())}>
            Reset
          </button>
        )}
      </div>
    </form>
  );
}

/** Kinds a role starts by hand at the root: those no response link starts under a parent (pure). */
export function rootKindsInitiatedBy(
  model: NonNullable<ReturnType<typeof modelStore.get>>,
  role: string,
): [string, KindDoc][] {
  const children = new Set((model.processModel?.responseLinks ?? []).map((link) => link.to.kind));
  return kindsInitiatedBy(model, role).filter(([id]) => !children.has(id));
}

/** The start screen: the kind named in the route (under `parent` when given), or the first root kind. */
export function StartScreen(props: {
  session: Session;
  kindId: string | undefined;
  parent?: string | undefined;
}) {
  const model = useStore(modelStore);
  const route = useStore(routeStore);
  if (model === undefined) return null;
  const kinds =
    props.parent === undefined
      ? rootKindsInitiatedBy(model, props.session.role)
      : kindsInitiatedBy(model, props.session.role);
  const chosen =
    kinds.find(([id]) => id === props.kindId) ??
    (props.parent === undefined ? kinds[0] : undefined);
  if (chosen === undefined) {
    return (
      <main id="main" tabIndex={-1} class="page">
        <h1>Start a transaction</h1>
        <p class="empty">
          As {roleName(model, props.session.role)} you start no transaction of this kind here.
          Transactions that answer another one are started from that one's page.
        </p>
      </main>
    );
  }
  const [id, kind] = chosen;
  const addressee = route.query.get('addressee') ?? undefined;
  return (
    <main id="main" tabIndex={-1} class="page narrow">
      <h1>New {kindName(model, id)}</h1>
      <p class="lead">
        {kind.product === undefined ? null : (
          <>
            Its result: <em>{kind.product}</em>.{' '}
          </>
        )}
        Carried out by the {roleName(model, kind.executor)}
        {addressee === undefined ? '' : ` (${actorWord(addressee)})`}.
        {props.parent === undefined ? null : (
          <>
            {' '}
            Part of <a href={href('tx', props.parent)}>{props.parent}</a>.
          </>
        )}
      </p>
      {props.parent === undefined && kinds.length > 1 ? (
        <nav class="tabs" aria-label="Kinds">
          {kinds.map(([kid]) => (
            <a key={kid} href={href('start', kid)} aria-current={kid === id ? 'page' : undefined}>
              {kindWord(model, kid)}
            </a>
          ))}
        </nav>
      ) : null}
      <RequestForm
        key={`${id}-${props.parent ?? ''}`}
        kindId={id}
        kind={kind}
        parent={props.parent}
        addressee={addressee}
      />
    </main>
  );
}
