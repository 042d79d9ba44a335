// `npm run bench`: the real server processes on a real FerretDB 1.24, driven by ghz and small grpc-js
// clients, in one bounded run that writes BENCHMARKS.md. Scenarios (see BENCHMARKS.md for the why):
//   small store (BENCH_SMALL_ORGS, 10^3): Resolve, store-read-per-call baseline, updates (1 and 8
//     concurrent), Resolve with a SessionContext against 50 session rules vs without (issue 13);
//   large store (BENCH_LARGE_ORGS, 10^6): start to SERVING, RSS, uniform Resolve vs the echo baseline,
//     updates, propagation to a second instance and its Watch streams, store-read-per-call baseline,
//     and (BENCH_CPU_PROF=1) a CPU profile of a server under update load.
// Every process binds 127.0.0.1 on a free port and is stopped at the end, even on failure.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedFerretDb } from '../src/storage/embedded-ferretdb';
import { clientsFor, fiftyRules, BENCH_CONTEXT_JSON, setRules } from './clients';
import { topFrames } from './cpu-profile';
import { ghz } from './ghz';
import { measurePropagation } from './propagation';
import { cpuMs, heapMb, log, replicaLoaded, rssMb, startEcho, startService, startStoreRead, stopAll, type ProcessOptions } from './processes';
import { writeReport, type BenchRun } from './report';
import { seedPerOrganization, seedSnapshot } from './seed';
import { measureRawStore } from './raw-store';

const ROOT = resolve(__dirname, '..');
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
export const SETTINGS = {
  seconds: num('BENCH_SECONDS', 10),
  concurrency: num('BENCH_CONCURRENCY', 32),
  smallOrgs: num('BENCH_SMALL_ORGS', 1000),
  largeOrgs: num('BENCH_LARGE_ORGS', 1_000_000),
  storeReadLargeOrgs: num('BENCH_STORE_READ_LARGE_ORGS', num('BENCH_LARGE_ORGS', 1_000_000)),
  storeReadLargeCalls: num('BENCH_STORE_READ_LARGE_CALLS', 20),
  changes: num('BENCH_CHANGES', 100),
  watchers: num('BENCH_WATCHERS', 100),
  cpuProfile: process.env['BENCH_CPU_PROF'] === '1',
  /** Extra node flags for the service processes only (e.g. a heap limit), to try a setting. */
  serverNodeArgs: (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== ''),
};

const RESOLVE = 'sessionpolicy.v1.SessionPolicyResolverService.ResolveEffectivePolicy';
const ECHO = 'sessionpolicy.bench.v1.EchoService.Echo';
const UPDATE = 'sessionpolicy.v1.SessionPolicyAdminService.UpdateOrganizationSessionPolicy';
const uniform = (n: number): string => `{"organization_ids":["org-{{randomInt 0 ${n}}}"]}`;
// Values 60..599: below every seeded value's range end and apart from propagation's 1000+.
const update = (n: number): string =>
  `{"organization_id":"org-{{randomInt 0 ${n}}}","policy_source":"CUSTOM","absolute_session_timeout":"{{randomInt 60 600}}","absolute_session_timeout_unit":"MINUTES","idle_session_timeout_enabled":false}`;
/** Servers allow more Watch streams per principal than the default 16: the bench holds 100 with one token. */
const SERVER_ENV = { WATCH_MAX_STREAMS_PER_PRINCIPAL: '1000' };
/** The fixed rate at which the server's CPU per call is measured. */
const CPU_RATE = 800;

async function main(): Promise<void> {
  const started = Date.now();
  for (const tool of ['ferretdb', 'ghz']) {
    if (!existsSync(join(ROOT, '.tools/bin', tool))) throw new Error(`.tools/bin/${tool} missing: run scripts/install-tools.sh ${tool}`);
  }
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const token = `bench_${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-bench-'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir);
  const profileDir = join(dataDir, 'profiles');
  const options: ProcessOptions = { root: ROOT, logDir, token, nodeArgs: SETTINGS.serverNodeArgs };
  const g = { root: ROOT, token };
  const s = SETTINGS;
  const run = [`--duration=${s.seconds}s`];
  const ferret = await startEmbeddedFerretDb({ binary: join(ROOT, '.tools/bin/ferretdb'), dataDir: join(dataDir, 'ferretdb') });
  log(`FerretDB at ${ferret.uri}, data in ${dataDir}`);
  const r: Partial<BenchRun> = { settings: s };
  try {
    // ---- small store: 10^3 organizations ----
    r.seedSmallMs = await seedSnapshot(ferret.uri, 'bench_small', s.smallOrgs);
    const echo = await startEcho(options);
    const small = await startService('service-small', options, ferret.uri, 'bench_small', SERVER_ENV);
    ghz(g, 'warm-up echo', echo, ECHO, uniform(s.smallOrgs), { concurrency: s.concurrency, run: ['--total=3000'] });
    ghz(g, 'warm-up resolve', small, RESOLVE, uniform(s.smallOrgs), { concurrency: s.concurrency, run: ['--total=3000'] });
    r.resolveSmall = ghz(g, `Resolve, uniform over ${s.smallOrgs} orgs`, small, RESOLVE, uniform(s.smallOrgs), { concurrency: s.concurrency, run });
    r.updateSmallSeq = ghz(g, `Update, sequential, ${s.smallOrgs} stored`, small, UPDATE, update(s.smallOrgs), { concurrency: 1, run });
    r.updateSmallConc = ghz(g, `Update, 8 concurrent, ${s.smallOrgs} stored`, small, UPDATE, update(s.smallOrgs), { concurrency: 8, run });

    // Issue 13: 50 rules on org-1 (its feature is on), Resolve with a context vs without, alternating.
    const admin = clientsFor(small, token);
    await setRules(admin, 'org-1', fiftyRules());
    admin.close();
    const withContext = `{"organization_ids":["org-1"],"context":${BENCH_CONTEXT_JSON}}`;
    const without = '{"organization_ids":["org-1"]}';
    r.rules = [];
    for (let round = 1; round <= 2; round++) {
      r.rules.push(ghz(g, `Resolve org-1 (50 rules), no context, round ${round}`, small, RESOLVE, without, { concurrency: s.concurrency, run }));
      r.rules.push(ghz(g, `Resolve org-1 (50 rules), with context, round ${round}`, small, RESOLVE, withContext, { concurrency: s.concurrency, run }));
    }

    r.seedStoreReadSmallMs = await seedPerOrganization(ferret.uri, 'store_read_small', s.smallOrgs);
    let storeRead = await startStoreRead(options, ferret.uri, 'store_read_small');
    ghz(g, 'warm-up store-read', storeRead, RESOLVE, uniform(s.smallOrgs), { concurrency: s.concurrency, run: ['--total=500'] });
    r.storeReadSmall = ghz(g, `store-read per call, ${s.smallOrgs} docs`, storeRead, RESOLVE, uniform(s.smallOrgs), { concurrency: s.concurrency, run });
    await storeRead.stop();
    await small.stop();

    // ---- large store: 10^6 organizations ----
    r.seedLargeMs = await seedSnapshot(ferret.uri, 'bench_large', s.largeOrgs);
    const a = await startService('service-a', options, ferret.uri, 'bench_large', SERVER_ENV);
    r.readyA = { readyMs: a.readyMs, loaded: replicaLoaded(a), rssMb: rssMb(a.pid), heap: await heapMb(a) };
    log(`A: SERVING after ${a.readyMs} ms, ${JSON.stringify(r.readyA.loaded)}, RSS ${r.readyA.rssMb} MB`);
    ghz(g, 'warm-up resolve (large)', a, RESOLVE, uniform(s.largeOrgs), { concurrency: s.concurrency, run: ['--total=3000'] });
    r.echoLarge = [];
    r.resolveLarge = [];
    for (let round = 1; round <= 2; round++) {
      r.echoLarge.push(ghz(g, `Echo baseline, round ${round}`, echo, ECHO, uniform(s.largeOrgs), { concurrency: s.concurrency, run }));
      r.resolveLarge.push(ghz(g, `Resolve, uniform over ${s.largeOrgs} orgs, round ${round}`, a, RESOLVE, uniform(s.largeOrgs), { concurrency: s.concurrency, run }));
    }
    r.afterResolve = { rssMb: rssMb(a.pid), heap: await heapMb(a) };
    // Where the throughput gap is: the server's own CPU per call at one fixed rate (well below either's
    // saturation), echo and Resolve alternating, so the client's share of the two shared cores is out.
    r.cpuPerCall = [];
    for (let round = 1; round <= 2; round++) {
      for (const [name, target, method] of [['Echo', echo, ECHO], ['Resolve', a, RESOLVE]] as const) {
        const before = cpuMs(target.pid);
        const result = ghz(g, `${name} at ${CPU_RATE} req/s, round ${round}`, target, method, uniform(s.largeOrgs), { concurrency: s.concurrency, run: [`--rps=${CPU_RATE}`, `--total=${CPU_RATE * s.seconds}`] });
        r.cpuPerCall.push({ name, rate: CPU_RATE, usPerCall: ((cpuMs(target.pid) - before) * 1000) / result.count });
      }
    }
    await echo.stop();
    r.updateLargeSeq = ghz(g, `Update, sequential, ${s.largeOrgs} stored`, a, UPDATE, update(s.largeOrgs), { concurrency: 1, run });
    r.updateLargeConc = ghz(g, `Update, 8 concurrent, ${s.largeOrgs} stored`, a, UPDATE, update(s.largeOrgs), { concurrency: 8, run });
    r.rawStore = await measureRawStore(ferret.uri, 'bench_large');

    const b = await startService('service-b', options, ferret.uri, 'bench_large', SERVER_ENV);
    r.readyB = { readyMs: b.readyMs, loaded: replicaLoaded(b), rssMb: rssMb(b.pid), heap: await heapMb(b) };
    r.propagation = await measurePropagation(a, b, token, s.changes, s.watchers);
    r.rssAfter = { a: rssMb(a.pid), b: rssMb(b.pid), heapA: await heapMb(a), heapB: await heapMb(b) };
    await b.stop();

    r.seedStoreReadLargeMs = await seedPerOrganization(ferret.uri, 'store_read_large', s.storeReadLargeOrgs);
    storeRead = await startStoreRead(options, ferret.uri, 'store_read_large');
    // A read scans the whole collection on FerretDB: a bounded count at low concurrency, not a duration.
    r.storeReadLarge = ghz(g, `store-read per call, ${s.storeReadLargeOrgs} docs`, storeRead, RESOLVE, uniform(s.storeReadLargeOrgs), {
      concurrency: 2,
      run: [`--total=${s.storeReadLargeCalls}`, '--timeout=300s'],
    });
    r.resolveForStoreRead = ghz(g, `Resolve, uniform over ${s.storeReadLargeOrgs} orgs (next to store-read)`, a, RESOLVE, uniform(s.storeReadLargeOrgs), { concurrency: s.concurrency, run });
    await storeRead.stop();
    await a.stop();

    if (s.cpuProfile) {
      mkdirSync(profileDir, { recursive: true });
      const p = await startService('service-profiled', { ...options, nodeArgs: [...s.serverNodeArgs, '--cpu-prof', `--cpu-prof-dir=${profileDir}`] }, ferret.uri, 'bench_large', SERVER_ENV);
      const t0 = performance.now();
      r.profiledResolve = ghz(g, `Resolve, uniform over ${s.largeOrgs} orgs (profiled)`, p, RESOLVE, uniform(s.largeOrgs), { concurrency: s.concurrency, run });
      const t1 = performance.now();
      r.profiledSeq = ghz(g, 'Update, sequential (profiled)', p, UPDATE, update(s.largeOrgs), { concurrency: 1, run });
      r.profiledConc = ghz(g, 'Update, 8 concurrent (profiled)', p, UPDATE, update(s.largeOrgs), { concurrency: 8, run });
      const t2 = performance.now();
      await p.stop();
      const end = performance.now();
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        r.profileResolve = topFrames(join(profileDir, file), ROOT, { fromMs: end - t0, toMs: end - t1 }, 20);
        r.profile = topFrames(join(profileDir, file), ROOT, { fromMs: end - t1, toMs: end - t2 }, 20);
      }
    }
  } finally {
    await stopAll();
    await ferret.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  r.totalSeconds = Math.round((Date.now() - started) / 1000);
  writeReport(ROOT, r as BenchRun);
  log(`wrote ${process.env['BENCH_REPORT'] ?? 'BENCHMARKS.md'} after ${r.totalSeconds} s`);
}



main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
