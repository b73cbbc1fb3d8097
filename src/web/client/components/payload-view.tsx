/**
 * A payload shown as its schema describes it: objects as labelled fields, arrays of objects as
 * tables, money, dates and the model's own formats as text — never raw JSON.
 */
import {
  isJsonArray,
  isJsonObject,
  type JsonValue,
  type JsonSchema,
} from '../../../protocol/index.ts';
import { modelStore } from '../model.ts';
import { ColumnHeads } from './column-heads.tsx';
import { modelFormats } from '../extension-registry.tsx';
import { useStore } from '../store.ts';
import { fieldTitle, formatScalar, summarisePayload, type ValueContext } from '../values.ts';

function Value(props: { value: JsonValue; schema: JsonSchema | undefined; context: ValueContext }) {
  const { value, schema, context } = props;
  if (isJsonArray(value)) {
    const items = schema?.items;
    if (value.length === 0) return <span class="muted">none</span>;
    if (value.every(isJsonObject)) {
      const names =
        Object.keys(items?.properties ?? {}).length > 0
          ? Object.keys(items?.properties ?? {})
          : [...new Set(value.flatMap((row) => Object.keys(row)))];
      return (
        <table class="payload-table">
          <ColumnHeads
            columns={names.map((name) => [name, fieldTitle(name, items?.properties?.[name])])}
          />
          <tbody>
            {value.map((row, index) => (
              <tr key={index}>
                {names.map((name) => (
                  <td key={name}>
                    <Value
                      value={row[name] ?? null}
                      schema={items?.properties?.[name]}
                      context={{ ...context, parent: row }}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    return <span>{value.map((item) => formatScalar(item, items, context)).join(', ')}</span>;
  }
  if (isJsonObject(value)) {
    const properties = schema?.properties ?? {};
    const names = [
      ...Object.keys(properties).filter((name) => value[name] !== undefined),
      ...Object.keys(value).filter((name) => !Object.hasOwn(properties, name)),
    ];
    return (
      <dl class="payload">
        {names.map((name) => (
          <div key={name} class="payload-field">
            <dt>{fieldTitle(name, properties[name])}</dt>
            <dd>
              <Value
                value={value[name] ?? null}
                schema={properties[name]}
                context={{ ...context, parent: value }}
              />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{formatScalar(value, schema, context)}</span>;
}

/** The formatting context of the loaded model: its currency and its own formats. */
export function useValueContext(): ValueContext {
  const model = useStore(modelStore);
  return { currency: model?.dashboard?.currency, formats: modelFormats() };
}

/** A payload in full, by its schema. */
export function PayloadView(props: {
  value: JsonValue | undefined;
  schema: JsonSchema | undefined;
}) {
  const context = useValueContext();
  if (props.value === undefined || props.value === null) return null;
  return <Value value={props.value} schema={props.schema} context={context} />;
}

/** A payload on one line, for a table cell (the full view is on the transaction's page). */
export function PayloadSummary(props: {
  value: JsonValue | undefined;
  schema: JsonSchema | undefined;
  max?: number;
}) {
  const context = useValueContext();
  const text = summarisePayload(props.value, props.schema, context, props.max ?? 160);
  return text === '' ? <span class="muted">—</span> : <span class="summary">{text}</span>;
}
