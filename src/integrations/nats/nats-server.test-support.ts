/**
 * Starts a private `nats-server -js` on a free port with a temporary store, so a test can stop and
 * restart it. Without `nats-server` on the PATH the NATS tests are skipped (and say so), unless
 * FACTUM_REQUIRE_NATS=1 (CI), which makes them run and fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const found = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
/** True when `nats-server` can be run here. */
export const haveNatsServer = found.status === 0;
/** True when NATS tests must run (CI). */
export const natsRequired = process.env['FACTUM_REQUIRE_NATS'] === '1';
/** Whether the NATS tests of a file run. */
export const runNatsTests = haveNatsServer || natsRequired;
if (!runNatsTests)
  console.log('skipped: NATS tests — nats-server is not on the PATH (apt install nats-server)');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A nats-server of a test's own. */
export interface TestNatsServer {
  readonly url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts a JetStream-enabled nats-server on a free port with a temporary store directory. */
export async function startNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'factum-nats-'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const started = spawn(
      'nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Server is ready')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${output}`)));
      started.once('error', reject);
    });
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The `Nats-Msg-Id` of every message a stream holds, in stream order (impure). */
export async function streamMessageIds(url: string, stream: string): Promise<string[]> {
  const connection = await connect({ servers: url });
  try {
    const info = await (await jetstreamManager(connection)).streams.info(stream);
    const ids: string[] = [];
    if (info.state.messages === 0) return ids;
    const consumer = await jetstream(connection).consumers.get(stream);
    const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 5000 });
    for await (const message of messages) {
      ids.push(message.headers?.get('Nats-Msg-Id') ?? '');
      if (ids.length === info.state.messages) break;
    }
    return ids;
  } finally {
    await connection.close();
  }
}
