/**
 * Search, filters, sorting and cursor paging for a list screen, kept in the address (`#/…?q=…`)
 * so a filtered list can be bookmarked, shared and gone back to. The server filters and pages; the
 * screen only says what it wants.
 */
import { useState } from 'preact/hooks';
import { startedStatuses, type ModelDoc, type Page } from '../../../protocol/index.ts';
import { navigate, routeStore } from '../router.ts';
import { useStore } from '../store.ts';
import { kindWord, roleWord, statusWord } from '../words.ts';

/** What a list screen may let its user filter by. */
export interface ListFilters {
  readonly kinds?: boolean;
  readonly statuses?: boolean;
  readonly roles?: boolean;
  readonly actor?: boolean;
  readonly period?: boolean;
  /** Sort fields with their labels, the first the default. */
  readonly sorts: readonly (readonly [string, string])[];
}

const listKeys = ['q', 'kind', 'status', 'role', 'actor', 'from', 'to', 'sort', 'order'];

/** The list's query from the address: the API's parameters, and the cursor of the page shown. */
export function useListQuery(): {
  params: URLSearchParams;
  cursor: string | undefined;
  cursors: string[];
} {
  const route = useStore(routeStore);
  const params = new URLSearchParams();
  for (const key of listKeys) {
    const value = route.query.get(key);
    if (value !== null && value !== '') params.set(key, value);
  }
  const cursors = (route.query.get('pages') ?? '').split(' ').filter((c) => c !== '');
  return { params, cursor: cursors.at(-1), cursors };
}

/** Goes to the same list with other parameters (impure: changes the address). */
export function setListQuery(params: URLSearchParams, cursors: readonly string[] = []): void {
  const route = routeStore.get();
  const next = new URLSearchParams(params);
  if (cursors.length > 0) next.set('pages', cursors.join(' '));
  const query = next.toString();
  navigate(query === '' ? route.path : `${route.path}?${query}`);
}

type Options = readonly (readonly [string, string])[];

/** The model's transaction kinds as a filter's options, by their words. */
const kindOptions = (model: ModelDoc): Options =>
  Object.keys(model.transactionKinds).map((id) => [id, kindWord(model, id)]);

/** The statuses a started transaction may have as a filter's options. */
const statusOptions: Options = startedStatuses.map((status) => [status, statusWord(status)]);

/** The model's actor roles as a filter's options, by their words. */
const roleOptions = (model: ModelDoc): Options =>
  Object.keys(model.actorRoles).map((id) => [id, roleWord(model, id)]);

/** The filter bar. */
export function ListControls(props: { model: ModelDoc; filters: ListFilters; label: string }) {
  const { params } = useListQuery();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const { model, filters } = props;
  const change = (key: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(key);
    else next.set(key, value);
    setListQuery(next);
  };
  const select = (key: string, label: string, options: Options) => (
    <div class="filter">
      <label for={`filter-${key}`}>{label}</label>
      <select
        id={`filter-${key}`}
        value={params.get(key) ?? ''}
        onChange={(event) => change(key, event.currentTarget.value)}
      >
        <option value="">All</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      class="list-controls"
      role="search"
      aria-label={`Search and filter ${props.label}`}
      onSubmit={(event) => {
        event.preventDefault();
        change('q', search.trim());
      }}
    >
      <label class="filter grow">
        Search
        <input
          type="search"
          value={search}
          placeholder="Id, terms, anything…"
          onInput={(event) => setSearch(event.currentTarget.value)}
        />
      </label>
      {filters.kinds === true ? select('kind', 'Kind', kindOptions(model)) : null}
      {filters.statuses === true ? select('status', 'Status', statusOptions) : null}
      {filters.roles === true ? select('role', 'Role', roleOptions(model)) : null}
      {filters.actor === true ? (
        <label class="filter">
          Actor
          <input
            type="text"
            size={10}
            value={params.get('actor') ?? ''}
            onChange={(event) => change('actor', event.currentTarget.value.trim())}
          />
        </label>
      ) : null}
      {filters.period === true ? (
        <>
          <label class="filter">
            From
            <input
              type="date"
              value={params.get('from') ?? ''}
              onChange={(event) => change('from', event.currentTarget.value)}
            />
          </label>
          <label class="filter">
            To
            <input
              type="date"
              value={params.get('to') ?? ''}
              onChange={(event) => change('to', event.currentTarget.value)}
            />
          </label>
        </>
      ) : null}
      <div class="filter">
        <label for="filter-sort">Sort by</label>
        <select
          id="filter-sort"
          value={`${params.get('sort') ?? filters.sorts[0]?.[0] ?? ''}:${params.get('order') ?? 'desc'}`}
          onChange={(event) => {
            const [sort = '', order = 'desc'] = event.currentTarget.value.split(':');
            const next = new URLSearchParams(params);
            next.set('sort', sort);
            next.set('order', order);
            setListQuery(next);
          }}
        >
          {filters.sorts.flatMap(([field, text]) => [
            <option key={`${field}:desc`} value={`${field}:desc`}>
              {text}, descending
            </option>,
            <option key={`${field}:asc`} value={`${field}:asc`}>
              {text}, ascending
            </option>,
          ])}
        </select>
      </div>
      <button type="submit" class="btn">
        Search
      </button>
      {[...params.keys()].length === 0 ? null : (
        <button
          type="button"
          class="btn"
          onClick={() => {
            setSearch('');
            setListQuery(new URLSearchParams());
          }}
        >
          Clear
        </button>
      )}
    </form>
  );
}

/**
 * Previous / next page buttons over cursors, with the range shown; nothing until the first page has
 * come.
 */
export function Pager(props: {
  page: Pick<Page<unknown>, 'total' | 'nextCursor'> | undefined;
  shown: number;
  limit: number;
}) {
  const { params, cursors } = useListQuery();
  if (props.page === undefined) return null;
  const { total, nextCursor } = props.page;
  const first = cursors.length * props.limit + 1;
  return (
    <nav class="pager" aria-label="Pages">
      <span class="muted small" role="status">
        {total === 0 ? 'Nothing matches.' : `${first}–${first + props.shown - 1} of ${total}`}
      </span>
      <button
        type="button"
        class="btn btn-small"
        disabled={cursors.length === 0}
        onClick={() => setListQuery(params, cursors.slice(0, -1))}
      >
        Previous
      </button>
      <button
        type="button"
        class="btn btn-small"
        disabled={nextCursor === undefined}
        onClick={() => nextCursor !== undefined && setListQuery(params, [...cursors, nextCursor])}
      >
        Next
      </button>
    </nav>
  );
}

/** The API path of a list with the address's filters, sort, page size and cursor (pure given its inputs). */
export function listPath(
  base: string,
  params: URLSearchParams,
  cursor: string | undefined,
  limit: number,
  defaults: Record<string, string> = {},
): string {
  const query = new URLSearchParams(defaults);
  for (const [key, value] of params) query.set(key, value);
  query.set('limit', String(limit));
  if (cursor !== undefined) query.set('cursor', cursor);
  return `${base}${base.includes('?') ? '&' : '?'}${query.toString()}`;
}
