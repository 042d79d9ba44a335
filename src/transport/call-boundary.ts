// Wraps every RPC: request id, authentication, deadline, one log line, metrics, error mapping, and
// in-flight tracking so shutdown can drain. Handlers stay small async functions returning plain objects.
import { randomUUID } from 'node:crypto';
import { Metadata, status, type handleServerStreamingCall, type handleUnaryCall } from '@grpc/grpc-js';
import type { ServerSurfaceCall } from '@grpc/grpc-js/build/src/server-call';
import type { Logger } from 'pino';
import type { Caller } from '../app/caller';
import { ErrorReason, PolicyError } from '../app/errors';
import type { Authenticator } from './authenticate';
import { mapError } from './error-status';
import type { Metrics } from './metrics';

export interface CallContext {
  readonly caller: Caller;
  readonly requestId: string;
}

export interface StreamContext extends CallContext {
  /** Aborted when the client cancels, the deadline passes, or the server shuts down. */
  readonly signal: AbortSignal;
}

const OVERSIZE = Symbol('oversize request');

/** What a request too large to decode is replaced with (see withRequestSizeLimit). */
export function oversizeRequest(bytes: number, maxBytes: number): never {
  return { [OVERSIZE]: { bytes, maxBytes } } as never;
}

function rejectOversize(request: unknown): void {
  const oversize = (request as { [OVERSIZE]?: { bytes: number; maxBytes: number } } | null)?.[OVERSIZE];
  if (!oversize) return;
  throw new PolicyError('INVALID_ARGUMENT', ErrorReason.INVALID_ARGUMENT, `the request is ${oversize.bytes} bytes; at most ${oversize.maxBytes} are accepted`, {
    violations: [{ field: '', constraint: 'MESSAGE_TOO_LARGE', description: `request of ${oversize.bytes} bytes exceeds the ${oversize.maxBytes}-byte limit` }],
    metadata: { bytes: String(oversize.bytes), maxBytes: String(oversize.maxBytes) },
  });
}

function deadlinePassed(call: ServerSurfaceCall): boolean {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  return Number.isFinite(ms) && ms <= Date.now();
}

/** The organization(s) a call names, for the log line; never throws (oversize markers have none). */
function organizationFor<Req>(organizationOf: (request: Req) => string, request: Req): string {
  try {
    return organizationOf(request) ?? '';
  } catch {
    return '';
  }
}

const CODE_NAMES = Object.fromEntries(Object.entries(status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k])) as Record<number, string>;

export class CallBoundary {
  private inFlight = 0;
  private readonly streams = new Set<AbortController>();
  private drained: (() => void) | undefined;
  private closing = false;

  constructor(
    private readonly logger: Logger,
    private readonly authenticator: Authenticator,
    private readonly metrics: Metrics,
  ) {}

  /** One audit line beside the call's own line (e.g. a session revocation: actor, target, reason). */
  audit(fields: Record<string, unknown>, message: string): void {
    this.logger.info(fields, message);
  }

  unary<Req, Res>(
    method: string,
    organizationOf: (request: Req) => string,
    handler: (request: Req, ctx: CallContext) => Promise<Res>,
  ): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const started = performance.now();
      const requestId = this.requestIdOf(call);
      this.inFlight++;
      this.run(call, requestId, handler)
        .then(
          (response) => {
            this.finish(method, organizationFor(organizationOf, call.request), requestId, started, status.OK);
            callback(null, response, this.responseMetadata(requestId));
          },
          (error: unknown) => {
            const mapped = mapError(error);
            mapped.error.metadata.set('x-request-id', requestId);
            this.finish(method, organizationFor(organizationOf, call.request), requestId, started, mapped.error.code, mapped);
            callback(mapped.error);
          },
        )
        .finally(() => this.settle());
    };
  }

  serverStream<Req, Res>(
    method: string,
    organizationOf: (request: Req) => string,
    handler: (request: Req, ctx: StreamContext) => AsyncIterable<Res>,
  ): handleServerStreamingCall<Req, Res> {
    return (call) => {
      const started = performance.now();
      const requestId = this.requestIdOf(call);
      const controller = this.controllerFor(call);
      this.streams.add(controller);
      this.inFlight++;
      call.sendMetadata(this.responseMetadata(requestId));
      const pump = async (): Promise<void> => {
        const caller = await this.authenticator.authenticate(call.metadata);
        rejectOversize(call.request);
        for await (const message of handler(call.request, { caller, requestId, signal: controller.signal })) {
          if (controller.signal.aborted) break;
          // Respect flow control: a slow watcher is not buffered without bound.
          if (!call.write(message)) await new Promise((resolve) => call.once('drain', resolve));
        }
        if (this.closing) throw new PolicyError('UNAVAILABLE', ErrorReason.SHUTTING_DOWN, 'the server is shutting down; resume on another instance');
      };
      pump()
        .then(
          () => {
            this.finish(method, organizationFor(organizationOf, call.request), requestId, started, status.OK);
            if (!call.cancelled) call.end();
          },
          (error: unknown) => {
            const mapped = mapError(error);
            this.finish(method, organizationFor(organizationOf, call.request), requestId, started, mapped.error.code, mapped);
            if (!call.cancelled) call.emit('error', mapped.error);
          },
        )
        .finally(() => {
          this.streams.delete(controller);
          this.settle();
        });
    };
  }

  /** Ends every stream (clients resume elsewhere) and resolves when no call is in flight. */
  drain(): Promise<void> {
    this.closing = true;
    for (const stream of this.streams) stream.abort();
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  private async run<Req, Res>(
    call: ServerSurfaceCall & { request: Req },
    requestId: string,
    handler: (request: Req, ctx: CallContext) => Promise<Res>,
  ): Promise<Res> {
    const caller = await this.authenticator.authenticate(call.metadata);
    rejectOversize(call.request);
    // Unary handlers run to completion once started (a write is never left half done), so the only
    // check is whether the call is still wanted; no per-call AbortController on the hot path.
    if (call.cancelled || deadlinePassed(call)) {
      throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.INTERNAL, 'the call was cancelled or its deadline passed before it started');
    }
    return handler(call.request, { caller, requestId });
  }

  private controllerFor(call: ServerSurfaceCall): AbortController {
    const controller = new AbortController();
    call.once('cancelled', () => controller.abort());
    if (deadlinePassed(call)) controller.abort();
    return controller;
  }

  private requestIdOf(call: ServerSurfaceCall): string {
    const given = call.metadata.get('x-request-id')[0];
    return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  }

  private responseMetadata(requestId: string): Metadata {
    const metadata = new Metadata();
    metadata.set('x-request-id', requestId);
    return metadata;
  }

  private finish(
    method: string,
    organizationId: string,
    requestId: string,
    started: number,
    code: number,
    mapped?: ReturnType<typeof mapError>,
  ): void {
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const codeName = CODE_NAMES[code] ?? String(code);
    this.metrics.observeCall(method, codeName, latencyMs);
    const line = { method, organizationId, code: codeName, latencyMs, requestId, ...(mapped ? { reason: mapped.reason } : {}) };
    if (!mapped) this.logger.info(line, 'call');
    else if (mapped.level === 'error') this.logger.error({ ...line, err: mapped.cause ?? mapped.error }, 'call failed');
    else this.logger.warn(line, 'call rejected');
  }

  private settle(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.drained) this.drained();
  }
}
