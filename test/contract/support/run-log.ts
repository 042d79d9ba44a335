// Every log line a service writes during a test run lands under RUN_LOG_DIR, and every credential a
// test uses is listed there (credentials.txt), so scripts/check-run-logs.mjs can show that no
// credential reached any log line, on any path the tests took.
import { appendFileSync, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createLogger } from '../../../src/logger';

export const RUN_LOG_DIR = process.env['SPOL_RUN_LOG_DIR'] ?? resolve(__dirname, '../../../.test-logs/local');
mkdirSync(RUN_LOG_DIR, { recursive: true });

const recorded = new Set<string>();
let files = 0;

/** Lists `token` as a credential no log may contain; answers it, for use inline. */
export function recordCredential(token: string): string {
  if (!recorded.has(token)) {
    recorded.add(token);
    appendFileSync(join(RUN_LOG_DIR, 'credentials.txt'), `${token}\n`);
  }
  return token;
}

/** A new log file of this run, for one service. */
export function runLogStream(label: string): WriteStream {
  files += 1;
  return createWriteStream(join(RUN_LOG_DIR, `${label.replace(/[^\w.-]/g, '_')}-${process.pid}-${files}.log`), { flags: 'a' });
}

/** The production logger (with its redaction) at debug level, into a run log file, and into `also` when given. */
export function serviceLogger(label: string, also?: Writable, level: 'debug' | 'info' = 'debug'): Logger {
  const file = pino.destination({ dest: join(RUN_LOG_DIR, `${label.replace(/[^\w.-]/g, '_')}-${process.pid}-${(files += 1)}.log`), sync: true, mkdir: true });
  return createLogger(level, also ? pino.multistream([{ stream: file, level }, { stream: also, level }]) : file);
}
