// The HTTP face, in the same process as gRPC: Connect unary JSON for the method table's `http`
// bindings (the org-admin methods), the widget module, and (dev mode only) a demo host page. A call
// gets what a gRPC call gets: a caller from the same authenticator, a request id, a signal and a
// deadline (connect-timeout-ms), and its error mapped by the same boundary. One log line and one
// metric per request; close() stops accepting and drains in-flight requests like the gRPC server's
// shutdown.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorReason, PolicyError } from '../../app/errors';
import type { ServiceContext } from '../../app/service-context';
import type { Config } from '../../config';
import type { Authenticator } from '../authenticate';
import type { Metrics } from '../metrics';
import type { JsonValue } from '@bufbuild/protobuf';
import { timerDelay } from '../../app/timer-delay';
import { clip } from '../bounded-text';
import { CallTracing, endCallSpan, inCallTrace } from '../call-tracing';
import { CODE_NAMES, deadlineExceeded, messageTooLarge } from '../error-status';
import { codeOfHttpStatus, toConnectError } from './connect-error';
import { JsonConstraint } from './proto-json';
import { methodTable } from '../method-table';
import { requireCallerWaiting, type MethodTable } from '../methods';
import { connectMethods } from './connect-methods';
import { httpAuthenticator } from './http-authenticator';
import { widgetAssets, type Page } from './widget-assets';

export interface RunningHttpServer {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (forcing after `graceMs`), closes idle connections. */
  close(graceMs?: number): Promise<void>;
}

type HttpConfig = Pick<Config, 'httpListen' | 'devMode' | 'maxMessageBytes' | 'widgetAllowedOrigins' | 'shutdownGraceMs' | 'tracing'>;

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(messageTooLarge(`the request body exceeds the ${maxBytes}-byte limit`, maxBytes));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // The client went away mid-body (a reset): nobody waits for an answer, and it is not our fault.
    req.on('error', () => reject(deadlineExceeded()));
  });
}

interface ConnectAnswer {
  readonly status: number;
  readonly body: string;
  readonly code: string;
  /** The same code as a number (0 for OK), for the call's span. */
  readonly codeNumber: number;
  readonly organizationId: string;
  /** Who called, once authenticated ('' before): an id, never a credential. */
  readonly principal: string;
  readonly reason?: string;
  readonly level?: string;
  readonly cause?: unknown;
}

/**
 * The handler's answer, or DEADLINE_EXCEEDED as soon as `signal` aborts: like grpc-js, the caller is
 * answered at its deadline while the use case (which sees the same signal and commits nothing after
 * it) finishes on its own.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(deadlineExceeded());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(deadlineExceeded());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `/<package>.<Service>/<Method>`: what a Connect client posts to, whether or not this face serves it. */
const CONNECT_PATH = /^\/[A-Za-z_]\w*(\.\w+)+\/\w+$/;

/** Connect's timeout header: up to 10 digits of milliseconds (connectrpc.com/docs/protocol). */
const CONNECT_TIMEOUT = /^\d{1,10}$/;

/** The caller's deadline (epoch ms) from connect-timeout-ms, undefined when it set none. */
function deadlineOf(req: IncomingMessage, startedMs: number): number | undefined {
  const given = req.headersDistinct['connect-timeout-ms'];
  if (given === undefined) return undefined;
  const [value = ''] = given;
  if (given.length !== 1 || !CONNECT_TIMEOUT.test(value)) {
    throw new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_TIMEOUT, 'the connect-timeout-ms header is not a Connect timeout (1 to 10 digits of milliseconds)', {
      violations: [{ field: 'connect-timeout-ms', constraint: 'CONNECT_TIMEOUT_MALFORMED', description: `not a Connect timeout: "${clip(given.join(','))}"` }],
    });
  }
  return startedMs + Number(value);
}

export async function startHttpServer(options: {
  readonly ctx: ServiceContext;
  readonly config: HttpConfig;
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
  /** The methods served (service.ts shares one table with the gRPC face); built from `ctx` when absent. */
  readonly methods?: MethodTable;
}): Promise<RunningHttpServer> {
  const { ctx, config, logger, metrics } = options;
  const listen = config.httpListen;
  if (!listen) throw new Error('HTTP_LISTEN is not configured');
  const authenticator = httpAuthenticator(options.authenticator, ctx.widgetTokens);
  const methods = connectMethods(options.methods ?? methodTable(ctx));
  const tracing = new CallTracing(config.tracing !== undefined);
  const allowedOrigins = new Set(config.widgetAllowedOrigins);
  const pages = widgetAssets({ ctx, devMode: config.devMode, allowedOrigins: config.widgetAllowedOrigins });
  let inFlight = 0;
  let drained: (() => void) | undefined;

  /** CORS only for configured origins: the browser blocks every other embedding page. */
  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin?.toLowerCase();
    if (!origin || !allowedOrigins.has(origin)) return { vary: 'Origin' };
    return {
      vary: 'Origin',
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST, GET',
      'access-control-allow-headers': 'authorization, content-type, connect-protocol-version, connect-timeout-ms, x-request-id, traceparent, tracestate',
      'access-control-expose-headers': 'x-request-id',
      'access-control-max-age': '600',
    };
  }

  /**
   * One Connect unary call: every answer, success or error, is a Connect JSON body with the status
   * from the one code table (connect-error.ts), an unknown method included.
   */
  async function serveConnect(req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<ConnectAnswer> {
    const method = methods.get(path);
    let organizationId = '';
    let principal = '';
    // Aborted when the client goes away before its answer is written, or its deadline passes.
    const gone = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) gone.abort();
    };
    res.once('close', onClose);
    try {
      if (!method) throw new PolicyError('UNIMPLEMENTED', ErrorReason.UNIMPLEMENTED, `no method ${clip(path)} on the HTTP face`);
      if (req.method !== 'POST') throw new HttpFailure(405, 'use POST');
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json') throw new HttpFailure(415, 'send application/json');
      const deadlineMs = deadlineOf(req, Date.now());
      const delay = deadlineMs === undefined ? undefined : timerDelay(deadlineMs, Date.now());
      const signal = delay === undefined ? gone.signal : AbortSignal.any([gone.signal, AbortSignal.timeout(delay)]);
      // The deadline covers reading a slow body too, not only the use case.
      const caller = await untilAborted(authenticator.authenticate(req.headersDistinct['authorization'] ?? []), signal);
      principal = caller.actor;
      const body = await untilAborted(readBody(req, config.maxMessageBytes), signal);
      let json: JsonValue;
      try {
        json = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as JsonValue);
      } catch {
        throw new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_REQUEST, 'the request body is not valid JSON', {
          violations: [{ field: '', constraint: JsonConstraint.JSON_OBJECT_REQUIRED, description: 'is not valid JSON' }],
        });
      }
      const accepted = method.accept(json);
      organizationId = accepted.organizationId;
      // A deadline already passed (connect-timeout-ms 0, or spent reading the body) runs nothing.
      requireCallerWaiting(signal.aborted, deadlineMs);
      const response = await untilAborted(accepted.run({ caller, requestId, signal, deadlineMs }), signal);
      return { status: 200, body: JSON.stringify(response), code: 'OK', codeNumber: 0, organizationId, principal };
    } catch (error) {
      if (error instanceof HttpFailure) throw error;
      const connect = toConnectError(error);
      return {
        status: connect.httpStatus,
        body: JSON.stringify(connect.body),
        code: CODE_NAMES[connect.mapped.error.code] ?? 'UNKNOWN',
        codeNumber: connect.mapped.error.code,
        organizationId,
        principal,
        reason: connect.mapped.reason,
        level: connect.mapped.level,
        cause: connect.mapped.cause,
      };
    } finally {
      res.off('close', onClose);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers: Record<string, string> = { 'x-request-id': requestId, 'x-content-type-options': 'nosniff', ...corsHeaders(req) };
    let status = 500;
    // A label value from a closed set: the served methods' names, the pages' routes, or 'unknown'.
    let route = 'unknown';
    let code: string | undefined;
    let extra: Record<string, unknown> = {};
    let level: string | undefined;
    let cause: unknown;
    try {
      if (req.method === 'OPTIONS') {
        // CORS preflight: the headers above say everything.
        status = 204;
        route = 'preflight';
        res.writeHead(status, headers).end();
      } else if (CONNECT_PATH.test(path)) {
        // Only a served method gets a span: its name is from a closed set, like the metric's label.
        const callTrace = methods.has(path) ? tracing.connectCall(path.slice(1), req.headers) : undefined;
        if (methods.has(path)) route = path.slice(1);
        const answer = await inCallTrace(callTrace, () => serveConnect(req, res, path, requestId));
        status = answer.status;
        code = answer.code;
        endCallSpan(callTrace, { code: answer.codeNumber, codeName: answer.code, reason: answer.reason, principal: answer.principal, organizationId: answer.organizationId, requestId, httpStatus: status });
        extra = { code: answer.code, principal: answer.principal, organizationId: answer.organizationId, ...(answer.reason ? { reason: answer.reason } : {}), ...callTrace?.logFields };
        level = answer.level;
        cause = answer.cause;
        res.writeHead(status, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(answer.body);
      } else {
        const page: Page | undefined = await pages(req, path);
        if (!page) throw new HttpFailure(404, 'not found');
        route = page.route;
        status = page.status;
        res.writeHead(status, { ...headers, ...page.headers }).end(page.body);
      }
    } catch (error) {
      status = error instanceof HttpFailure ? error.status : 500;
      if (!(error instanceof HttpFailure)) cause = error;
      if (!res.headersSent) res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(error instanceof HttpFailure ? error.message : 'internal error');
    }
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    metrics.observeCall('http', route, code ?? codeOfHttpStatus(status), latencyMs);
    const line = { method: req.method, path: path.slice(0, 200), status, latencyMs, requestId, ...extra };
    // A mapped answer says how bad it is (a passed deadline's 504 is the caller's); only a bare 5xx is ours.
    if (level === 'error' || (level === undefined && status >= 500)) logger.error({ ...line, ...(cause !== undefined ? { err: cause } : {}) }, 'http request failed');
    else if (status >= 400) logger.warn(line, 'http request rejected');
    else logger.info(line, 'http request');
  }

  const server = createServer((req, res) => {
    inFlight++;
    handle(req, res).finally(() => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const port = await new Promise<number>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void =>
      reject(error.code === 'EADDRINUSE' ? new Error(`HTTP_LISTEN ${listen.host}:${listen.port} is already in use: set HTTP_LISTEN to another host:port, or to off`) : error);
    server.once('error', failed);
    server.listen(listen.port, listen.host, () => {
      server.off('error', failed);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : listen.port);
    });
  });

  logger.info({ host: listen.host, port, widgetOrigins: config.widgetAllowedOrigins, demo: config.devMode }, 'HTTP face listening (widget and Connect JSON)');
  return {
    port,
    async close(graceMs = config.shutdownGraceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
