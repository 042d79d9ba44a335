// grpc-js logs on its own (to stderr by default), e.g. "Failed to add metadata entry authorization:
// Bearer <token>…" for a header it cannot parse. Route it through the service logger, with any
// credential removed first: pino's redaction only sees structured fields, not this free text.
import { setLogger } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { redactCredentials } from '../logger';

function line(args: unknown[]): string {
  return redactCredentials(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
}

export function routeGrpcLogging(logger: Logger): void {
  const grpcLogger = logger.child({ component: 'grpc-js' });
  setLogger({
    error: (...args: unknown[]) => grpcLogger.error(line(args)),
    info: (...args: unknown[]) => grpcLogger.info(line(args)),
    debug: (...args: unknown[]) => grpcLogger.debug(line(args)),
  });
}
