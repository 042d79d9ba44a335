// Revocation benchmark (issue 14), bounded in time, 127.0.0.1 only: two real server processes on one
// embedded FerretDB, 10^5 revocations kept (seeded as a snapshot, as an instance would have written
// it), then
//   1. sustained RevokeSessions/s through instance A (closed loop, BENCH_REVOKE_CONCURRENCY callers),
//   2. propagation to instance B under that load (sampled: revoke on A, poll EvaluateSession on B),
//   3. RSS per kept revocation: instances started on 0, 10^5 and 10^6 kept revocations, RSS right
//      after loading and once settled (V8 returns the garbage of loading after ~30 s idle); the
//      figures are the 10^6 instance over the empty one, and the slope between 10^5 and 10^6,
//   4. EvaluateSession with a session_id as a ratio to without one (same closed loop on B).
// Run: npm run bench:revocations   (BENCH_SECONDS, BENCH_KEPT,
// BENCH_REVOKE_CONCURRENCY, BENCH_EVALUATE_CONCURRENCY to tune; --expose-gc for the retained-heap figure)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { credentials, Metadata } from '@grpc/grpc-js';
import { SessionPolicyAdminServiceClient } from '../gen/ts/sessionpolicy/v1/admin_service';
import { SessionExpiryReason, SessionPolicyResolverServiceClient, type EvaluateSessionResponse } from '../gen/ts/sessionpolicy/v1/resolver_service';
import { RevocationReason } from '../gen/ts/sessionpolicy/v1/session_revocation';
import type { StoredRevocation } from '../src/app/policy-store';
import { RevocationSet } from '../src/app/revocation-set';
import { startEmbeddedFerretDb } from '../src/storage/embedded-ferretdb';
import { MongoPolicyStore } from '../src/storage/mongo-policy-store';
import { sha256Hex } from '../src/transport/authenticate';
import { toTimestamp } from '../src/transport/proto-mapping';
import { REVOCATION_SECTION, writeSection } from './report';

const ROOT = resolve(__dirname, '..');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const KEPT = Number(process.env['BENCH_KEPT'] ?? 100_000);
/** The larger store of the RSS figure: fixed costs of loading a snapshot vanish next to this many. */
const LARGE = Number(process.env['BENCH_KEPT_LARGE'] ?? 1_000_000);
const REVOKE_CONCURRENCY = Number(process.env['BENCH_REVOKE_CONCURRENCY'] ?? 64);
const EVALUATE_CONCURRENCY = Number(process.env['BENCH_EVALUATE_CONCURRENCY'] ?? 16);
const TOKEN = `bench_${randomBytes(16).toString('hex')}`;
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

interface Instance {
  readonly pid: number;
  readonly admin: SessionPolicyAdminServiceClient;
  readonly resolver: SessionPolicyResolverServiceClient;
  stop(): Promise<void>;
}

async function startInstance(uri: string, database: string): Promise<Instance> {
  // The built service, as `npm start` runs it (tsx would add its compiler to every RSS figure). The
  // load lands in a few organizations (org-<length of the session id % 50>): the per-organization cap
  // is raised so that a long BENCH_SECONDS measures throughput, not the cap.
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', SESSION_POLICY_LISTEN: '127.0.0.1:0', MONGODB_URI: uri, MONGODB_DATABASE: database, SERVICE_TOKENS: `bench:admin:${sha256Hex(TOKEN)}`, LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '1000', MAX_REVOCATIONS_PER_ORGANIZATION: '10000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('instance did not start')), 120_000);
    createInterface({ input: child.stderr! }).on('line', (line) => log(`server: ${line.slice(0, 300)}`));
    // One info line per call (as in production): read and dropped, the listening line gives the port.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('session policy service listening')) {
        clearTimeout(timer);
        ok((JSON.parse(line) as { port: number }).port);
      }
    });
  });
  const address = `127.0.0.1:${port}`;
  const admin = new SessionPolicyAdminServiceClient(address, credentials.createInsecure());
  const resolver = new SessionPolicyResolverServiceClient(address, credentials.createInsecure());
  return {
    pid: child.pid as number,
    admin,
    resolver,
    async stop() {
      admin.close();
      resolver.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const metadata = (): Metadata => {
  const m = new Metadata();
  m.set('authorization', `Bearer ${TOKEN}`);
  return m;
};

const rssBytes = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

function unary<Req, Res>(method: (r: Req, m: Metadata, cb: (e: Error | null, res: Res) => void) => unknown, request: Req): Promise<Res> {
  return new Promise((ok, fail) => method(request, metadata(), (error, response) => (error ? fail(error) : ok(response))));
}

const revoke = (instance: Instance, sessionId: string) =>
  unary(instance.admin.revokeSessions.bind(instance.admin), { organizationId: `org-${sessionId.length % 50}`, target: { $case: 'sessionId', value: sessionId }, reason: RevocationReason.REVOCATION_REASON_LOGOUT, requestId: '' });

const evaluate = (instance: Instance, organizationId: string, sessionId: string): Promise<EvaluateSessionResponse> => {
  const now = new Date();
  return unary<Parameters<typeof instance.resolver.evaluateSession>[0], EvaluateSessionResponse>(instance.resolver.evaluateSession.bind(instance.resolver), { context: undefined, organizationIds: [organizationId], sessionStartTime: toTimestamp(now.getTime() - 60_000), lastActivityTime: toTimestamp(now.getTime()), evaluationTime: undefined, sessionId, subject: '' });
};

/** Runs `work` in `concurrency` closed loops for `seconds`; returns completed calls per second. */
async function closedLoop(seconds: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<{ rps: number; errors: number }> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        try {
          await work(next++);
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { rps: done / seconds, errors };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? NaN;

/** Memory the replica's RevocationSet retains per kept revocation after GC: JS heap and typed-array columns (needs --expose-gc). */
function retainedBytesPerRevocation(revocations: readonly StoredRevocation[]): { heap: number; columns: number } | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  // Twice: the first full GC may leave garbage of the previous step for the second.
  const measure = (): { heap: number; columns: number } => (gc(), gc(), { heap: process.memoryUsage().heapUsed, columns: process.memoryUsage().arrayBuffers });
  const before = measure();
  const set = new RevocationSet();
  for (const r of revocations) set.add(r);
  const after = measure();
  if (set.size !== revocations.length) throw new Error('set lost revocations');
  return { heap: Math.round((after.heap - before.heap) / revocations.length), columns: Math.round((after.columns - before.columns) / revocations.length) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-bench-revocations-'));
  const ferret = await startEmbeddedFerretDb({ binary: join(ROOT, '.tools/bin/ferretdb'), dataDir });
  const instances: Instance[] = [];
  try {
    const now = Date.now();
    const revocationsOf = (n: number): StoredRevocation[] =>
      Array.from({ length: n }, (_, i) => ({
        revision: i + 1,
        index: 0,
        organizationId: `org-${i % 1000}`,
        target: i % 10 === 0 ? { kind: 'SUBJECT', subject: `user-${i}` } : { kind: 'SESSION', sessionId: `seeded-${i.toString(36)}-${randomBytes(8).toString('hex')}` },
        reason: 'LOGOUT',
        actor: 'service:bench',
        revokedAtMs: now - (n - i),
      }));
    // Strings as they arrive from the store (fresh per revocation), not shared with this generator.
    const structureBytes = retainedBytesPerRevocation(JSON.parse(JSON.stringify(revocationsOf(KEPT))) as StoredRevocation[]);
    log(structureBytes ? `RevocationSet retains per kept revocation: ${structureBytes.heap} B of heap, ${structureBytes.columns} B of typed arrays` : 'RevocationSet retained memory: run with node --expose-gc');

    // n kept revocations, as the snapshot an instance would have written at revision n.
    const seed = async (database: string, n: number): Promise<void> => {
      const seeded = await MongoPolicyStore.connect(ferret.uri, database);
      await seeded.store.writeSnapshot({ revision: n + 1, application: undefined, organizations: [], ruleSets: [], recentRequests: [], revocations: revocationsOf(n) });
      await seeded.store.advanceHeadHint(n + 1);
      await seeded.client.close();
    };

    // 3: RSS with 0, KEPT and LARGE kept, one instance at a time, sampled every 2 s for 60 s.
    const rss: Record<number, { loaded: number; settled: number }> = {};
    for (const n of [0, KEPT, LARGE]) {
      await seed(`bench_rss_${n}`, n);
      const instance = await startInstance(ferret.uri, `bench_rss_${n}`);
      instances.push(instance);
      const samples: number[] = [];
      for (let t = 0; t < 30; t++) {
        await new Promise((r) => setTimeout(r, 2000));
        samples.push(rssBytes(instance.pid));
      }
      await instance.stop();
      instances.pop();
      const last = samples.slice(-3).sort((x, y) => x - y);
      rss[n] = { loaded: samples[0] ?? NaN, settled: last[1] ?? NaN };
      log(`RSS with ${n} kept (MiB, every 2 s): ${samples.map((b) => (b / 2 ** 20).toFixed(0)).join(' ')}`);
    }
    const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
    const slope = (key: 'loaded' | 'settled'): number => ((rss[LARGE]?.[key] ?? NaN) - (rss[KEPT]?.[key] ?? NaN)) / (LARGE - KEPT);
    const perRevocation = slope('settled');
    const overEmpty = ((rss[LARGE]?.settled ?? NaN) - (rss[0]?.settled ?? NaN)) / LARGE;
    log(
      `RSS settled: empty ${mib(rss[0]?.settled ?? NaN)} MiB, ${KEPT} kept ${mib(rss[KEPT]?.settled ?? NaN)} MiB, ${LARGE} kept ${mib(rss[LARGE]?.settled ?? NaN)} MiB → ` +
        `${perRevocation.toFixed(0)} B per kept revocation (slope), ${overEmpty.toFixed(0)} B over the empty instance; right after loading: slope ${slope('loaded').toFixed(0)} B`,
    );

    const database = 'bench_revocations';
    await seed(database, KEPT);
    log(`seeded ${KEPT} kept revocations`);
    const a = await startInstance(ferret.uri, database);
    instances.push(a);
    const b = await startInstance(ferret.uri, database);
    instances.push(b);
    await new Promise((r) => setTimeout(r, 3000));

    // 1 + 2: sustained revocations on A; meanwhile sample propagation to B.
    const propagation: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      for (let i = 0; sampling; i++) {
        const sessionId = `probe-${i}`;
        try {
          await revoke(a, sessionId);
          const written = performance.now();
          while ((await evaluate(b, `org-${sessionId.length % 50}`, sessionId)).reason !== SessionExpiryReason.SESSION_EXPIRY_REASON_REVOKED) {
            if (performance.now() - written > 10_000) throw new Error(`B never revoked ${sessionId}`);
            await new Promise((r) => setTimeout(r, 5));
          }
          propagation.push(performance.now() - written);
        } catch (error) {
          log(`probe failed: ${String(error)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const revoking = await closedLoop(SECONDS, REVOKE_CONCURRENCY, (i) => revoke(a, `load-${i}`));
    sampling = false;
    await sampler;
    propagation.sort((x, y) => x - y);
    log(`RevokeSessions: ${revoking.rps.toFixed(0)}/s sustained over ${SECONDS} s (${REVOKE_CONCURRENCY} concurrent callers, ${revoking.errors} errors)`);
    log(`propagation A→B under that load: p50 ${percentile(propagation, 0.5).toFixed(0)} ms, p99 ${percentile(propagation, 0.99).toFixed(0)} ms over ${propagation.length} samples`);

    // 4: EvaluateSession on B with and without a session id (kept revocations: KEPT + the load).
    const evaluateSeconds = Math.max(5, Math.round(SECONDS / 3));
    await closedLoop(3, EVALUATE_CONCURRENCY, (i) => evaluate(b, `org-${i % 1000}`, '')); // warm-up
    // without, with, without: the ratio is taken against the mean of both runs without, to cancel drift.
    const without1 = await closedLoop(evaluateSeconds, EVALUATE_CONCURRENCY, (i) => evaluate(b, `org-${i % 1000}`, ''));
    const withId = await closedLoop(evaluateSeconds, EVALUATE_CONCURRENCY, (i) => evaluate(b, `org-${i % 1000}`, `live-session-${i}`));
    const without2 = await closedLoop(evaluateSeconds, EVALUATE_CONCURRENCY, (i) => evaluate(b, `org-${i % 1000}`, ''));
    const without = { rps: (without1.rps + without2.rps) / 2 };
    log(`EvaluateSession: without session_id ${without.rps.toFixed(0)}/s, with ${withId.rps.toFixed(0)}/s → ratio ${(withId.rps / without.rps).toFixed(2)}`);

    const ratio = withId.rps / without.rps;
    const verdict = (met: boolean): string => (met ? 'met' : '**missed**');
    const p99 = percentile(propagation, 0.99);
    const settled = (n: number): string => `${mib(rss[n]?.settled ?? NaN)} MiB (${mib(rss[n]?.loaded ?? NaN)} MiB right after loading)`;
    writeSection(
      resolve(ROOT, process.env['BENCH_REPORT'] ?? 'BENCHMARKS.md'),
      REVOCATION_SECTION,
      `## Session revocation (issue 14)

One run of \`npm run bench:revocations\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; BENCH_SECONDS=${SECONDS}, BENCH_KEPT=${KEPT},
BENCH_REVOKE_CONCURRENCY=${REVOKE_CONCURRENCY}, BENCH_EVALUATE_CONCURRENCY=${EVALUATE_CONCURRENCY}: the defaults), on the same shared machine at a load
average of ${loadavg()[0]?.toFixed(1)}: one embedded FerretDB, the built service (\`node dist/src/main.js\`, production configuration),
${KEPT} kept revocations seeded as the snapshot an instance writes.

| target | measured | verdict |
|---|---|---|
| sustained RevokeSessions ≥ 200/s with ${KEPT} revocations kept | **${revoking.rps.toFixed(0)}/s**, ${revoking.errors} errors (${REVOKE_CONCURRENCY} concurrent callers on instance A; revocations arriving while an append is in flight share the next log entry, at most 256) | ${verdict(revoking.rps >= 200 && revoking.errors === 0)} |
| propagation to a second instance under that load, p99 ≤ 1 s | p50 ${percentile(propagation, 0.5).toFixed(0)} ms, **p99 ${p99.toFixed(0)} ms** (${propagation.length} probes: revoke on A, then EvaluateSession on B every 5 ms until REVOKED) | ${verdict(p99 <= 1000)} |
| RSS per kept revocation ≤ 300 B | **${overEmpty.toFixed(0)} B**: an instance holding ${LARGE} over one holding none, settled; ${perRevocation.toFixed(0)} B: the slope between ${KEPT} and ${LARGE} | ${verdict(overEmpty <= 300 && perRevocation <= 300)} |
| EvaluateSession with \`session_id\` vs without ≥ 0.9 | ${withId.rps.toFixed(0)} vs ${without.rps.toFixed(0)} req/s = **${ratio.toFixed(2)}** (${EVALUATE_CONCURRENCY} concurrent callers on B; without, with, without, against the mean of both runs without) | ${verdict(ratio >= 0.9)} |

**RSS.** One instance at a time on 0, ${KEPT} and ${LARGE} kept revocations, RSS read every 2 s for
60 s: empty ${settled(0)}; ${KEPT} kept ${settled(KEPT)}; ${LARGE} kept ${settled(LARGE)}.
Loading a snapshot leaves garbage V8 gives back after ~20–40 s idle, so the settled value is the
median of the last three readings (right after loading, the slope is ${slope('loaded').toFixed(0)} B). An instance that
loaded any snapshot stays some MiB above one that loaded nothing (the young generation and allocator
arenas grown while decoding are not all returned), and the empty instance's own RSS varies by ±15 MiB
between runs; both vanish next to ${LARGE} revocations, which is why that is the headline figure. Inside the
process a kept revocation is columns of typed arrays (revision, time, index, organization, actor,
kind and reason, key offset) plus its key's bytes and a slot of an open-addressing index: ${structureBytes ? `${structureBytes.columns} B of typed arrays and ${structureBytes.heap} B of JS heap each` : '(run with --expose-gc for the breakdown)'}, measured in this process with
\`--expose-gc\` on the same ${KEPT} revocations. Before the columns (objects in Maps) it was about 250 B of heap each
and 750 B of RSS; before group commit, one log entry per revocation gave 31/s.
`,
    );
    process.stdout.write(
      `${JSON.stringify({
        keptRevocations: KEPT,
        revokeSessionsPerSecond: Math.round(revoking.rps),
        revokeErrors: revoking.errors,
        propagationP50Ms: Math.round(percentile(propagation, 0.5)),
        propagationP99Ms: Math.round(percentile(propagation, 0.99)),
        propagationSamples: propagation.length,
        rssBytesPerKeptRevocation: Math.round(perRevocation),
        rssBytesPerKeptRevocationOverEmpty: Math.round(overEmpty),
        rssBytesPerKeptRevocationRightAfterLoad: Math.round(slope('loaded')),
        rssMiB: Object.fromEntries(Object.entries(rss).map(([n, r]) => [n, { loaded: Number(mib(r.loaded)), settled: Number(mib(r.settled)) }])),
        retainedBytesPerKeptRevocation: structureBytes,
        evaluateWithoutSessionIdPerSecond: Math.round(without.rps),
        evaluateWithSessionIdPerSecond: Math.round(withId.rps),
        evaluateRatio: Number((withId.rps / without.rps).toFixed(2)),
      })}\n`,
    );
  } finally {
    for (const instance of instances) await instance.stop().catch(() => undefined);
    await ferret.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
