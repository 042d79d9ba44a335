// Spans of the replica's store operations (commit, catch-up, snapshot), children of the call that
// caused them when there is one. Only the OpenTelemetry API is used here: with no SDK started (tracing
// off) every call below is a no-op on a non-recording span.
import { SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';
import { PolicyError } from './errors';

/** The service's one tracer: store spans here, call spans in transport/call-tracing.ts. */
export const tracer = trace.getTracer('session-policy-service');

/** Attributes every store span carries (the semantic conventions' database attributes). */
const STORE = { 'db.system.name': 'mongodb' } as const;

const STORE_FAILURES = new Set<string>(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'INTERNAL', 'UNKNOWN', 'DATA_LOSS']);

/** Notes something that happened during the active span (e.g. a commit slot another writer took). */
export function noteEvent(name: string, attributes: Attributes): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}

/**
 * Runs `work` in a span named `name` (a child of the active one), ended when it settles; a failure
 * marks the span as an error with the exception recorded.
 */
export async function inStoreSpan<T>(name: string, work: (span: Span) => Promise<T>, options: { readonly links?: Link[]; readonly root?: boolean } = {}): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes: STORE, ...(options.links ? { links: options.links } : {}), ...(options.root ? { root: true } : {}) }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      // A refusal (a stale etag, a request over a limit) is an answer, not a failed store operation.
      if (error instanceof PolicyError && !STORE_FAILURES.has(error.status)) {
        span.setAttribute('session_policy.reason', error.reason);
        throw error;
      }
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message.slice(0, 200) : 'failed' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A link to the active span, for work it started that outlives it (a snapshot after a commit). */
export function linkToActive(): Link[] {
  const active = trace.getActiveSpan()?.spanContext();
  return active && trace.isSpanContextValid(active) ? [{ context: active }] : [];
}
