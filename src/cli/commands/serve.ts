/** `factum serve`: runs a model as a service — the HTTP API, live updates, metrics, views and agents. */
import { Option, type Command } from 'commander';
import { describeStoreUrl } from '../../app/open-stores.ts';
import { startOtlpTracing } from '../../app/otlp-tracing.ts';
import { defaultDataDir, serve, ServeOptionsError, type ServeOptions } from '../../app/serve.ts';
import { StoreUnavailableError } from '../../engine/ports/store-errors.ts';
import {
  logLevelOption,
  modelOption,
  storeOption,
  type ModelStoreCommandOptions,
} from '../cli-options.ts';
import { defaultSubjectPrefix } from '../../integrations/cloudevents/fact-cloudevent.ts';
import { defaultStreamName, subjectPrefixProblem } from '../../integrations/nats/nats-outbox.ts';
import { defaultInboundStream } from '../../integrations/nats/nats-inbox.ts';
import { exitCodes } from '../exit-codes.ts';
import {
  allowUnknownFactsOption,
  checkLogAgainstModel,
  type CheckLogOptions,
} from '../check-log.ts';
import { loadModelOrReport } from '../load-model-or-exit.ts';
import { withStores } from '../with-stores.ts';
import {
  configOf,
  envHelp,
  fromEnvironment,
  parseChoice,
  parseMilliseconds,
  parsePort,
  parseSwitch,
  resolveSetting,
  SettingError,
  type SettingName,
} from '../settings.ts';

/** Registers the `serve` command. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'serve a model: HTTP API, OpenAPI docs, live updates, metrics; views and agents run in this process',
    )
    .addOption(modelOption('the model (.ts, .yaml, .json)'))
    .addOption(storeOption())
    .addOption(new Option('--port <port>', `port to listen on (${envHelp('port')}; default 3000)`))
    .addOption(
      new Option('--host <host>', `address to listen on (${envHelp('host')}; default 127.0.0.1)`),
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        `where the demo token secret is kept (${envHelp('dataDir')}; default ./data)`,
      ),
    )
    .addOption(
      new Option(
        '--auth <mode>',
        `demo: visitors pick a demo actor; jwt: tokens signed elsewhere (${envHelp('auth')}; default demo)`,
      ).choices(['demo', 'jwt']),
    )
    .addOption(logLevelOption())
    .option(
      '--no-demo-data',
      `do not load the model's demo data (stock, …) on start (${envHelp('demoData')})`,
    )
    .option(
      '--no-rules',
      `do not let the model's action rules act: every act by hand (${envHelp('rules')})`,
    )
    .option(
      '--allow-demo-on-network',
      `let demo sign-in listen on an address other than loopback (${envHelp('allowDemoOnNetwork')})`,
    )
    .addOption(allowUnknownFactsOption())
    .option('--no-metrics', `serve no Prometheus metrics (${envHelp('metrics')})`)
    .option(
      '--metrics-path <path>',
      `where the metrics are served (${envHelp('metricsPath')}; default /metrics)`,
    )
    .option(
      '--metrics-port <port>',
      `serve the metrics on a port of their own (${envHelp('metricsPort')}; default the API's port)`,
    )
    .option(
      '--nats <url>',
      `publish the facts as CloudEvents to NATS JetStream (${envHelp('nats')}; default off)`,
    )
    .option(
      '--nats-stream <name>',
      `the JetStream stream of the facts (${envHelp('natsStream')}; default ${defaultStreamName})`,
    )
    .option(
      '--nats-subject-prefix <prefix>',
      `facts go to <prefix>.<model>.<kind>.<fact> (${envHelp('natsSubjectPrefix')}; default ${defaultSubjectPrefix})`,
    )
    .option(
      '--nats-inbound <subjects>',
      `take other systems' CloudEvents from these subjects (comma-separated) into the model's inbound mappings (${envHelp('natsInbound')}; default inbound.<model>.>, when the model maps any)`,
    )
    .option(
      '--nats-inbound-stream <name>',
      `the JetStream stream of those events, created when missing (${envHelp('natsInboundStream')}; default ${defaultInboundStream})`,
    )
    .option(
      '--lease-ttl <ms>',
      `how long a lease on a view or agent lasts unrenewed: another process sharing the database takes over within about this time of this one dying or freezing (${envHelp('leaseTtl')}; default 5000)`,
    )
    .addHelpText(
      'after',
      `
Token secret: FACTUM_TOKEN_SECRET (HS256), or FACTUM_PUBLIC_KEY (PEM); in demo mode a random secret
is generated and kept in the data folder when neither is set. FACTUM_METRICS_TOKEN makes the
metrics require that bearer token. Every setting may also come from factum.config.{json,yaml,ts}
(see --config); a flag wins over the environment, the environment over the file.

Demo sign-in lets anyone act as any actor: it listens only on loopback unless
--allow-demo-on-network is given. Use --auth jwt for real users.

Exit codes: 2 malformed model or settings, 3 store unavailable.`,
    )
    .action(async (_flags: object, command: Command) => {
      process.exitCode = await run(command);
    });
}

/** The settings of `serve` from its flags, the environment and the configuration file. */
async function settingsOf(
  command: Command,
): Promise<Omit<ServeOptions, 'model'> & { readonly modelPath: string }> {
  const shared = command.opts<ModelStoreCommandOptions>();
  const { config } = await configOf(command);
  const flag = (name: string, label: string) => ({
    given: command.getOptionValueSource(name) === 'cli',
    value: command.getOptionValue(name) as unknown,
    label,
  });
  const text = (value: string): string => value;
  const pick = <T>(
    name: SettingName,
    attribute: string,
    label: string,
    parse: (value: string, where: string) => T,
    file: T | undefined,
    fallback: T,
  ): T => resolveSetting({ name, flag: flag(attribute, label), parse, file, fallback }).value;
  const metricsPort = pick<number | undefined>(
    'metricsPort',
    'metricsPort',
    '--metrics-port',
    parsePort,
    config.metrics?.port,
    undefined,
  );
  const metricsPath = pick(
    'metricsPath',
    'metricsPath',
    '--metrics-path',
    text,
    config.metrics?.path,
    '/metrics',
  );
  if (!metricsPath.startsWith('/'))
    throw new SettingError(`the metrics path '${metricsPath}' must start with /.`);
  const metricsToken = fromEnvironment('metricsToken')?.text ?? config.metrics?.token;
  const tokenSecret = fromEnvironment('tokenSecret')?.text ?? config.tokenSecret;
  const publicKey = fromEnvironment('publicKey')?.text ?? config.publicKey;
  const natsUrl = pick<string | undefined>(
    'nats',
    'nats',
    '--nats',
    text,
    config.nats?.url,
    undefined,
  );
  const natsSubjectPrefix = pick(
    'natsSubjectPrefix',
    'natsSubjectPrefix',
    '--nats-subject-prefix',
    (value, where) => {
      const problem = subjectPrefixProblem(value);
      if (problem !== undefined) throw new SettingError(`${where}: ${problem}`);
      return value;
    },
    config.nats?.subjectPrefix,
    defaultSubjectPrefix,
  );
  const natsStream = pick(
    'natsStream',
    'natsStream',
    '--nats-stream',
    text,
    config.nats?.stream,
    defaultStreamName,
  );
  const natsInbound = pick<readonly string[] | undefined>(
    'natsInbound',
    'natsInbound',
    '--nats-inbound',
    (value) =>
      value
        .split(',')
        .map((subject) => subject.trim())
        .filter((subject) => subject !== ''),
    config.nats?.inbound,
    undefined,
  );
  const natsInboundStream = pick(
    'natsInboundStream',
    'natsInboundStream',
    '--nats-inbound-stream',
    text,
    config.nats?.inboundStream,
    defaultInboundStream,
  );
  const leaseTtlMs = pick<number | undefined>(
    'leaseTtl',
    'leaseTtl',
    '--lease-ttl',
    parseMilliseconds(500),
    undefined,
    undefined,
  );
  return {
    ...(leaseTtlMs === undefined ? {} : { leaseTtlMs }),
    modelPath: shared.model,
    storeUrl: shared.store,
    logLevel: shared.logLevel,
    port: pick('port', 'port', '--port', parsePort, config.port, 3000),
    host: pick('host', 'host', '--host', text, config.host, '127.0.0.1'),
    dataDir: pick('dataDir', 'dataDir', '--data-dir', text, config.dataDir, defaultDataDir),
    authMode: pick(
      'auth',
      'auth',
      '--auth',
      parseChoice(['demo', 'jwt'] as const),
      config.auth,
      'demo',
    ),
    demoData: pick('demoData', 'demoData', '--no-demo-data', parseSwitch, config.demoData, true),
    rules: pick('rules', 'rules', '--no-rules', parseSwitch, config.rules, true),
    allowDemoOnNetwork: pick(
      'allowDemoOnNetwork',
      'allowDemoOnNetwork',
      '--allow-demo-on-network',
      parseSwitch,
      config.allowDemoOnNetwork,
      false,
    ),
    metrics: {
      enabled: pick(
        'metrics',
        'metrics',
        '--no-metrics',
        parseSwitch,
        config.metrics?.enabled,
        true,
      ),
      path: metricsPath,
      ...(metricsPort === undefined ? {} : { port: metricsPort }),
      ...(metricsToken === undefined ? {} : { token: metricsToken }),
    },
    ...(natsUrl === undefined
      ? {}
      : {
          nats: { url: natsUrl, stream: natsStream, subjectPrefix: natsSubjectPrefix },
          natsInbox: {
            url: natsUrl,
            stream: natsInboundStream,
            ...(natsInbound === undefined ? {} : { subjects: natsInbound }),
          },
        }),
    ...(tokenSecret === undefined ? {} : { tokenSecret }),
    ...(publicKey === undefined ? {} : { publicKey }),
  };
}

async function run(command: Command): Promise<number> {
  let settings: Awaited<ReturnType<typeof settingsOf>>;
  try {
    settings = await settingsOf(command);
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    process.stderr.write(`factum: ${error.message}\n`);
    return exitCodes.invalidInput;
  }
  const { modelPath, ...options } = settings;
  const model = await loadModelOrReport(modelPath);
  if (model === undefined) return exitCodes.invalidInput;
  const checked = await withStores(
    options.storeUrl,
    {},
    async ({ store }) =>
      (await checkLogAgainstModel(model, store, command.opts<CheckLogOptions>())) ?? exitCodes.ok,
  );
  if (checked !== exitCodes.ok) return checked;
  // Signals are heard from the start: one during start-up stops the server as soon as it is up.
  let signalled!: () => void;
  const stopRequested = new Promise<void>((resolve) => (signalled = resolve));
  process.once('SIGINT', signalled);
  process.once('SIGTERM', signalled);
  const stopTracing = await startOtlpTracing();
  try {
    const server = await serve({ ...options, model, modelFile: modelPath });
    process.stdout.write(
      `Factum is serving '${model.name}' at ${server.url}  (store ${describeStoreUrl(options.storeUrl)})\n`,
    );
    process.stdout.write(`  API docs: ${server.url}/docs\n`);
    if (server.metricsUrl !== undefined) process.stdout.write(`  metrics:  ${server.metricsUrl}\n`);
    await stopRequested;
    process.stdout.write('Shutting down: draining acts in flight and live clients…\n');
    await server.close();
    await stopTracing?.();
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof ServeOptionsError) {
      process.stderr.write(`factum: ${error.message}\n`);
      return exitCodes.invalidInput;
    }
    if (error instanceof StoreUnavailableError) {
      process.stderr.write(`The store is unavailable: ${error.message}\n`);
      return exitCodes.unavailable;
    }
    throw error;
  }
}
