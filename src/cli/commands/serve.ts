/** `factum serve`: runs a model as a service — the HTTP API, live updates, views and agents. */
import { Option, type Command } from 'commander';
import { defaultStoreUrl, describeStoreUrl } from '../../app/open-stores.ts';
import { defaultDataDir, serve } from '../../app/serve.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import { exitCodes } from '../exit-codes.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';

interface ServeFlags {
  readonly model: string;
  readonly store?: string;
  readonly port: string;
  readonly host: string;
  readonly dataDir: string;
  readonly auth: 'demo' | 'jwt';
  readonly logLevel: string;
  readonly demoData: boolean;
}

/** Registers the `serve` command. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'serve a model: HTTP API, OpenAPI docs, live updates; views and agents run in this process',
    )
    .addOption(
      new Option('--model <path>', 'the model (.ts, .yaml, .json)')
        .env('FACTUM_MODEL')
        .default('examples/shop/model.ts'),
    )
    .addOption(
      new Option(
        '--store <url>',
        `sqlite:<file>, postgres://… or memory: (default ${defaultStoreUrl})`,
      ).env('DATABASE_URL'),
    )
    .addOption(new Option('--port <port>', 'port to listen on').env('PORT').default('3000'))
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default('127.0.0.1'))
    .addOption(
      new Option('--data-dir <dir>', 'where the demo token secret is kept')
        .env('FACTUM_DATA_DIR')
        .default(defaultDataDir),
    )
    .addOption(
      new Option('--auth <mode>', 'demo: visitors pick a demo actor; jwt: tokens signed elsewhere')
        .choices(['demo', 'jwt'])
        .env('FACTUM_AUTH')
        .default('demo'),
    )
    .addOption(new Option('--log-level <level>', 'pino log level').env('LOG_LEVEL').default('info'))
    .addOption(
      new Option('--no-demo-data', "do not load the model's demo data (stock, …) on start"),
    )
    .addHelpText(
      'after',
      '\nToken secret: FACTUM_TOKEN_SECRET (HS256), or FACTUM_PUBLIC_KEY (PEM); in demo mode a random\nsecret is generated and kept in the data folder when neither is set.\nExit codes: 2 malformed model or options, 3 store unavailable.',
    )
    .action(async (flags: ServeFlags) => {
      process.exitCode = await run(flags);
    });
}

async function run(flags: ServeFlags): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port: '${flags.port}' is not a port number\n`);
    return exitCodes.invalidInput;
  }
  const model = await loadModelOrReport(flags.model);
  if (model === undefined) return exitCodes.invalidInput;
  const storeUrl = flags.store ?? defaultStoreUrl;
  try {
    const server = await serve({
      model,
      storeUrl,
      port,
      host: flags.host,
      dataDir: flags.dataDir,
      authMode: flags.auth,
      logLevel: flags.logLevel,
      demoData: flags.demoData,
      ...(process.env.FACTUM_TOKEN_SECRET === undefined
        ? {}
        : { tokenSecret: process.env.FACTUM_TOKEN_SECRET }),
      ...(process.env.FACTUM_PUBLIC_KEY === undefined
        ? {}
        : { publicKey: process.env.FACTUM_PUBLIC_KEY }),
    });
    process.stdout.write(
      `Factum is serving '${model.name}' at ${server.url}  (store ${describeStoreUrl(storeUrl)})\n`,
    );
    process.stdout.write(`  API docs: ${server.url}/docs\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.stdout.write('Shutting down: draining acts in flight…\n');
        void server.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      process.stderr.write(`The store is unavailable: ${error.message}\n`);
      return exitCodes.unavailable;
    }
    throw error;
  }
}
