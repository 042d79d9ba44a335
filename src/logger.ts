import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

const BEARER = /\bbearer\b[\s\S]*?(?=\. |$)/gi;
const AUTHORIZATION = /(authorization\S*?\s*[:=]\s*)[\s\S]*?(?=\. |$)/gi;
const JWT_LIKE = /\b[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g;

/**
 * `text` with every bearer token, authorization value and JWT-shaped string replaced: for free text
 * (error messages, other libraries' log lines), which pino's path redaction does not see.
 */
export function redactCredentials(text: string): string {
  return text.replace(AUTHORIZATION, '$1[redacted]').replace(BEARER, 'Bearer [redacted]').replace(JWT_LIKE, '[redacted]');
}

/** Every string inside a serialized error (message, stack, causes) redacted. */
function redactedDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactedDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactedDeep(v, depth + 1)]));
}

/**
 * The trace a line was written in: the span active in its async context (a call's, or a store
 * operation's inside it). Lines written outside any call carry none.
 */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * JSON logs on stdout (or `destination`); anything that could hold a credential is redacted even if
 * logged by mistake: known fields by path, and error messages and log messages as text (a request's
 * header can reach an error message, e.g. a library refusing a value it cannot parse).
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream, options: { readonly traced?: boolean } = {}): Logger {
  return pino(
    {
      level,
      // Only when tracing is on: with it off no span is ever active, and the lookup would be waste.
      ...(options.traced ? { mixin: traceFields } : {}),
      base: { service: 'session-policy' },
      redact: { paths: ['authorization', '*.authorization', 'metadata.authorization', 'token', '*.token', 'serviceTokens'], censor: '[redacted]' },
      serializers: { err: (error: Error) => redactedDeep(pino.stdSerializers.err(error)) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactCredentials(arg) : arg)) as Parameters<typeof method>);
        },
      },
      // Epoch milliseconds (pino's default): formatting ISO dates showed up in the hot-path profile.
    },
    destination,
  );
}
