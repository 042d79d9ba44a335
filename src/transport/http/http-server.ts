// The HTTP face, in the same process as gRPC: Connect unary JSON for the org-admin methods, the widget
// module, and (dev mode only) a demo host page. One log line and one metric per request; close()
// stops accepting and drains in-flight requests like the gRPC server's shutdown.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorReason, PolicyError } from '../../app/errors';
import type { ServiceContext } from '../../app/service-context';
import { WidgetTokens } from '../../app/widget-tokens';
import type { Config } from '../../config';
import type { Authenticator } from '../authenticate';
import type { Metrics } from '../metrics';
import { toConnectError } from './connect-error';
import { connectMethods } from './connect-methods';
import { httpAuthenticator } from './http-authenticator';
import { widgetAssets, type Page } from './widget-assets';

export interface RunningHttpServer {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (forcing after `graceMs`), closes idle connections. */
  close(graceMs?: number): Promise<void>;
}

type HttpConfig = Pick<Config, 'httpListen' | 'devMode' | 'maxMessageBytes' | 'widgetTokenSecret' | 'widgetAllowedOrigins' | 'shutdownGraceMs'>;

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
        reject(new PolicyError('INVALID_ARGUMENT', ErrorReason.INVALID_ARGUMENT, `the request body exceeds the ${maxBytes}-byte limit`, { metadata: { maxBytes: String(maxBytes) } }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHttpServer(options: {
  readonly ctx: ServiceContext;
  readonly config: HttpConfig;
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
}): Promise<RunningHttpServer> {
  const { ctx, config, logger, metrics } = options;
  const listen = config.httpListen;
  if (!listen) throw new Error('HTTP_LISTEN is not configured');
  const widgetTokens = config.widgetTokenSecret ? new WidgetTokens(config.widgetTokenSecret) : undefined;
  const authenticate = httpAuthenticator(options.authenticator, widgetTokens);
  const methods = connectMethods(ctx);
  const allowedOrigins = new Set(config.widgetAllowedOrigins);
  const pages = widgetAssets({ ctx, devMode: config.devMode, widgetTokens, allowedOrigins: config.widgetAllowedOrigins });
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
      'access-control-allow-headers': 'authorization, content-type, connect-protocol-version, connect-timeout-ms, x-request-id',
      'access-control-expose-headers': 'x-request-id',
      'access-control-max-age': '600',
    };
  }

  async function serveConnect(req: IncomingMessage, path: string): Promise<{ status: number; body: string; code: string; organizationId: string; reason?: string; level?: string; cause?: unknown }> {
    const method = methods.get(path);
    if (!method) throw new HttpFailure(404, 'no such method');
    let organizationId = '';
    try {
      if (req.method !== 'POST') throw new HttpFailure(405, 'use POST');
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json') throw new HttpFailure(415, 'send application/json');
      const caller = await authenticate(req.headersDistinct['authorization']);
      const body = await readBody(req, config.maxMessageBytes);
      let json: unknown;
      try {
        json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        throw new PolicyError('INVALID_ARGUMENT', ErrorReason.INVALID_ARGUMENT, 'the request body is not valid JSON');
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new PolicyError('INVALID_ARGUMENT', ErrorReason.INVALID_ARGUMENT, 'the request body must be a JSON object');
      }
      organizationId = method.organizationOf(json);
      const response = await method.run(json, caller);
      return { status: 200, body: JSON.stringify(response), code: 'ok', organizationId };
    } catch (error) {
      if (error instanceof HttpFailure) throw error;
      const connect = toConnectError(error);
      return {
        status: connect.httpStatus,
        body: JSON.stringify(connect.body),
        code: connect.body.code,
        organizationId,
        reason: connect.mapped.reason,
        level: connect.mapped.level,
        cause: connect.mapped.cause,
      };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers: Record<string, string> = { 'x-request-id': requestId, 'x-content-type-options': 'nosniff', ...corsHeaders(req) };
    let status = 500;
    let route = 'other';
    let extra: Record<string, unknown> = {};
    let level: string | undefined;
    let cause: unknown;
    try {
      if (req.method === 'OPTIONS') {
        // CORS preflight: the headers above say everything.
        status = 204;
        route = 'preflight';
        res.writeHead(status, headers).end();
      } else if (path.startsWith('/sessionpolicy.v1.')) {
        route = path;
        const answer = await serveConnect(req, path);
        status = answer.status;
        extra = { code: answer.code, organizationId: answer.organizationId, ...(answer.reason ? { reason: answer.reason } : {}) };
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
    metrics.observeCall(`http ${route}`, String(status), latencyMs);
    const line = { method: req.method, path: path.slice(0, 200), status, latencyMs, requestId, ...extra };
    if (status >= 500 || level === 'error') logger.error({ ...line, ...(cause !== undefined ? { err: cause } : {}) }, 'http request failed');
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
