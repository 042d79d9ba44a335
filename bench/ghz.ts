// One ghz run against a bench process, summarized; descriptors from gen/descriptor so every server
// (with or without reflection) is driven the same way.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { log, rssMb, type BenchProcess } from './processes';

export interface GhzResult {
  readonly name: string;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly count: number;
  readonly errors: number;
  readonly rssMb: number;
  readonly concurrency: number;
}

export interface GhzSettings {
  readonly root: string;
  readonly token: string;
}

export function ghz(settings: GhzSettings, name: string, target: BenchProcess, method: string, data: string, options: { concurrency: number; connections?: number; run: string[] }): GhzResult {
  const args = [
    '--insecure',
    '--format=json',
    `--protoset=${join(settings.root, 'gen/descriptor/sessionpolicy.binpb')}`,
    `--call=${method}`,
    `--data=${data}`,
    `--metadata={"authorization":"Bearer ${settings.token}"}`,
    `--concurrency=${options.concurrency}`,
    `--connections=${options.connections ?? Math.min(4, options.concurrency)}`,
    ...options.run,
    `127.0.0.1:${target.port}`,
  ];
  const out = JSON.parse(execFileSync(join(settings.root, '.tools/bin/ghz'), args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })) as {
    errorDistribution?: Record<string, number>;
    count: number;
    rps: number;
    latencyDistribution: { percentage: number; latency: number }[] | null;
  };
  const pct = (p: number): number => (out.latencyDistribution?.find((d) => d.percentage === p)?.latency ?? NaN) / 1e6;
  // Calls still in flight when a --duration run ends are cut by ghz itself; they are not server errors.
  const cut = (message: string): boolean => /use of closed network connection|client connection is closing|context canceled|transport is closing/.test(message);
  const real = Object.entries(out.errorDistribution ?? {}).filter(([message]) => !cut(message));
  const errors = real.reduce((s, [, n]) => s + n, 0);
  const result: GhzResult = { name, rps: out.rps, p50Ms: pct(50), p99Ms: pct(99), count: out.count, errors, rssMb: rssMb(target.pid), concurrency: options.concurrency };
  if (errors > 0) log(`${name} errors: ${JSON.stringify(Object.fromEntries(real))}`);
  log(`${name}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.count} calls, ${errors} errors, RSS ${result.rssMb} MB`);
  return result;
}
