/**
 * The node-postgres plumbing the store needs: named (prepared) statements, and transactions on a
 * pooled connection that is thrown away rather than reused when its connection broke.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { isConnectionError } from './connection-errors.ts';

/**
 * Makes a pool safe against a server that goes away (impure): an idle connection it drops is replaced,
 * and every connection keeps an error listener of its own for its whole life. Without the latter, a
 * server shutting down (57P01) can send its error in the same packet as the answer that completes a
 * new connection: the pool hands the connection over and removes its idle listener, and the error
 * arrives before the caller could add one — an uncaught exception. The error is not lost: the
 * connection is no longer queryable, its next statement fails, and the pool discards it on release.
 */
export function guardPool(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Something to run a query on: the pool, or a connection checked out of it. */
export type Queryable = pg.Pool | pg.PoolClient;

/** Runs one statement as a named prepared statement and returns its rows (impure). */
export async function query<Row extends object>(
  on: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  // The name derives from the text, so each connection prepares a statement once and reuses it.
  const name = `factum_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const result = await on.query<Row>({ name, text, values: [...values] });
  return result.rows;
}

/**
 * Runs `work` on one pooled connection, then returns the connection to the pool, or destroys it
 * when it broke: when the server terminated it, when a statement failed on the connection itself,
 * or when `work` said so through `broke` (impure).
 */
async function onConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, broke: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // Remembers a connection the server terminated between two statements, so it is not reused.
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client, onError);
  } catch (error) {
    if (isConnectionError(error)) broken = error as Error;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * Runs one statement on a pooled connection outside any explicit transaction (autocommit: the
 * statement is its own transaction, committed before the answer arrives) and returns its rows.
 * Unlike `pool.query`, which throws away the connection on every error, this keeps it unless the
 * connection itself broke, so an expected error (a version conflict) costs no reconnect (impure).
 */
export function queryAlone<Row extends object>(
  pool: pg.Pool,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  return onConnection(pool, (client) => query<Row>(client, text, values));
}

/**
 * Runs `work` in a transaction on one pooled connection: commits when it returns, rolls back when it
 * throws, and destroys the connection instead of returning it when the connection broke (impure).
 * `begin` opens the transaction: `begin`, or `begin` and `set local` statements sent with it.
 */
export function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'begin',
): Promise<T> {
  return onConnection(pool, async (client, broke) => {
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      // A broken connection is destroyed, not rolled back; a rollback that fails breaks it too.
      if (!isConnectionError(error)) {
        await client.query('rollback').catch((rollbackError: unknown) => {
          broke(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
        });
      }
      throw error;
    }
  });
}
