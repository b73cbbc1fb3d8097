/**
 * Exports traces over OTLP (HTTP) when the standard OpenTelemetry variables ask for it:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set, `OTEL_TRACES_EXPORTER`
 * not `none`, `OTEL_SDK_DISABLED` not `true`. The SDK is loaded only then; otherwise Factum's spans
 * go to the OpenTelemetry API's no-op tracer and cost nothing. The exporter, the batch processor
 * and the resource read their other `OTEL_*` variables themselves (`OTEL_SERVICE_NAME`, headers, …).
 */

/** Whether the environment asks for OTLP trace export (pure over `env`). */
export function otlpTracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((name) => name.trim());
  if (!exporters.includes('otlp')) return false;
  return (
    (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '') !== '' ||
    (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? '') !== ''
  );
}

/**
 * Starts OTLP trace export when the environment asks for it (impure: registers the global tracer
 * provider); resolves to a function that flushes and stops it, or to undefined when not started.
 */
export async function startOtlpTracing(
  env: NodeJS.ProcessEnv = process.env,
): Promise<(() => Promise<void>) | undefined> {
  if (!otlpTracingWanted(env)) return undefined;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, resources] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const resource = resources
    .resourceFromAttributes({ 'service.name': 'factum' })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return () => provider.shutdown();
}
