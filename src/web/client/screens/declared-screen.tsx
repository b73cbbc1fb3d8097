/**
 * A screen a model declares in its `dashboard` section, without code: a table of one of its views
 * (columns named by field, formatted by `format`), and/or the request form of a kind.
 */
import {
  isJsonObject,
  type JsonValue,
  type ModelDoc,
  type Page,
  type ScreenColumnDoc,
  type ScreenDoc,
} from '../../../protocol/index.ts';
import { useValueContext } from '../components/payload-view.tsx';
import { fieldTitle, formatScalar } from '../values.ts';
import { href } from '../router.ts';
import type { Session } from '../session.ts';
import { useFetch } from '../use-fetch.ts';
import { RequestForm } from './start.tsx';
import { ColumnHeads } from '../components/column-heads.tsx';
import { insteadOfRows } from '../components/instead-of-rows.tsx';

function at(row: JsonValue, path: string): JsonValue {
  let value: JsonValue = row;
  for (const part of path.split('.')) {
    if (!isJsonObject(value)) return null;
    value = value[part] ?? null;
  }
  return value;
}

function ViewTable(props: { screen: ScreenDoc; view: string }) {
  const context = useValueContext();
  const rows = useFetch<Page<Record<string, JsonValue>>>(
    `/api/views/${encodeURIComponent(props.view)}?order=desc&limit=100`,
  );
  const items = rows.data?.items ?? [];
  const columns: readonly ScreenColumnDoc[] =
    props.screen.columns ?? Object.keys(items[0] ?? {}).map((field) => ({ field }));
  const instead = insteadOfRows(rows, items.length, 'Nothing here yet.');
  if (instead !== null) return instead;
  return (
    <table>
      <ColumnHeads
        columns={columns.map((column) => [
          column.field,
          column.title ?? fieldTitle(column.field.split('.').at(-1) ?? column.field, undefined),
        ])}
      />
      <tbody>
        {items.map((row, index) => (
          <tr key={index}>
            {columns.map((column) => {
              const value = at(row, column.field);
              const text = formatScalar(
                value,
                {
                  ...(column.format === undefined ? {} : { 'x-format': column.format }),
                  ...(column.currency === undefined ? {} : { 'x-currency': column.currency }),
                  ...(typeof value === 'number' && Number.isInteger(value)
                    ? { type: 'integer' }
                    : {}),
                },
                { ...context, parent: row },
              );
              return (
                <td key={column.field}>
                  {column.format === 'transaction' && typeof value === 'string' ? (
                    <a href={href('tx', value)}>{value}</a>
                  ) : (
                    text
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Renders a declared screen. */
export function DeclaredScreen(props: { session: Session; model: ModelDoc; screen: ScreenDoc }) {
  const { screen, model } = props;
  const kind = screen.start === undefined ? undefined : model.transactionKinds[screen.start];
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>{screen.title}</h1>
      {screen.description === undefined ? null : <p class="lead">{screen.description}</p>}
      {screen.view === undefined ? null : (
        <section class="panel" aria-label={screen.title}>
          <ViewTable screen={screen} view={screen.view} />
        </section>
      )}
      {kind === undefined || screen.start === undefined ? null : (
        <RequestForm kindId={screen.start} kind={kind} />
      )}
    </main>
  );
}
