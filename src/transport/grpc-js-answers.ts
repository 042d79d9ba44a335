// What grpc-js answers by itself, below our interceptors. It sends some statuses straight from its
// base call or its server: a body over MAX_MESSAGE_BYTES (RESOURCE_EXHAUSTED), a body it cannot
// decompress or a grpc-timeout header it cannot parse (a bare INTERNAL, although the fault is the
// client's), an unknown method (UNIMPLEMENTED). None carries ErrorInfo, and no client input may reach
// INTERNAL here. grpc-js offers no extension point there, so this hooks the one place beneath it: the
// http2 server's 'stream' event, with a listener put in front of grpc-js's own. It moves a malformed
// grpc-timeout aside (the interceptors then answer INVALID_ARGUMENT with the call logged as such), and
// gives any status grpc-js sends without details our shape (error-status.ts: mapForeignStatus).
// The same hook keeps each server-streaming call's http2 stream by its key (streamingStream), since
// only the stream itself can be reset: a Watch client that stopped reading never reads the status
// queued behind its unsent messages, and grpc-js would keep that stream, and those bytes, open for ever.
// grpc-js is pinned; the hook is checked at start-up and by contract tests.
import { constants as h2, type Http2Server, IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { Metadata, Server, ServerCredentials } from '@grpc/grpc-js';
import { ECHO_LIMIT } from './bounded-text';
import { malformedTimeoutError, mapForeignStatus, type MappedError } from './error-status';
import type { PolicyError } from '../app/errors';

/** Metadata key carrying the (cut) malformed value to the interceptors; a client's own is dropped. */
export const MALFORMED_TIMEOUT_KEY = 'x-session-policy-malformed-grpc-timeout';
/**
 * Metadata key naming the http2 stream a call came on, so the call's log line and metrics can take
 * the status grpc-js sent by itself (interceptors only hear that the call ended); a client's own is
 * dropped.
 */
export const STREAM_KEY = 'x-session-policy-stream';

let streams = 0;
/** The status sent on a stream by grpc-js itself, by STREAM_KEY, until the call's observer takes it. */
const answeredBelow = new Map<string, { readonly code: number; readonly mapped: MappedError }>();

/** The open http2 streams of server-streaming calls, by STREAM_KEY. */
const openStreams = new Map<string, ServerHttp2Stream>();

/** A server-streaming call's http2 stream: when it closes, and how to end it without the client's help. */
export interface StreamingStream {
  /** Calls `listener` once the stream is closed (at once if it already is). */
  whenClosed(listener: () => void): void;
  /** Resets the stream (RST_STREAM ENHANCE_YOUR_CALM, which gRPC clients read as RESOURCE_EXHAUSTED), dropping what it still holds. */
  reset(): void;
}

/** The http2 stream of the server-streaming call STREAM_KEY `key` names, while it is open. */
export function streamingStream(key: string): StreamingStream | undefined {
  const stream = openStreams.get(key);
  if (!stream) return undefined;
  return {
    whenClosed: (listener) => (stream.closed ? listener() : void stream.once('close', listener)),
    reset: () => {
      if (!stream.closed) stream.close(h2.NGHTTP2_ENHANCE_YOUR_CALM);
    },
  };
}

/** What grpc-js accepts (its DEADLINE_REGEX: it searches, it does not anchor). */
const GRPC_JS_TIMEOUT = /(\d{1,8})\s*([HMSmun])/;

type Http2ServerFactory = (this: Server, credentials: ServerCredentials) => Http2Server;

function moveMalformedTimeoutAside(headers: IncomingHttpHeaders): void {
  delete headers[MALFORMED_TIMEOUT_KEY];
  const timeout = headers['grpc-timeout'];
  if (timeout === undefined) return;
  const value = Array.isArray(timeout) ? timeout.join(',') : timeout;
  if (GRPC_JS_TIMEOUT.test(value)) return;
  delete headers['grpc-timeout'];
  // Metadata values must be printable ASCII, or grpc-js drops them: keep a printable prefix.
  headers[MALFORMED_TIMEOUT_KEY] = value.slice(0, ECHO_LIMIT).replace(/[^ -~]/g, '?') || '(empty)';
}

/** What grpc-js answered by itself on the stream `key` names, if it did; asked once. */
export function answeredByGrpcJs(key: string): { readonly code: number; readonly mapped: MappedError } | undefined {
  const answer = answeredBelow.get(key);
  answeredBelow.delete(key);
  return answer;
}

/**
 * `headers` with a status grpc-js built itself (no details) in our shape; anything else unchanged.
 * `stream` (the STREAM_KEY value) is where the call's observer will look for it.
 */
export function completedStatus(headers: OutgoingHttpHeaders, stream?: string): OutgoingHttpHeaders {
  const code = headers['grpc-status'];
  if (code === undefined || Number(code) === 0 || headers['grpc-status-details-bin'] !== undefined) return headers;
  const message = String(headers['grpc-message'] ?? '');
  let details = message;
  try {
    details = decodeURIComponent(message);
  } catch {
    // grpc-js does not always percent-encode (its UNIMPLEMENTED message): take it as it is.
  }
  const mapped = mapForeignStatus({ code: Number(code), details });
  if (stream !== undefined) {
    answeredBelow.set(stream, { code: mapped.error.code, mapped });
    // Taken on the next tick by the call's observer, if the call got that far (an unknown method does not).
    setTimeout(() => answeredBelow.delete(stream), 1000).unref();
  }
  return { ...headers, 'grpc-status': mapped.error.code, 'grpc-message': encodeURI(mapped.error.details), ...(mapped.error.metadata as Metadata).toHttp2Headers() };
}

function completeStatusesOf(stream: ServerHttp2Stream, key: string): void {
  const respond = stream.respond.bind(stream);
  const sendTrailers = stream.sendTrailers.bind(stream);
  stream.respond = (headers, options) => respond(headers && completedStatus(headers, key), options);
  stream.sendTrailers = (headers) => sendTrailers(completedStatus(headers, key));
}

function beforeGrpcJs(streamingPaths: ReadonlySet<string>, stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
  moveMalformedTimeoutAside(headers);
  const key = String((streams = (streams + 1) % Number.MAX_SAFE_INTEGER));
  headers[STREAM_KEY] = key;
  completeStatusesOf(stream, key);
  const path = headers[':path'];
  if (path !== undefined && streamingPaths.has(path)) {
    openStreams.set(key, stream);
    stream.once('close', () => openStreams.delete(key));
  }
}

/**
 * Puts the hook in front of grpc-js on every http2 server `server` creates. Call before bindAsync.
 * `streamingPaths` are the server-streaming methods' paths ("/package.Service/Method").
 */
export function shapeGrpcJsAnswers(server: Server, streamingPaths: ReadonlySet<string>): void {
  const internals = server as unknown as { createHttp2Server?: Http2ServerFactory };
  const create = internals.createHttp2Server;
  if (typeof create !== 'function') throw new Error('this grpc-js has no Server.createHttp2Server; re-check src/transport/grpc-js-answers.ts against it');
  internals.createHttp2Server = function (this: Server, credentials: ServerCredentials): Http2Server {
    const http2Server = create.call(this, credentials);
    http2Server.prependListener('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => beforeGrpcJs(streamingPaths, stream, headers));
    return http2Server;
  };
}

/** The error for a call whose metadata carries a malformed grpc-timeout, if it does. */
export function malformedTimeout(metadata: { get(key: string): unknown[] }): PolicyError | undefined {
  const [given] = metadata.get(MALFORMED_TIMEOUT_KEY);
  return given === undefined ? undefined : malformedTimeoutError(String(given));
}
