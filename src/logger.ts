import pino, { type Logger } from 'pino';
import type { Config } from './config';

/** JSON logs on stdout; anything that could hold a credential is redacted even if logged by mistake. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'session-policy' },
    redact: { paths: ['authorization', '*.authorization', 'metadata.authorization', 'token', '*.token', 'serviceTokens'], censor: '[redacted]' },
    // Epoch milliseconds (pino's default): formatting ISO dates showed up in the hot-path profile.
  });
}
