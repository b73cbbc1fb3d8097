import { describe, expect, it } from 'vitest';
import { otlpTracingWanted } from './otlp-tracing.ts';

describe('OTLP trace export', () => {
  it('starts only when an OTLP endpoint is set and neither the SDK nor the exporter is turned off', () => {
    expect(otlpTracingWanted({})).toBe(false);
    expect(otlpTracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(
      otlpTracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }),
    ).toBe(true);
    expect(
      otlpTracingWanted({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toBe(false);
    expect(
      otlpTracingWanted({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_TRACES_EXPORTER: 'none',
      }),
    ).toBe(false);
  });
});
