// grpc-js answers a `grpc-timeout` header it cannot parse with a bare INTERNAL, sent from the call's
// constructor before any interceptor runs (BaseServerInterceptingCall.handleTimeoutHeader), and no
// client input may reach INTERNAL here. grpc-js has no extension point ahead of that, so the one place
// that sees the headers first is the http2 server's 'stream' event: a listener put in front of grpc-js's
// own moves a malformed value aside, and rejectUndecodable answers the call INVALID_ARGUMENT with the
// usual ErrorInfo. The hook is checked at start-up and by a contract test (grpc-js is pinned).
import type { Http2Server, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { Server, ServerCredentials } from '@grpc/grpc-js';
import { PolicyError, ErrorReason } from '../app/errors';
import { ECHO_LIMIT } from './bounded-text';

/** Metadata key carrying the (cut) malformed value to the interceptors; a client's own is dropped. */
export const MALFORMED_TIMEOUT_KEY = 'x-session-policy-malformed-grpc-timeout';

/** What grpc-js accepts (its DEADLINE_REGEX: it searches, it does not anchor). */
const GRPC_JS_TIMEOUT = /(\d{1,8})\s*([HMSmun])/;

type Http2ServerFactory = (this: Server, credentials: ServerCredentials) => Http2Server;

function moveMalformedTimeoutAside(_stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
  delete headers[MALFORMED_TIMEOUT_KEY];
  const timeout = headers['grpc-timeout'];
  if (timeout === undefined) return;
  const value = Array.isArray(timeout) ? timeout.join(',') : timeout;
  if (GRPC_JS_TIMEOUT.test(value)) return;
  delete headers['grpc-timeout'];
  // Metadata values must be printable ASCII, or grpc-js drops them: keep a printable prefix.
  headers[MALFORMED_TIMEOUT_KEY] = value.slice(0, ECHO_LIMIT).replace(/[^ -~]/g, '?') || '(empty)';
}

/** Makes `server` answer a malformed grpc-timeout INVALID_ARGUMENT instead of INTERNAL. Call before bindAsync. */
export function answerMalformedTimeouts(server: Server): void {
  const internals = server as unknown as { createHttp2Server?: Http2ServerFactory };
  const create = internals.createHttp2Server;
  if (typeof create !== 'function') throw new Error('this grpc-js has no Server.createHttp2Server; re-check src/transport/timeout-header.ts against it');
  internals.createHttp2Server = function (this: Server, credentials: ServerCredentials): Http2Server {
    const http2Server = create.call(this, credentials);
    http2Server.prependListener('stream', moveMalformedTimeoutAside);
    return http2Server;
  };
}

/** The error for a call whose metadata carries a malformed grpc-timeout, if it does. */
export function malformedTimeout(metadata: { get(key: string): unknown[] }): PolicyError | undefined {
  const [given] = metadata.get(MALFORMED_TIMEOUT_KEY);
  if (given === undefined) return undefined;
  return new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_TIMEOUT, 'the grpc-timeout header is not a gRPC timeout (1 to 8 digits and a unit of H, M, S, m, u or n)', {
    violations: [{ field: 'grpc-timeout', constraint: 'GRPC_TIMEOUT_MALFORMED', description: `not a gRPC timeout: "${String(given)}"` }],
  });
}
