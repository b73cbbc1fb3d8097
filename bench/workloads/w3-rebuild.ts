/**
 * W3: view catch-up — rebuild of the built-in views from a log of realistic facts on SQLite and
 * PostgreSQL, in a child process whose peak RSS is read; beside the raw ordered read of the same
 * log and Emmett's PostgreSQL consumer catching up over as many events.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStores } from '../../src/app/open-stores.ts';
import type { BenchContext } from '../lib/context.ts';
import { runChild } from '../lib/child.ts';
import { emmettPostgresCatchUp } from '../lib/emmett.ts';
import { fillLog } from '../lib/fill-log.ts';
import { measureRow, measureRowSafely } from '../lib/measure.ts';
import { loadMinimalModel } from '../lib/minimal-model.ts';
import {
  dropDatabase,
  dropSchema,
  freshSchemaName,
  scratchDatabase,
  withSchema,
} from '../lib/postgres.ts';
import { rawPgOrderedRead } from '../lib/raw-postgres.ts';
import { rawSqliteOrderedRead, removeSqliteFiles } from '../lib/raw-sqlite.ts';
import { boundCheck, formatNumber, ratioCheck, type Row } from '../lib/results.ts';
import { now, type RepOutcome } from '../lib/stats.ts';

const childScript = fileURLToPath(new URL('./w3-rebuild-child.ts', import.meta.url));

/** Rebuilds in a child process: facts/s and peak RSS (MB) as the extra figure (impure). */
export async function rebuildInChild(storeUrl: string): Promise<RepOutcome> {
  const line = await runChild(childScript, [storeUrl]);
  const { facts, ms, maxRssMb } = JSON.parse(line) as {
    facts: number;
    ms: number;
    maxRssMb: number;
  };
  return { count: facts, ms, extra: maxRssMb };
}

/** Fills a store URL's log with `facts` facts and logs the fill rate (impure). */
async function fill(context: BenchContext, storeUrl: string, facts: number): Promise<void> {
  const model = await loadMinimalModel();
  const stores = await openStores(storeUrl);
  try {
    const start = now();
    const appended = await fillLog(stores.store, model, 'w3', facts);
    const ms = now() - start;
    context.log(
      `W3 filled ${appended} facts in ${(ms / 1000).toFixed(1)} s (${formatNumber(appended / (ms / 1000))} facts/s)`,
    );
  } finally {
    await stores.close();
  }
}

function checks(
  context: BenchContext,
  scenario: string,
  factum: Row,
  limit: Row,
  emmett: Row | undefined,
): void {
  context.results.check(
    ratioCheck('W3', `${scenario}: Factum ≥ 30% of raw ordered read`, factum, limit, 0.3),
  );
  context.results.check(
    boundCheck('W3', `${scenario}: peak RSS < 300 MB`, factum.summary?.extra, { max: 300 }, 'MB'),
  );
  if (emmett !== undefined) {
    context.results.check(
      ratioCheck('W3', `${scenario}: Factum ≥ 20× Emmett consumer catch-up`, factum, emmett, 20),
    );
  }
}

/** Measures Factum's rebuild of the built-in views over a filled store, in a child process (impure). */
function measureFactumRebuild(
  context: BenchContext,
  scenario: string,
  storeUrl: string,
): ReturnType<typeof measureRow> {
  return measureRow(
    context,
    {
      workload: 'W3',
      scenario,
      subject: 'factum',
      what: 'ProjectionRunner.rebuild() of builtin views, child process',
      unit: 'facts/s',
      extraLabel: 'peak RSS MB',
    },
    () => rebuildInChild(storeUrl),
  );
}

/** Runs W3 on SQLite and PostgreSQL and checks its targets (impure). */
export async function runW3(context: BenchContext): Promise<void> {
  const workload = 'W3';
  const { sqlite: sqliteFacts, postgres: pgFacts } = context.sizes.w3Facts;
  {
    const file = join(context.tmp, 'w3.db');
    const storeUrl = `sqlite:${file}`;
    await fill(context, storeUrl, sqliteFacts);
    const scenario = `SQLite, ${formatNumber(sqliteFacts)} facts`;
    const factum = await measureFactumRebuild(context, scenario, storeUrl);
    const limit = await measureRow(
      context,
      {
        workload,
        scenario,
        subject: 'limit',
        what: 'raw better-sqlite3 read of the same log in order + JSON.parse',
        unit: 'events/s',
      },
      () => rawSqliteOrderedRead(file),
    );
    context.results.add({
      workload,
      scenario,
      subject: 'emmett',
      what: 'consumer catch-up',
      unit: 'events/s',
      unavailable: 'n/a (Emmett SQLite consumer not measured)',
    });
    checks(context, 'SQLite', factum, limit, undefined);
    removeSqliteFiles(file);
  }
  const url = context.pgUrl;
  if (url === undefined) {
    context.results.add({
      workload,
      scenario: 'PostgreSQL',
      subject: 'factum',
      what: '-',
      unit: 'facts/s',
      unavailable: 'no PostgreSQL',
    });
    return;
  }
  const schema = freshSchemaName('w3');
  const storeUrl = withSchema(url, schema);
  try {
    await fill(context, storeUrl, pgFacts);
    const scenario = `PostgreSQL, ${formatNumber(pgFacts)} facts`;
    const factum = await measureFactumRebuild(context, scenario, storeUrl);
    const limit = await measureRow(
      context,
      {
        workload,
        scenario,
        subject: 'limit',
        what: 'raw read of the same log in order (postgres cursor 5000)',
        unit: 'events/s',
      },
      () => rawPgOrderedRead(url, schema),
    );
    const catchUp = await emmettPostgresCatchUp();
    const database = `factum_bench_emmett_w3_${process.pid}`;
    let emmett: Row;
    if (typeof catchUp === 'string') {
      emmett = await measureRow(
        context,
        { workload, scenario, subject: 'emmett', what: 'consumer catch-up', unit: 'events/s' },
        catchUp,
      );
    } else {
      const emmettUrl = await scratchDatabase(url, database);
      try {
        emmett = await measureRowSafely(
          context,
          {
            workload,
            scenario,
            subject: 'emmett',
            what: 'consumer+reactor catch-up from BEGINNING, batch 1000, no pull pause',
            unit: 'events/s',
          },
          () => catchUp(emmettUrl, pgFacts),
        );
      } finally {
        await dropDatabase(url, database);
      }
    }
    checks(context, 'PostgreSQL', factum, limit, emmett);
  } finally {
    await dropSchema(url, schema);
  }
}
