// `npm run bench`: ghz against the real server process on a real FerretDB, writing BENCHMARKS.md.
// Scenarios (same server configuration unless named): (a) EchoService baseline through the same call
// boundary (bench/echo-server.ts: the service's interceptors, no policy work), (b) ResolveEffectivePolicy
// from cache, (c) Resolve with CACHE_READ_THROUGH=true, (d) cached
// Resolve with 10^3 and with 10^6 organization policies stored, plus a cold sweep over 10^6 orgs to
// show that memory stays bounded by the cache. Bounded in count and time; 127.0.0.1 only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, release } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort, isListening, startEmbeddedFerretDb } from '../src/storage/embedded-ferretdb';
import { sha256Hex } from '../src/transport/authenticate';
import { DEFAULT_APPLICATION_POLICY } from '../src/app/application-defaults';
import { MongoPolicyStore } from '../src/storage/mongo-policy-store';

const ROOT = resolve(__dirname, '..');
const GHZ = join(ROOT, '.tools/bin/ghz');
const TOKEN = `bench_${randomBytes(16).toString('hex')}`;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const HOT_ORGS = 1000;
const MILLION = Number(process.env['BENCH_LARGE_ORGS'] ?? 1_000_000);
// Small enough that the cold sweep below evicts within a bounded run: FerretDB serves random reads
// across a million documents at well under 100 per second on this machine.
const CACHE_MAX = Number(process.env['BENCH_CACHE_MAX'] ?? 2000);

interface Result {
  readonly name: string;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly count: number;
  readonly errors: number;
  readonly rssMb: number;
}

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function seed(uri: string, database: string, organizations: number): Promise<void> {
  // Indexes first, as a running service would have made them, then a bulk import of organizations.
  const prepared = await MongoPolicyStore.connect(uri, database, { applicationDefaults: DEFAULT_APPLICATION_POLICY, revisionGapGraceMs: 2000 });
  await prepared.client.close();
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(database);
    await db.collection('application_policy').insertOne({
      _id: 'application' as never, absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 120, accessTokenMinutes: 15, version: 1,
    });
    const batch = 5000;
    for (let start = 0; start < organizations; start += batch) {
      const docs = [];
      for (let i = start; i < Math.min(organizations, start + batch); i++) {
        docs.push({
          _id: `org-${i}`,
          policy: { source: 'CUSTOM', absoluteMinutes: 240 + (i % 600), idleEnabled: i % 2 === 0, ...(i % 2 === 0 ? { idleMinutes: 30 + (i % 60) } : {}) },
          features: { session_policy: true },
          recordRevision: 1,
          policyVersion: 1,
          settingsVersion: 1,
        });
      }
      await db.collection('organizations').insertMany(docs as never[], { ordered: false });
      if ((start / batch) % 20 === 0) log(`seeded ${start + docs.length}/${organizations} organizations into ${database}`);
    }
  } finally {
    await client.close();
  }
}

interface Server {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

async function startServer(uri: string, database: string, env: Record<string, string> = {}): Promise<Server> {
  return startProcess(['dist/src/main.js'], (port) => ({ SESSION_POLICY_LISTEN: `127.0.0.1:${port}`, MONGODB_URI: uri, MONGODB_DATABASE: database, ...env }));
}

/** The echo baseline (bench/echo-server.ts), run through tsx: it is not part of the built service. */
function startEchoServer(): Promise<Server> {
  return startProcess(['--import', 'tsx', 'bench/echo-server.ts'], (port) => ({ ECHO_LISTEN: `127.0.0.1:${port}` }));
}

async function startProcess(args: string[], envFor: (port: number) => Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}/bench/profiles`] : []), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      SERVICE_TOKENS: `bench:read+admin:${sha256Hex(TOKEN)}`,
      CACHE_MAX_ORGANIZATIONS: String(CACHE_MAX),
      LOG_LEVEL: 'info',
      ...envFor(port),
    },
    // The server writes its log line per call as in production; nobody on this machine reads it.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 30_000;
  while (!(await isListening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    pid: child.pid as number,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function ghz(name: string, server: Server, method: string, data: string, extra: string[]): Result {
  const args = [
    '--insecure', '--format=json', `--call=${method}`, `--data=${data}`,
    `--metadata={"authorization":"Bearer ${TOKEN}"}`, `--concurrency=${CONCURRENCY}`, '--connections=4',
    ...extra, `127.0.0.1:${server.port}`,
  ];
  const out = JSON.parse(execFileSync(GHZ, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' })) as {
    errorDistribution?: Record<string, number>; count: number; rps: number; latencyDistribution: { percentage: number; latency: number }[] | null; statusCodeDistribution: Record<string, number>;
  };
  const pct = (p: number): number => (out.latencyDistribution?.find((d) => d.percentage === p)?.latency ?? NaN) / 1e6;
  // Calls still in flight when a --duration run ends are cut by ghz itself; they are not server errors.
  const cut = (message: string): boolean => /use of closed network connection|client connection is closing/.test(message);
  const errors = Object.entries(out.errorDistribution ?? {}).filter(([message]) => !cut(message)).reduce((s, [, n]) => s + n, 0);
  const result = { name, rps: Math.round(out.rps), p50Ms: pct(50), p99Ms: pct(99), count: out.count, errors, rssMb: rssMb(server.pid) };
  if (errors > 0) log(`${name} errors: ${JSON.stringify(Object.fromEntries(Object.entries(out.errorDistribution ?? {}).filter(([m]) => !cut(m))))}`);
  log(`${name}: ${result.rps} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.count} calls, ${errors} errors, RSS ${result.rssMb} MB`);
  return result;
}

const ECHO = 'sessionpolicy.bench.v1.EchoService.Echo';
const RESOLVE = 'sessionpolicy.v1.SessionPolicyResolverService.ResolveEffectivePolicy';
const hot = `{"organization_ids":["org-{{randomInt 0 ${HOT_ORGS}}}"]}`;
const throughput = [`--duration=${SECONDS}s`];

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/install-tools.sh', 'ferretdb', 'ghz'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-bench-'));
  const ferret = await startEmbeddedFerretDb({ binary: join(ROOT, '.tools/bin/ferretdb'), dataDir });
  const results: Record<string, Result> = {};
  try {
    await seed(ferret.uri, 'bench_1k', HOT_ORGS);
    const echo = await startEchoServer();
    let server = await startServer(ferret.uri, 'bench_1k');
    ghz('warm-up', echo, ECHO, hot, ['--total=5000']);
    ghz('warm-up', server, RESOLVE, hot, ['--total=5000']);
    results['a'] = ghz('(a) Echo baseline', echo, ECHO, hot, throughput);
    results['b'] = ghz('(b) Resolve, cached (10^3 stored)', server, RESOLVE, hot, throughput);
    // Latency at the same offered load: half of the baseline's throughput, for both.
    const offered = Math.round((results['a'].rps * 0.5) / 100) * 100;
    results['aFixed'] = ghz(`(a) Echo at ${offered} req/s`, echo, ECHO, hot, [...throughput, `--rps=${offered}`]);
    results['bFixed'] = ghz(`(b) Resolve at ${offered} req/s`, server, RESOLVE, hot, [...throughput, `--rps=${offered}`]);
    await server.stop();
    await echo.stop();

    server = await startServer(ferret.uri, 'bench_1k', { CACHE_READ_THROUGH: 'true' });
    results['c'] = ghz('(c) Resolve, store on every call', server, RESOLVE, hot, throughput);
    await server.stop();

    await seed(ferret.uri, 'bench_1m', MILLION);
    server = await startServer(ferret.uri, 'bench_1m');
    ghz('warm-up', server, RESOLVE, hot, ['--total=5000']);
    results['d'] = ghz(`(d) Resolve, cached (${MILLION.toExponential(0)} stored)`, server, RESOLVE, hot, throughput);
    // Cold sweep: requests spread over every stored org, so the LRU has to evict.
    results['sweep'] = ghz(`cold sweep over ${MILLION.toExponential(0)} orgs (cache ${CACHE_MAX})`, server, RESOLVE, `{"organization_ids":["org-{{randomInt 0 ${MILLION}}}"]}`, ['--total=5000']);
    results['dAfter'] = ghz('(d) Resolve, cached, after the sweep', server, RESOLVE, hot, throughput);
    await server.stop();
  } finally {
    await ferret.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  writeReport(results);
}

function writeReport(r: Record<string, Result>): void {
  const get = (k: string): Result => r[k] as Result;
  const ratio = (x: number, y: number): string => (x / y).toFixed(2);
  const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
  const ba = get('b').rps / get('a').rps;
  const p99ratio = get('bFixed').p99Ms / get('aFixed').p99Ms;
  const bc = get('b').rps / get('c').rps;
  const dd = get('d').rps / get('b').rps;
  const cpu = cpus()[0]?.model ?? 'unknown';
  const ghzVersion = execFileSync(GHZ, ['--version'], { encoding: 'utf8' }).trim();
  const rows = Object.values(r).map((x) => `| ${x.name} | ${x.rps} | ${x.p50Ms.toFixed(2)} | ${x.p99Ms.toFixed(2)} | ${x.count} | ${x.errors} | ${x.rssMb} |`);
  const report = `# Benchmarks

All numbers below come from one run of \`npm run bench\` (${new Date().toISOString().slice(0, 10)}); ratios are
taken within that run, since this machine is shared and noisy.

**Reproduce:** \`npm run bench\` (env: \`BENCH_SECONDS\`=${SECONDS}, \`BENCH_CONCURRENCY\`=${CONCURRENCY}, \`BENCH_LARGE_ORGS\`=${MILLION}).
It builds the server, starts FerretDB 1.24 (SQLite) and the server as separate processes on
127.0.0.1, seeds organizations, and drives load with ghz (${ghzVersion}), ${CONCURRENCY} concurrent
calls over 4 connections. Every server in the run has the same configuration (service-token auth,
one JSON log line per call, metrics) except (c), which sets \`CACHE_READ_THROUGH=true\`.

**Machine:** ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}. ghz runs on the same 2 cores as the server.

| scenario | req/s | p50 ms | p99 ms | calls | errors | server RSS MB |
|---|---|---|---|---|---|---|
${rows.join('\n')}

| target | measured | verdict |
|---|---|---|
| b/a ≥ 0.9 (Resolve from cache vs echo baseline, throughput) | ${ratio(get('b').rps, get('a').rps)} | ${verdict(ba >= 0.9)} |
| p99(b) ≤ 1.2 × p99(a) at the same offered load | ${p99ratio.toFixed(2)} | ${verdict(p99ratio <= 1.2)} |
| b/c ≥ 10 (cache vs store on every call) | ${bc.toFixed(1)} | ${verdict(bc >= 10)} |
| d(10^6)/d(10^3) ≥ 0.9 | ${dd.toFixed(2)} | ${verdict(dd >= 0.9)} |
| RSS with 10^6 stored, after a 5k-call sweep across all of them | ${get('sweep').rssMb} MB (cache bound ${CACHE_MAX} orgs) | reported |
`;
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
  log('wrote BENCHMARKS.md');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
