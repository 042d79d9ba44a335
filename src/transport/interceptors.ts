// The gRPC face's call boundary as grpc-js server interceptors. Order (innermost first, as
// `interceptors` lists them): observeCalls sees every inbound event first and every outbound status
// last, so it logs and counts each call exactly once, whatever ended it; rejectUndecodable and
// authenticateCalls answer before the handler runs; mapErrors gives our status shape to a status that
// grpc-js made by itself (handlers answer theirs already mapped: rpc.ts).
import { randomUUID } from 'node:crypto';
import { Metadata, ServerInterceptingCall, status, type ServerInterceptingCallInterface, type ServerInterceptor } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { timerDelay } from '../app/timer-delay';
import type { Authenticator } from './authenticate';
import { CallAbort, type CallRegistry, type CallState } from './call-state';
import { endCallSpan, type CallTracing } from './call-tracing';
import { CODE_NAMES, deadlineExceeded, malformedRequest, mapError, mapForeignStatus } from './error-status';
import { organizationOf } from './methods';
import type { Metrics } from './metrics';
import { UndecodableRequest } from './request-decoding';
import { STREAM_KEY, answeredByGrpcJs, malformedTimeout } from './grpc-js-answers';

type OutgoingStatus = Parameters<ServerInterceptingCall['sendStatus']>[0];

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The policy services need a caller; health and reflection answer anyone (load balancers, grpcurl). */
export const needsCaller = (path: string): boolean => /^\/?sessionpolicy\./.test(path);

function deadlineOf(call: ServerInterceptingCallInterface): number | undefined {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Ends a call from inside an interceptor with a mapped error (observeCalls logs it). */
function reject(call: ServerInterceptingCall, state: CallState | undefined, error: unknown): void {
  const mapped = mapError(error);
  if (state) state.mapped = mapped;
  call.sendStatus({ code: mapped.error.code, details: mapped.error.details, metadata: mapped.error.metadata });
}

/** Request id, abort signal, one log line, the metrics and (when tracing is on) the span of every call. */
export function observeCalls(registry: CallRegistry, logger: Logger, metrics: Metrics, tracing: CallTracing): ServerInterceptor {
  return (method, call) => {
    let state: CallState | undefined;
    let deadlineTimer: NodeJS.Timeout | undefined;
    const finish = (code: number): void => {
      if (!state || state.finished) return;
      clearTimeout(deadlineTimer);
      const latencyMs = Math.round((performance.now() - state.startedAt) * 1000) / 1000;
      const codeName = CODE_NAMES[code] ?? String(code);
      metrics.observeCall('grpc', state.method, codeName, latencyMs);
      const mapped = state.mapped;
      // principal: who called (an id such as service:<token id> or user:<subject>, never a credential).
      const principal = state.caller?.actor ?? '';
      endCallSpan(state.trace, { code, codeName, reason: mapped?.reason, principal, organizationId: state.organization, requestId: state.requestId });
      const line = { method: state.method, principal, organizationId: state.organization, code: codeName, latencyMs, requestId: state.requestId, ...(mapped ? { reason: mapped.reason } : {}), ...state.trace?.logFields };
      // Health probes and reflection are logged at debug: a load balancer probes every few seconds.
      if (code === status.OK) logger[needsCaller(state.method) ? 'info' : 'debug'](line, 'call');
      else if (mapped?.level === 'error') logger.error({ ...line, err: mapped.cause ?? mapped.error }, 'call failed');
      else logger.warn(line, code === status.CANCELLED ? 'call ended before it was answered' : 'call rejected');
      registry.close(state);
    };
    const intercepting: ServerInterceptingCall = new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, pass) {
            const given = metadata.get('x-request-id');
            const first = given[0];
            state = {
              // As metrics and logs always named it: "package.Service/Method".
              method: method.path.replace(/^\//, ''),
              requestId: given.length === 1 && typeof first === 'string' && REQUEST_ID.test(first) ? first : randomUUID(),
              startedAt: performance.now(),
              deadlineMs: deadlineOf(call),
              streaming: method.responseStream,
              abort: new CallAbort(),
              organization: '',
              stream: String(metadata.get(STREAM_KEY)[0] ?? ''),
              finished: false,
            };
            state.trace = tracing.grpcCall(state.method, metadata, method.responseStream);
            registry.open(metadata, state);
            // Answer the deadline just before grpc-js's own timer would (a bare status without
            // ErrorInfo), so it carries its reason like every other error.
            const delay = state.deadlineMs === undefined ? undefined : timerDelay(state.deadlineMs - 2, Date.now());
            if (delay !== undefined) {
              deadlineTimer = setTimeout(() => {
                if (!state || state.finished) return;
                state.mapped = mapError(deadlineExceeded());
                intercepting.sendStatus({ code: state.mapped.error.code, details: state.mapped.error.details, metadata: state.mapped.error.metadata });
              }, delay);
            }
            pass(metadata);
          },
          onReceiveMessage(message, pass) {
            if (state) state.organization = organizationOf(message);
            pass(message);
          },
          // grpc-js reports here both a client that went away and a call it ended itself (deadline,
          // a body over the size limit); our own answers were logged in sendStatus already.
          onCancel() {
            if (!state || state.finished) return;
            // grpc-js answered by itself (a body over the limit, one that does not decompress): log what it sent.
            const below = state.stream === '' ? undefined : answeredByGrpcJs(state.stream);
            if (below) {
              state.mapped = below.mapped;
              finish(below.code);
              return;
            }
            const late = state.deadlineMs !== undefined && state.deadlineMs <= Date.now();
            if (late) state.mapped = mapError(deadlineExceeded());
            finish(late ? status.DEADLINE_EXCEEDED : status.CANCELLED);
          },
        });
      },
      sendMetadata(metadata, next) {
        if (state) metadata.set('x-request-id', state.requestId);
        next(metadata);
      },
      sendStatus(outgoing, next) {
        const metadata = outgoing.metadata ?? new Metadata();
        if (state) metadata.set('x-request-id', state.requestId);
        next({ ...outgoing, metadata });
        finish(outgoing.code);
      },
    });
    return intercepting;
  };
}

/**
 * A body that did not decode is answered INVALID_ARGUMENT (MALFORMED_REQUEST), a malformed grpc-timeout
 * INVALID_ARGUMENT (MALFORMED_TIMEOUT); the handler never runs.
 */
export function rejectUndecodable(registry: CallRegistry): ServerInterceptor {
  return (_method, call) => {
    let state: CallState | undefined;
    const intercepting: ServerInterceptingCall = new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, pass) {
            state = registry.of(metadata);
            const timeout = malformedTimeout(metadata);
            if (timeout) reject(intercepting, state, timeout);
            else pass(metadata);
          },
          onReceiveMessage(message, pass) {
            if (message instanceof UndecodableRequest) reject(intercepting, state, malformedRequest(message.cause));
            else pass(message);
          },
        });
      },
    });
    return intercepting;
  };
}

/**
 * Establishes the caller before the handler runs. An unauthenticated call is answered without its
 * body ever being read: the handler, which asks for the message, is not started.
 */
export function authenticateCalls(registry: CallRegistry, authenticator: Authenticator): ServerInterceptor {
  return (method, call) => {
    if (!needsCaller(method.path)) return new ServerInterceptingCall(call);
    const intercepting: ServerInterceptingCall = new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, pass) {
            const state = registry.of(metadata);
            // Strings: grpc-js keeps Buffers for -bin keys only.
            authenticator.authenticate(metadata.get('authorization').map(String)).then(
              (caller) => {
                if (state) state.caller = caller;
                pass(metadata);
              },
              (error: unknown) => reject(intercepting, state, error),
            );
          },
        });
      },
    });
    return intercepting;
  };
}

/**
 * A status grpc-js made by itself above the http2 hook (a handler's or an interceptor's own are mapped
 * already) gets our shape: known client-facing codes keep their code, never a bare UNKNOWN.
 */
export function mapErrors(registry: CallRegistry): ServerInterceptor {
  return (_method, call) => {
    let state: CallState | undefined;
    return new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, pass) {
            state = registry.of(metadata);
            pass(metadata);
          },
        });
      },
      sendStatus(outgoing: OutgoingStatus, next) {
        if (outgoing.code === status.OK || state?.mapped) {
          next(outgoing);
          return;
        }
        const mapped = mapForeignStatus(outgoing);
        if (state) state.mapped = mapped;
        next({ code: mapped.error.code, details: mapped.error.details, metadata: mapped.error.metadata });
      },
    });
  };
}
