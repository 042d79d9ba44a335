// OpenTelemetry tracing, when configured (config.ts: OTEL_*): the SDK's own NodeSDK, which reads the
// standard variables itself (exporter protocol and endpoint, headers, sampler, batching, resource),
// so this file only decides what it is given and where its own complaints go. The spans themselves
// are made where the work is: transport/call-tracing.ts (one per call, one per Watch batch) and
// app/store-spans.ts (commit, catch-up, snapshot).
import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Config } from './config';

export interface RunningTracing {
  /** Sends what is still batched, waiting at most `ms`; then stops. */
  shutdown(ms: number): Promise<void>;
}

/** The SDK's diagnostics (an export that failed, a bad variable) as JSON lines of our own log. */
function diagnosticsTo(logger: Logger): DiagLogger {
  const log = logger.child({ component: 'opentelemetry' });
  const line = (message: string, args: unknown[]): string => [message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a)))].join(' ');
  return {
    error: (message, ...args) => log.error(line(message, args)),
    warn: (message, ...args) => log.warn(line(message, args)),
    info: (message, ...args) => log.debug(line(message, args)),
    debug: (message, ...args) => log.debug(line(message, args)),
    verbose: (message, ...args) => log.trace(line(message, args)),
  };
}

/**
 * Starts the SDK (a tracer provider, the W3C propagator, an AsyncLocalStorage context manager) and
 * nothing else: metrics stay on /metrics (Prometheus) and logs on stdout, so the SDK gets no metric
 * readers, no log processors and no auto-instrumentations (the spans are ours, see above). Loaded
 * only when tracing is on: the SDK's modules are not even read otherwise.
 */
export async function startTracing(tracing: NonNullable<Config['tracing']>, logger: Logger): Promise<RunningTracing> {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ serviceName: tracing.serviceName, instrumentations: [], metricReaders: [], logRecordProcessors: [] });
  // After the constructor, which installs a console logger of its own when OTEL_LOG_LEVEL is set.
  diag.setLogger(diagnosticsTo(logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  sdk.start();
  logger.info({ serviceName: tracing.serviceName }, 'OpenTelemetry tracing on (OTLP)');
  return {
    async shutdown(ms) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
      await Promise.race([sdk.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'spans not sent at shutdown')), late]);
      clearTimeout(timer);
    },
  };
}
