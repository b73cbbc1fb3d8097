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

/**
 * The PL/pgSQL test that a stream at version `actual` misses the append's `expected` version (the
 * rule of `checkExpectedVersion`), indented by `indent`. One text for the single and batch appends.
 */
function expectedVersionMissed(indent: string): string {
  return [
    'if not (',
    `  expected = '"any"'::jsonb`,
    `  or (expected = '"no_stream"'::jsonb and actual = 0)`,
    `  or (expected = '"stream_exists"'::jsonb and actual > 0)`,
    `  or (jsonb_typeof(expected) = 'number' and expected::numeric = actual)`,
    ') then',
  ]
    .map((line) => indent + line)
    .join('\n');
}

/**
 * The text of `append_locked` (an append's work once its locks are held). Migration 2 created it
 * with `streamVersions` as a join, which the planner ran as a scan of every stream; migration 3
 * replaces it with one index lookup per stream. Kept as one text so the two cannot drift apart.
 */
function appendLockedSql(verb: string, streamVersions: string): string {
  return `${verb} function $schema.append_locked(parts jsonb, idempotency_key text) returns jsonb
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
${streamVersions}
        for i in 1 .. jsonb_array_length(parts) loop
          expected := parts->(i - 1)->'expectedVersion';
          actual := bases[i];
${expectedVersionMissed('          ')}
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
      $body$`;
}

const joinedStreamVersions = `        select array_agg(coalesce(s.version, 0) order by p.ord) into bases
        from jsonb_array_elements(parts) with ordinality as p(part, ord)
        left join streams as s on s.stream_id = p.part->>'streamId';`;

const indexedStreamVersions = `        -- One index lookup per stream: a join let the planner scan the whole table.
        select array_agg(
          coalesce((select s.version from streams as s where s.stream_id = p.part->>'streamId'), 0)
          order by p.ord) into bases
        from jsonb_array_elements(parts) with ordinality as p(part, ord);`;

/**
 * The requests of a batch as rows, in SQL: `req` (one per request, `i` its place), `part` (one per
 * part, `j` its place, `actual` its stream's version now: one index lookup each, fenced by
 * `limit 1` so the planner, which guesses 100 rows from any jsonb function, cannot scan) and `ev`
 * (one per event, `k` its place in the part). One text for the check and the writes of migration 4,
 * released with it: never edit it, write the next migration's own.
 */
const batchRows = `with req as (
          select r.i, r.v->>'key' as key, r.v->'parts' as parts
          from jsonb_array_elements(requests) with ordinality as r(v, i)
        ), part as (
          select req.i, p.j, p.v->>'streamId' as stream_id, p.v->'expectedVersion' as expected,
            coalesce(p.v->'metadata', '{}'::jsonb) as metadata, p.v->'events' as events,
            coalesce(s.version, 0) as actual
          from req
          cross join lateral jsonb_array_elements(req.parts) with ordinality as p(v, j)
          left join lateral (
            select x.version from streams as x where x.stream_id = p.v->>'streamId' limit 1
          ) as s on true
        ), ev as (
          select part.i, part.j, e.k, e.v->>'id' as id, part.stream_id, part.actual + e.k::integer as version,
            e.v->>'type' as type, e.v->'data' as data, coalesce(e.v->'metadata', '{}'::jsonb) as metadata
          from part cross join lateral jsonb_array_elements(part.events) with ordinality as e(v, k)
        )`;

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
      appendLockedSql('create', joinedStreamVersions),
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
  {
    version: 3,
    name: 'appends look streams up by index; a batch is written set by set',
    statements: [
      appendLockedSql('create or replace', indexedStreamVersions),
      // The request-by-request batch stays, for the cases the set-based one hands back to it.
      `alter function $schema.append_batch(jsonb) rename to append_one_by_one`,
      // A batch in a few statements whatever its size: keys, versions and taken event ids read at
      // once, by index; each request checked in memory, in order, against them and against the requests
      // accepted before it (so a failing one changes nothing); then streams, events and keys
      // written one statement each, in request order. The caller holds every lock of the batch.
      // A key sent twice in the batch (SQLSTATE FA002) or an event id taken meanwhile by an
      // append without locks in common (unique violation) is left to append_one_by_one.
      `create function $schema.append_batch_at_once(requests jsonb) returns jsonb
      language plpgsql set search_path = $schema, pg_temp as $body$
      declare
        n integer := jsonb_array_length(requests);
        stored jsonb;
        versions jsonb;
        taken jsonb;
        created jsonb := '{}'::jsonb;
        batch_keys jsonb := '{}'::jsonb;
        answers jsonb[] := '{}'::jsonb[];
        request jsonb;
        parts jsonb;
        part jsonb;
        events jsonb;
        key text;
        stream text;
        expected jsonb;
        actual integer;
        failure jsonb;
        ev_id text[] := '{}';
        ev_stream text[] := '{}';
        ev_version integer[] := '{}';
        ev_type text[] := '{}';
        ev_data jsonb[] := '{}';
        ev_meta jsonb[] := '{}';
        part_req integer[] := '{}';
        part_stream text[] := '{}';
        part_next integer[] := '{}';
        part_first integer[] := '{}';
        part_count integer[] := '{}';
        positions jsonb;
        xid text := pg_current_xact_id()::text;
        results jsonb[];
        streams_out jsonb;
        positions_out jsonb;
        last_position text;
        key_names text[] := '{}';
        key_results jsonb[] := '{}';
        p integer;
      begin
        -- Each lookup is a lateral subquery fenced by 'limit 1', so it stays an index probe per
        -- value: as a join, the planner (which guesses 100 rows from any jsonb function) scans.
        select coalesce(jsonb_object_agg(i.key, i.result), '{}'::jsonb) into stored
        from jsonb_array_elements(requests) as r
        cross join lateral (
          select x.key, x.result from idempotency as x where x.key = r->>'key' limit 1
        ) as i;
        select coalesce(jsonb_object_agg(s.stream_id, s.version), '{}'::jsonb) into versions
        from jsonb_array_elements(requests) as r
        cross join lateral jsonb_array_elements(r->'parts') as q
        cross join lateral (
          select x.stream_id, x.version from streams as x where x.stream_id = q->>'streamId' limit 1
        ) as s;
        select coalesce(jsonb_object_agg(e.id, true), '{}'::jsonb) into taken
        from jsonb_array_elements(requests) as r
        cross join lateral jsonb_array_elements(r->'parts') as q
        cross join lateral jsonb_array_elements(q->'events') as v
        cross join lateral (select x.id from events as x where x.id = v->>'id' limit 1) as e;
        results := array_fill(null::jsonb, array[n]);
        for i in 1 .. n loop
          request := requests->(i - 1);
          parts := request->'parts';
          key := request->>'key';
          if key is not null and stored ? key then
            results[i] := jsonb_build_object('result', (stored->key) || '{"duplicate": true}'::jsonb);
            continue;
          end if;
          if key is not null and batch_keys ? key then
            raise exception using errcode = 'FA002', message = 'A key is sent twice in one batch.';
          end if;
          failure := null;
          for j in 0 .. jsonb_array_length(parts) - 1 loop
            expected := parts->j->'expectedVersion';
            actual := coalesce((versions->>(parts->j->>'streamId'))::integer, 0);
${expectedVersionMissed('            ')}
              failure := jsonb_build_object(
                'code', 'FA001',
                'message', format('Stream %s expected at %s but is at %s.',
                  parts->j->>'streamId', parts->j->>'expectedVersion', actual),
                'detail', jsonb_build_object(
                  'streamId', parts->j->'streamId',
                  'expected', expected,
                  'actual', case when actual = 0 then '"no_stream"'::jsonb else to_jsonb(actual) end
                )::text);
              exit;
            end if;
          end loop;
          if failure is null then
            <<ids>>
            for j in 0 .. jsonb_array_length(parts) - 1 loop
              events := parts->j->'events';
              for k in 0 .. jsonb_array_length(events) - 1 loop
                if taken ? (events->k->>'id') then
                  failure := jsonb_build_object(
                    'code', '23505',
                    'message', 'duplicate key value violates unique constraint "events_id_key"',
                    'detail', format('Key (id)=(%s) already exists.', events->k->>'id'),
                    'constraint', 'events_id_key');
                  exit ids;
                end if;
              end loop;
            end loop;
          end if;
          if failure is not null then
            results[i] := jsonb_build_object('error', failure);
            continue;
          end if;
          for j in 0 .. jsonb_array_length(parts) - 1 loop
            part := parts->j;
            stream := part->>'streamId';
            events := part->'events';
            actual := coalesce((versions->>stream)::integer, 0);
            if not versions ? stream then
              created := created || jsonb_build_object(stream, coalesce(part->'metadata', '{}'::jsonb));
            end if;
            part_req := part_req || i;
            part_stream := part_stream || stream;
            part_first := part_first || (coalesce(array_length(ev_id, 1), 0) + 1);
            part_count := part_count || jsonb_array_length(events);
            part_next := part_next || (actual + jsonb_array_length(events));
            for k in 0 .. jsonb_array_length(events) - 1 loop
              ev_id := ev_id || (events->k->>'id');
              ev_stream := ev_stream || stream;
              ev_version := ev_version || (actual + k + 1);
              ev_type := ev_type || (events->k->>'type');
              ev_data := ev_data || (events->k->'data');
              ev_meta := ev_meta || coalesce(events->k->'metadata', '{}'::jsonb);
              taken := taken || jsonb_build_object(events->k->>'id', true);
            end loop;
            versions := versions || jsonb_build_object(stream, actual + jsonb_array_length(events));
          end loop;
          if key is not null then
            batch_keys := batch_keys || jsonb_build_object(key, i);
          end if;
        end loop;
        if coalesce(array_length(ev_id, 1), 0) > 0 then
          insert into streams (stream_id, version, metadata)
          select t.stream_id, (versions->>t.stream_id)::integer, coalesce(created->t.stream_id, '{}'::jsonb)
          from (select distinct unnest(ev_stream) as stream_id) as t
          on conflict (stream_id) do update set version = excluded.version;
          -- Positions are handed out in insert order: request by request, stream by stream.
          with inserted as (
            insert into events (id, stream_id, version, type, data, metadata)
            select u.id, u.stream_id, u.version, u.type, u.data, u.metadata
            from unnest(ev_id, ev_stream, ev_version, ev_type, ev_data, ev_meta)
              with ordinality as u(id, stream_id, version, type, data, metadata, ord)
            order by u.ord
            returning id, position
          )
          select jsonb_object_agg(n.id, n.position::text) into positions from inserted as n;
          p := 1;
          for i in 1 .. n loop
            if results[i] is not null then
              continue;
            end if;
            streams_out := '[]'::jsonb;
            while p <= coalesce(array_length(part_req, 1), 0) and part_req[p] = i loop
              positions_out := '[]'::jsonb;
              for k in part_first[p] .. part_first[p] + part_count[p] - 1 loop
                positions_out := positions_out || jsonb_build_array(positions->ev_id[k]);
                last_position := positions->>ev_id[k];
              end loop;
              streams_out := streams_out || jsonb_build_array(jsonb_build_object(
                'streamId', part_stream[p], 'nextVersion', part_next[p], 'positions', positions_out));
              p := p + 1;
            end loop;
            results[i] := jsonb_build_object('streams', streams_out, 'checkpoint', xid || ':' || last_position);
            key := requests->(i - 1)->>'key';
            if key is not null then
              key_names := key_names || key;
              key_results := key_results || results[i];
            end if;
            results[i] := jsonb_build_object('result', results[i] || '{"duplicate": false}'::jsonb);
          end loop;
          insert into idempotency (key, result)
          select u.key, u.result from unnest(key_names, key_results) as u(key, result);
          perform pg_notify('factum_events', current_schema());
        end if;
        return to_jsonb(results);
      end
      $body$`,
      `create function $schema.append_batch(requests jsonb) returns jsonb
      language plpgsql set search_path = $schema, pg_temp as $body$
      begin
        -- The names append_lock_names gives, built in this statement: a SQL function call per
        -- request costs more than the locks.
        perform count(pg_advisory_xact_lock(k)) from (
          select distinct hashtextextended(name, 0) as k
          from (
            select 'factum-stream:' || current_schema() || ':' || (q->>'streamId') as name
            from jsonb_array_elements(requests) as r
            cross join lateral jsonb_array_elements(r->'parts') as q
            union all
            select 'factum-idempotency:' || current_schema() || ':' || (r->>'key')
            from jsonb_array_elements(requests) as r
            where r->>'key' is not null
          ) as names
          order by k
        ) as keys;
        begin
          return append_batch_at_once(requests);
        exception when unique_violation or sqlstate 'FA002' then
          -- Rare: written one request at a time below, each in a block of its own. The locks
          -- taken above are held to the end of the transaction; taking them again is a no-op.
          null;
        end;
        return append_one_by_one(requests);
      end
      $body$`,
    ],
  },
  {
    version: 4,
    name: 'a plain batch is checked and written in two statements',
    statements: [
      // The loop of migration 3 stays for the batches that need it: a request that depends on one
      // before it in the batch (the same stream or key), an idempotency key already stored, an event
      // id taken, an expected version missed, a part without events.
      `alter function $schema.append_batch_at_once(jsonb) rename to append_batch_in_order`,
      // The common batch, every request new and on streams of its own, as sets: one statement
      // checks it, one writes streams, events and keys and builds the answers. Both run after
      // append_batch took the batch's locks, each with a fresh snapshot (READ COMMITTED, VOLATILE).
      // The answers are those of append_batch_in_order, field for field.
      // jit off: the planner guesses 100 rows from every jsonb function, so a batch of 32 looks
      // like millions of rows and JIT compilation would take longer than the statement.
      `create function $schema.append_batch_at_once(requests jsonb) returns jsonb
      language plpgsql set search_path = $schema, pg_temp set jit = off as $body$
      declare
        plain boolean;
        answers jsonb;
      begin
        ${batchRows}
        select coalesce(
          (select count(*) = count(distinct stream_id)
              and bool_and(jsonb_typeof(events) = 'array' and jsonb_array_length(events) > 0)
              and bool_and(
                expected is null
                or expected = '"any"'::jsonb
                or (expected = '"no_stream"'::jsonb and actual = 0)
                or (expected = '"stream_exists"'::jsonb and actual > 0)
                or (jsonb_typeof(expected) = 'number' and expected::numeric = actual))
            from part)
          and (select count(*) = count(distinct id) and bool_and(id is not null) from ev)
          and (select count(key) = count(distinct key) from req)
          and not exists (
            select 1 from req
            cross join lateral (select 1 from idempotency as x where x.key = req.key limit 1) as f)
          and not exists (
            select 1 from ev
            cross join lateral (select 1 from events as x where x.id = ev.id limit 1) as f),
          false) into plain;
        if not plain then
          return append_batch_in_order(requests);
        end if;
        ${batchRows}, upserted as (
          insert into streams (stream_id, version, metadata)
          select part.stream_id, part.actual + jsonb_array_length(part.events), part.metadata
          from part
          on conflict (stream_id) do update set version = excluded.version
        ), inserted as (
          -- Positions are handed out in insert order: request by request, part by part.
          insert into events (id, stream_id, version, type, data, metadata)
          select ev.id, ev.stream_id, ev.version, ev.type, ev.data, ev.metadata
          from ev order by ev.i, ev.j, ev.k
          returning id, position
        ), placed as (
          select ev.i, ev.j, ev.stream_id, max(ev.version) as next_version,
            jsonb_agg(n.position::text order by ev.k) as positions, max(n.position) as last_position
          from ev join inserted as n on n.id = ev.id
          group by ev.i, ev.j, ev.stream_id
        ), outcome as (
          select req.i, req.key, jsonb_build_object(
            'streams', jsonb_agg(jsonb_build_object(
              'streamId', placed.stream_id, 'nextVersion', placed.next_version,
              'positions', placed.positions) order by placed.j),
            'checkpoint', pg_current_xact_id()::text || ':' || max(placed.last_position)::text
          ) as result
          from req join placed on placed.i = req.i
          group by req.i, req.key
        ), keyed as (
          insert into idempotency (key, result)
          select outcome.key, outcome.result from outcome where outcome.key is not null
        )
        select jsonb_agg(jsonb_build_object('result', outcome.result || '{"duplicate": false}'::jsonb)
          order by outcome.i) into answers
        from outcome;
        perform pg_notify('factum_events', current_schema());
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
