// Spans of the calls both faces serve: the caller's W3C trace context taken from gRPC metadata or
// HTTP headers, one SERVER span per unary call with the rpc.* attributes of the OpenTelemetry
// semantic conventions and its status, and for a Watch stream one span per delivered batch (an event,
// in however many parts) under the caller's context: a span as long as the stream would hold memory
// for hours and reach the collector only when the stream ends. Built on the interceptors and handler
// adapters we already have rather than @opentelemetry/instrumentation-grpc, which patches grpc-js at
// load time and makes exactly that stream-long span.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';
import { status, type Metadata } from '@grpc/grpc-js';
import type { IncomingHttpHeaders } from 'node:http';
import { tracer } from '../app/store-spans';


/** What a call carries of its trace: where its handler runs, and the ids its log lines name. */
export interface CallTrace {
  /** The call's own span; none for a stream, whose batches get spans of their own. */
  readonly span: Span | undefined;
  /** The handler's context: the call's span in the caller's trace (for a stream, the caller's context). */
  readonly context: Context;
  readonly logFields: { readonly trace_id: string; readonly span_id?: string } | undefined;
}

const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get: (metadata, key) => {
    const values = metadata.get(key).filter((v): v is string => typeof v === 'string');
    return values.length === 0 ? undefined : values;
  },
};

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

/**
 * gRPC codes a server's span marks as an error (the semantic conventions for RPC servers): the ones
 * that say the server failed; a refused request (INVALID_ARGUMENT, NOT_FOUND…) is the caller's.
 */
const SERVER_ERRORS = new Set<number>([status.UNKNOWN, status.DEADLINE_EXCEEDED, status.UNIMPLEMENTED, status.INTERNAL, status.UNAVAILABLE, status.DATA_LOSS]);

/** `package.Service/Method` as rpc.service and rpc.method. */
function rpcAttributes(system: 'grpc' | 'connect_rpc', method: string): Attributes {
  const slash = method.indexOf('/');
  return { 'rpc.system': system, 'rpc.service': method.slice(0, slash), 'rpc.method': method.slice(slash + 1) };
}

/**
 * The attributes a method's spans start with, made once per method: the SDK copies them into each
 * span it records. Bounded, since a path that is not ours (an unknown method) can be anything.
 */
class MethodAttributes {
  private readonly known = new Map<string, Attributes>();

  constructor(private readonly make: (method: string) => Attributes) {}

  of(method: string): Attributes {
    let attributes = this.known.get(method);
    if (!attributes) {
      attributes = Object.freeze(this.make(method));
      if (this.known.size < 256) this.known.set(method, attributes);
    }
    return attributes;
  }
}

function logFieldsOf(span: Span | undefined, parent: Context): CallTrace['logFields'] {
  if (span) {
    const { traceId, spanId } = span.spanContext();
    return { trace_id: traceId, span_id: spanId };
  }
  const caller = trace.getSpanContext(parent);
  return caller ? { trace_id: caller.traceId } : undefined;
}

/** Whether calls are traced: only when tracing is configured, so an untraced service pays nothing. */
export class CallTracing {
  private readonly grpc = new MethodAttributes((method) => rpcAttributes('grpc', method));
  private readonly connect = new MethodAttributes((method) => ({ ...rpcAttributes('connect_rpc', method), 'http.request.method': 'POST', 'url.path': `/${method}` }));

  constructor(readonly enabled: boolean) {}

  /** A gRPC call's trace; undefined when tracing is off. */
  grpcCall(method: string, metadata: Metadata, streaming: boolean): CallTrace | undefined {
    if (!this.enabled) return undefined;
    return this.start(this.grpc.of(method), method, propagation.extract(ROOT_CONTEXT, metadata, metadataGetter), streaming);
  }

  /** A Connect call's trace (a unary POST to `/package.Service/Method`); undefined when tracing is off. */
  connectCall(method: string, headers: IncomingHttpHeaders): CallTrace | undefined {
    if (!this.enabled) return undefined;
    return this.start(this.connect.of(method), method, propagation.extract(ROOT_CONTEXT, headers, headerGetter), false);
  }

  private start(attributes: Attributes, name: string, parent: Context, streaming: boolean): CallTrace {
    // The attributes go on after the sampling decision, and only on a span that is recorded: given to
    // startSpan, the SDK copies and checks them for every call, the 90% it then drops included (its
    // largest cost in the profile at 10% sampling). No standard sampler looks at them.
    const span = streaming ? undefined : tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
    if (span?.isRecording()) span.setAttributes(attributes);
    return { span, context: span ? trace.setSpan(parent, span) : parent, logFields: logFieldsOf(span, parent) };
  }
}

/** Runs `work` in the call's trace context (so store spans and log lines inside it belong to the call). */
export function inCallTrace<T>(callTrace: CallTrace | undefined, work: () => T): T {
  return callTrace ? context.with(callTrace.context, work) : work();
}

/** How a call ended, for its span. */
export interface CallOutcome {
  readonly code: number;
  readonly codeName: string;
  /** The ErrorInfo reason, when it failed. */
  readonly reason?: string;
  readonly principal: string;
  readonly organizationId: string;
  readonly requestId: string;
  /** The HTTP status, on the Connect face. */
  readonly httpStatus?: number;
}

/** Ends the call's span with its status code, the ErrorInfo reason and who called. */
export function endCallSpan(callTrace: CallTrace | undefined, outcome: CallOutcome): void {
  const span = callTrace?.span;
  if (!span) return;
  // Not sampled: nothing would be kept, so nothing is built.
  if (!span.isRecording()) {
    span.end();
    return;
  }
  span.setAttributes({
    ...(outcome.httpStatus === undefined ? { 'rpc.grpc.status_code': outcome.code } : { 'http.response.status_code': outcome.httpStatus, ...(outcome.code === status.OK ? {} : { 'rpc.connect_rpc.error_code': outcome.codeName.toLowerCase() }) }),
    'session_policy.request_id': outcome.requestId,
    ...(outcome.principal ? { 'session_policy.principal': outcome.principal } : {}),
    ...(outcome.organizationId ? { 'session_policy.organization_id': outcome.organizationId } : {}),
    ...(outcome.reason ? { 'session_policy.reason': outcome.reason } : {}),
  });
  if (SERVER_ERRORS.has(outcome.code)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.reason ? `${outcome.codeName} ${outcome.reason}` : outcome.codeName });
  span.end();
}

/**
 * The batches of one stream (a Watch event in all its parts each): a batch's span begins when its
 * first message is written and ends once its last one has been handed to HTTP/2, or when the stream
 * ends before its last one was written.
 */
export class BatchSpans {
  private span: Span | undefined;
  private messages = 0;
  private bytes = 0;

  constructor(
    private readonly callTrace: CallTrace | undefined,
    private readonly method: string,
  ) {}

  /** Counts one message of the current batch, beginning the batch's span at its first. */
  wrote(bytes: number): void {
    if (!this.callTrace) return;
    this.span ??= tracer.startSpan(`${this.method} batch`, { kind: SpanKind.SERVER, attributes: rpcAttributes('grpc', this.method) }, this.callTrace.context);
    this.messages += 1;
    this.bytes += bytes;
  }

  /**
   * The current batch's last message is written: the next message begins another batch. Answers what
   * ends this one's span (with what it carried) once that message is out.
   */
  complete(attributes: () => Attributes): () => void {
    const span = this.span;
    if (!span) return () => undefined;
    span.setAttributes({ 'session_policy.watch.messages': this.messages, 'session_policy.watch.bytes': this.bytes });
    this.span = undefined;
    this.messages = 0;
    this.bytes = 0;
    return () => {
      span.setAttributes(attributes());
      span.end();
    };
  }

  /** The stream ended in the middle of a batch. */
  abandoned(): void {
    if (!this.span) return;
    this.span.setAttributes({ 'session_policy.watch.messages': this.messages, 'session_policy.watch.bytes': this.bytes });
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: 'the stream ended before the batch was delivered' });
    this.span.end();
    this.span = undefined;
  }
}
