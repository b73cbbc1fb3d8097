/**
 * The PostgreSQL store's schema as versioned migrations: SQL text per version, applied in order,
 * each once, by `migrate`. A migration once released is never edited; a change is a new version.
 */

/** One schema change: a version number and the statements that make it. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements, with `$schema` standing for the quoted schema name. */
  readonly statements: readonly string[];
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'streams, events, idempotency',
    statements: [
      `create table $schema.streams (
        stream_id text primary key,
        version integer not null check (version >= 0),
        metadata jsonb not null default '{}'::jsonb
      )`,
      `create sequence $schema.events_position_seq as bigint`,
      // transaction_id is the writing transaction (xid8, never wraps): readers order by
      // (transaction_id, position) and stop below the oldest running transaction, see the store.
      `create table $schema.events (
        position bigint not null default nextval('$schema.events_position_seq') primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        id text not null unique,
        stream_id text not null references $schema.streams (stream_id),
        version integer not null check (version >= 1),
        type text not null,
        data jsonb not null,
        metadata jsonb not null default '{}'::jsonb,
        recorded_at timestamptz not null default now(),
        unique (stream_id, version)
      )`,
      `alter sequence $schema.events_position_seq owned by $schema.events.position`,
      `create index events_global_order on $schema.events (transaction_id, position)`,
      `create table $schema.idempotency (
        key text primary key,
        result jsonb not null,
        recorded_at timestamptz not null default now()
      )`,
    ],
  },
  {
    version: 2,
    name: 'append functions: one statement per append and per batch',
    statements: [
      // An append's work after its locks: idempotency lookup, version check, writes, notify.
      // VOLATILE (the default): in READ COMMITTED each statement inside takes a fresh snapshot, so
      // after waiting for a lock it sees what the append it waited for committed. A version
      // mismatch raises SQLSTATE FA001 with {streamId, expected, actual} as JSON in the DETAIL.
      // Returns the result as stored for the idempotency key (positions as text), plus `duplicate`.
      `create function $schema.append_locked(parts jsonb, idempotency_key text) returns jsonb
      language plpgsql set search_path = $schema, pg_temp as $body$
      declare
        stored jsonb;
        bases integer[];
        expected jsonb;
        actual integer;
        outcome jsonb;
      begin
        if idempotency_key is not null then
          select i.result into stored from idempotency as i where i.key = idempotency_key;
          if found then
            return stored || '{"duplicate": true}'::jsonb;
          end if;
        end if;
        select array_agg(coalesce(s.version, 0) order by p.ord) into bases
        from jsonb_array_elements(parts) with ordinality as p(part, ord)
        left join streams as s on s.stream_id = p.part->>'streamId';
        for i in 1 .. jsonb_array_length(parts) loop
          expected := parts->(i - 1)->'expectedVersion';
          actual := bases[i];
          if not (
            expected = '"any"'::jsonb
            or (expected = '"no_stream"'::jsonb and actual = 0)
            or (expected = '"stream_exists"'::jsonb and actual > 0)
            or (jsonb_typeof(expected) = 'number' and expected::numeric = actual)
          ) then
            raise exception using
              errcode = 'FA001',
              message = format('Stream %s expected at %s but is at %s.',
                parts->(i - 1)->>'streamId', parts->(i - 1)->>'expectedVersion', actual),
              detail = jsonb_build_object(
                'streamId', parts->(i - 1)->'streamId',
                'expected', expected,
                'actual', case when actual = 0 then '"no_stream"'::jsonb else to_jsonb(actual) end
              )::text;
          end if;
        end loop;
        insert into streams (stream_id, version, metadata)
        select p.part->>'streamId', bases[p.ord] + jsonb_array_length(p.part->'events'),
          coalesce(p.part->'metadata', '{}'::jsonb)
        from jsonb_array_elements(parts) with ordinality as p(part, ord)
        on conflict (stream_id) do update set version = excluded.version;
        -- Positions are handed out in insert order: stream by stream, event by event.
        with inserted as (
          insert into events (id, stream_id, version, type, data, metadata)
          select e.event->>'id', p.part->>'streamId', bases[p.ord] + e.idx::integer,
            e.event->>'type', e.event->'data', coalesce(e.event->'metadata', '{}'::jsonb)
          from jsonb_array_elements(parts) with ordinality as p(part, ord)
          cross join lateral jsonb_array_elements(p.part->'events') with ordinality as e(event, idx)
          order by p.ord, e.idx
          returning position, transaction_id, stream_id, version
        )
        select jsonb_build_object(
          'streams', (
            select jsonb_agg(jsonb_build_object(
              'streamId', p.part->'streamId',
              'nextVersion', bases[p.ord] + jsonb_array_length(p.part->'events'),
              'positions', (
                select jsonb_agg(n.position::text order by n.version)
                from inserted as n where n.stream_id = p.part->>'streamId'
              )
            ) order by p.ord)
            from jsonb_array_elements(parts) with ordinality as p(part, ord)
          ),
          'checkpoint', (select n.transaction_id::text from inserted as n limit 1)
            || ':' || (select max(n.position)::text from inserted as n)
        ) into outcome;
        if idempotency_key is not null then
          insert into idempotency (key, result) values (idempotency_key, outcome);
        end if;
        -- Delivered on commit only; a hint for subscribers, who poll anyway. The channel is the
        -- notifier's NOTIFY_CHANNEL, the payload the schema name.
        perform pg_notify('factum_events', current_schema());
        return outcome || '{"duplicate": false}'::jsonb;
      end
      $body$`,
      // The lock names of an append: its streams and its idempotency key.
      `create function $schema.append_lock_names(parts jsonb, idempotency_key text) returns text[]
      language sql stable set search_path = $schema, pg_temp as $body$
        select array_agg(name) from (
          select 'factum-stream:' || current_schema() || ':' || (p.part->>'streamId') as name
          from jsonb_array_elements(parts) as p(part)
          union all
          select 'factum-idempotency:' || current_schema() || ':' || idempotency_key where idempotency_key is not null
        ) as names
      $body$`,
      // Locks FIRST, all in one statement, distinct and in hash order so that appends cannot
      // deadlock. Advisory locks assign no transaction id; the first write does, so an append that
      // waited for an earlier one to the same stream gets a larger transaction id: the order per
      // stream agrees with the global (transaction_id, position) order. Held to the end of the
      // calling statement's transaction: call it alone, in autocommit, and the commit follows.
      `create function $schema.append_events(parts jsonb, idempotency_key text) returns jsonb
      language plpgsql set search_path = $schema, pg_temp as $body$
      begin
        perform count(pg_advisory_xact_lock(k)) from (
          select distinct hashtextextended(name, 0) as k
          from unnest(append_lock_names(parts, idempotency_key)) as name order by k
        ) as keys;
        return append_locked(parts, idempotency_key);
      end
      $body$`,
      // Group commit in one statement: every lock of the batch first, then each request in a
      // block of its own (a subtransaction: a failing request rolls back only itself). Returns one
      // element per request: {"result": ...} or {"error": {code, message, detail, constraint}}.
      `create function $schema.append_batch(requests jsonb) returns jsonb
      language plpgsql set search_path = $schema, pg_temp as $body$
      declare
        request jsonb;
        answers jsonb := '[]'::jsonb;
        err_state text;
        err_message text;
        err_detail text;
        err_constraint text;
      begin
        perform count(pg_advisory_xact_lock(k)) from (
          select distinct hashtextextended(name, 0) as k
          from jsonb_array_elements(requests) as r(request)
          cross join lateral unnest(append_lock_names(r.request->'parts', r.request->>'key')) as name
          order by k
        ) as keys;
        for request in select r.request from jsonb_array_elements(requests) as r(request) loop
          begin
            answers := answers || jsonb_build_array(jsonb_build_object(
              'result', append_locked(request->'parts', request->>'key')));
          exception when others then
            get stacked diagnostics
              err_state = returned_sqlstate,
              err_message = message_text,
              err_detail = pg_exception_detail,
              err_constraint = constraint_name;
            answers := answers || jsonb_build_array(jsonb_build_object('error', jsonb_build_object(
              'code', err_state, 'message', err_message, 'detail', err_detail,
              'constraint', err_constraint)));
          end;
        end loop;
        return answers;
      end
      $body$`,
    ],
  },
];

/** Quotes an identifier for PostgreSQL (pure). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The statements of a migration for a schema (pure). */
export function migrationStatements(migration: Migration, schema: string): readonly string[] {
  const quoted = quoteIdentifier(schema);
  return migration.statements.map((statement) => statement.replaceAll('$schema', quoted));
}
