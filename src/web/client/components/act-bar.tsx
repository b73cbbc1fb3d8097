/**
 * The acts allowed now on one transaction, as buttons in the model's words. An act that carries
 * data opens its form first: a request again after a decline (prefilled with the declined terms),
 * an execute with the kind's product data, a justification for decline, reject, stop,
 * quit and the revocations. An act held back by a wait link is shown, disabled, with what it waits
 * for. Revocations sit apart, each explained, because they undo what others rely on.
 */
import { useRef, useState } from 'preact/hooks';
import { describeError, newIdempotencyKey, perform } from '../api.ts';
import {
  isJsonObject,
  type ActAnswer,
  type AllowedAct,
  type AllowedAnswer,
  type JsonValue,
  type JsonSchema,
} from '../../../protocol/index.ts';
import { actKey, justifiedActs } from '../format.ts';
import { refreshNow } from '../live.ts';
import { modelStore } from '../model.ts';
import { initialValue, pruneEmpty } from '../schema-values.ts';
import { sessionStore } from '../session.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';
import { actWord, answerExplained, revocationExplained, waitingSentence } from '../words.ts';
import { SchemaFields } from './schema-form.tsx';
import { ErrorAlert } from './error-alert.tsx';

const dangerous = new Set(['decline', 'reject', 'stop', 'revoke', 'refuse', 'quit']);

/** A result's empty times set to now: "paid at", "picked up at" are most often just now (pure given the clock). */
function withNow(schema: JsonSchema, value: JsonValue): JsonValue {
  if (!isJsonObject(value)) return value;
  const out: Record<string, JsonValue> = { ...value };
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    if (property.format === 'date-time' && (out[name] === '' || out[name] === undefined))
      out[name] = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return out;
}

/** The data form an act opens, if any: its schema and starting value. */
function formOf(
  act: AllowedAct,
  kind: { payload?: JsonSchema; productPayload?: JsonSchema; example?: JsonValue } | undefined,
  terms: JsonValue | undefined,
): { schema: JsonSchema; start: JsonValue; title: string } | undefined {
  if (kind === undefined) return undefined;
  if (act.act === 'request' && kind.payload !== undefined)
    return {
      schema: kind.payload,
      start:
        terms === undefined || terms === null
          ? initialValue(kind.payload, kind.example)
          : structuredClone(terms),
      title: 'Terms',
    };
  // The product is produced by execute (its data recorded then); declare states it as it is.
  if (act.act === 'execute' && kind.productPayload !== undefined)
    return {
      schema: kind.productPayload,
      start: withNow(kind.productPayload, initialValue(kind.productPayload, undefined)),
      title: 'Result',
    };
  return undefined;
}

/** Buttons for `acts` on transaction `id` of `kind`; `subject` names it for screen readers. */
export function ActBar(props: {
  id: string;
  kind?: string | undefined;
  terms?: JsonValue | undefined;
  acts: readonly AllowedAct[];
  subject?: string;
  onDone?: (answer: ActAnswer) => void;
}) {
  const session = useStore(sessionStore);
  const model = useStore(modelStore);
  const kindDoc = props.kind === undefined ? undefined : model?.transactionKinds[props.kind];
  const [open, setOpen] = useState<AllowedAct | undefined>(undefined);
  const [justification, setJustification] = useState('');
  const [data, setData] = useState<JsonValue>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  // One key per attempt: a retry of the same attempt (the answer was lost) cannot act twice.
  const attempt = useRef<string | undefined>(undefined);
  const mine = props.acts.filter((a) => a.role === undefined || a.role === session?.role);
  if (mine.length === 0) return null;
  const word = (act: AllowedAct): string => actWord(model, props.kind, act);

  const send = async (act: AllowedAct): Promise<void> => {
    setBusy(true);
    setError(undefined);
    attempt.current ??= newIdempotencyKey();
    const form = formOf(act, kindDoc, props.terms);
    try {
      const answer = await perform<ActAnswer>(
        `/api/transactions/${encodeURIComponent(props.id)}/acts/${act.act}`,
        {
          ...(session === undefined ? {} : { role: act.role ?? session.role }),
          ...(act.revokes === undefined ? {} : { revokes: act.revokes }),
          ...(justification.trim() === '' || !justifiedActs.has(act.act)
            ? {}
            : { justification: justification.trim() }),
          ...(form === undefined ? {} : { payload: pruneEmpty(form.schema, data) }),
        },
        attempt.current,
      );
      attempt.current = undefined;
      setOpen(undefined);
      setJustification('');
      props.onDone?.(answer);
      refreshNow();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const choose = (act: AllowedAct): void => {
    setError(undefined);
    attempt.current = undefined;
    const form = formOf(act, kindDoc, props.terms);
    if (form === undefined && !justifiedActs.has(act.act)) {
      void send(act);
      return;
    }
    if (open !== undefined && actKey(open) === actKey(act)) {
      setOpen(undefined);
      return;
    }
    setData(form?.start ?? null);
    setJustification('');
    setOpen(act);
  };

  const button = (act: AllowedAct) => {
    const waiting = act.waiting ?? [];
    if (waiting.length > 0)
      return (
        <span class="waiting" key={actKey(act)} data-waiting={act.act}>
          <button
            type="button"
            class="btn"
            disabled
            aria-describedby={`wait-${props.id}-${act.act}`}
          >
            {word(act)}
          </button>
          <span class="waiting-why" id={`wait-${props.id}-${act.act}`}>
            {waitingSentence(model, waiting)}
          </span>
        </span>
      );
    return (
      <button
        type="button"
        key={actKey(act)}
        class={`btn ${dangerous.has(act.act) ? 'btn-danger' : 'btn-primary'}`}
        disabled={busy}
        aria-expanded={
          formOf(act, kindDoc, props.terms) !== undefined || justifiedActs.has(act.act)
            ? open === act
            : undefined
        }
        title={
          act.act === 'allow' || act.act === 'refuse'
            ? answerExplained(act.act, act.revokes)
            : undefined
        }
        onClick={() => choose(act)}
      >
        {word(act)}
      </button>
    );
  };

  const main = mine.filter((a) => a.act !== 'revoke');
  const revocations = mine.filter((a) => a.act === 'revoke');
  const form = open === undefined ? undefined : formOf(open, kindDoc, props.terms);
  return (
    <div
      class="act-bar"
      role="group"
      aria-label={`Acts on ${props.subject ?? props.id}`}
      data-transaction={props.id}
    >
      <div class="row">{main.map(button)}</div>
      {revocations.length === 0 ? null : (
        <details class="revocations">
          <summary>Revoke…</summary>
          <ul>
            {revocations.map((act) => (
              <li key={actKey(act)}>
                {button(act)}
                <span class="muted small">
                  {revocationExplained(model, props.kind, act.revokes ?? 'request')}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {open === undefined ? null : (
        <form
          class="act-form"
          aria-label={`${word(open)} ${props.subject ?? props.id}`}
          onSubmit={(event) => {
            event.preventDefault();
            void send(open);
          }}
        >
          {open.act === 'revoke' ? (
            <p class="small">{revocationExplained(model, props.kind, open.revokes ?? 'request')}</p>
          ) : null}
          {form === undefined ? null : (
            <fieldset class="fields">
              <legend>{form.title}</legend>
              <SchemaFields
                schema={form.schema}
                value={data}
                onChange={setData}
                name={`${props.id}-${open.act}`}
              />
            </fieldset>
          )}
          {justifiedActs.has(open.act) ? (
            <label>
              Why? (shown to the other party)
              <textarea
                required
                rows={2}
                value={justification}
                onInput={(event) => setJustification(event.currentTarget.value)}
              />
            </label>
          ) : null}
          <div class="row">
            <button
              type="submit"
              class={`btn ${dangerous.has(open.act) ? 'btn-danger' : 'btn-primary'}`}
              disabled={busy}
            >
              Confirm: {word(open).toLowerCase()}
            </button>
            <button type="button" class="btn" onClick={() => setOpen(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorAlert error={error} scroll />
    </div>
  );
}

/** The acts the signed-in actor may perform on a transaction now, fetched from the server. */
export function AllowedActs(props: {
  id: string;
  subject?: string;
  terms?: JsonValue | undefined;
}) {
  const allowed = useFetch<AllowedAnswer>(
    `/api/transactions/${encodeURIComponent(props.id)}/allowed`,
  );
  if (allowed.data === undefined) return null;
  return (
    <ActBar
      id={props.id}
      kind={allowed.data.kind}
      terms={props.terms}
      acts={allowed.data.allowed}
      {...(props.subject === undefined ? {} : { subject: props.subject })}
    />
  );
}
