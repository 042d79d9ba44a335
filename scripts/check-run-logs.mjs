// No credential in any log line: every token the tests used (credentials.txt, written by
// test/contract/support/run-log.ts) is looked for in every log file of the run, whole and by its
// first 24 and last 16 characters (an error that quotes a prefix or the end of a header leaks too).
// Usage: node scripts/check-run-logs.mjs <run log dir>. Fails when it finds one, or has nothing to check.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: check-run-logs.mjs <run log dir>');
const credentials = [...new Set(readFileSync(join(dir, 'credentials.txt'), 'utf8').split('\n').filter((t) => t.length >= 16))];
const pieces = credentials.flatMap((token) => [...new Set([token, token.slice(0, 24), token.slice(-16)])].map((piece) => ({ token, piece })));
const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
let bytes = 0;
let lines = 0;
const found = [];
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  bytes += statSync(join(dir, file)).size;
  lines += text.split('\n').length - 1;
  for (const { token, piece } of pieces) {
    const at = text.indexOf(piece);
    if (at >= 0) found.push(`${file}: a credential (${token.slice(0, 6)}…, ${token.length} chars) at line ${text.slice(0, at).split('\n').length}`);
  }
}
console.log(`credentials in logs: ${credentials.length} credentials checked in ${files.length} log files (${lines} lines, ${(bytes / 1048576).toFixed(1)} MiB): ${found.length} found`);
for (const f of found.slice(0, 20)) console.log(`  ${f}`);
if (credentials.length === 0 || lines === 0) {
  console.log('  nothing was checked: the run recorded no credentials or wrote no log lines');
  process.exit(1);
}
process.exit(found.length > 0 ? 1 : 0);
