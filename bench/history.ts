// History benchmark (issue 19, item 2): ListPolicyChanges under a mixed load of every unary RPC plus
// Watch streams, on one embedded FerretDB, bounded in time, 127.0.0.1 only.
//   1. a server (its own process; the production configuration: service tokens, one JSON log line
//      per call) on a fresh FerretDB;
//   2. a history of BENCH_HISTORY changes written through it: three hot organizations (like the fuzz
//      load's org-1, org-2, org-fuzz) with long chains, the rest spread over BENCH_ORGS organizations;
//   3. an open-loop mixed load at BENCH_RATE calls/s for BENCH_SECONDS (every call with a 5 s
//      deadline), ListPolicyChanges among them with the page sizes a fuzzer sends (mostly 500),
//      following its own page tokens;
//   4. per method: client latency, codes, and calls the server did not answer within their deadline
//      (the client's own DEADLINE_EXCEEDED, no ErrorInfo); for ListPolicyChanges also the server's
//      own latency from its log lines.
// With BENCH_BEFORE_ROOT (a checkout of an older commit with node_modules), the same run (same
// seed, same calls) is made against that code first, on a fresh FerretDB of its own.
// Run: npm run bench:history   (BENCH_RATE, BENCH_SECONDS, BENCH_HISTORY, BENCH_ORGS, BENCH_SEED,
// BENCH_BEFORE_ROOT, BENCH_PARTS; BENCH_WRITE=0 prints instead of writing BENCHMARKS.md)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  GetApplicationSessionPolicyRequest,
  GetOrganizationSessionPolicyRequest,
  GetOrganizationSettingsRequest,
  ListPolicyChangesRequest,
  ListPolicyChangesResponse,
  UpdateOrganizationSessionPolicyRequest,
  UpdateOrganizationSettingsRequest,
} from '../gen/ts/sessionpolicy/v1/admin_service';
import { EvaluateSessionRequest, ResolveEffectivePolicyRequest, WatchEffectivePoliciesRequest } from '../gen/ts/sessionpolicy/v1/resolver_service';
import { SessionPolicyType, TimeUnit } from '../gen/ts/sessionpolicy/v1/session_policy';
import { ListRevocationsRequest, RevocationReason, RevokeSessionsRequest } from '../gen/ts/sessionpolicy/v1/session_revocation';
import { GetSessionRulesRequest, UpdateSessionRulesRequest } from '../gen/ts/sessionpolicy/v1/session_rules';
import { startEmbeddedFerretDb } from '../src/storage/embedded-ferretdb';
import { log, rssMb, startService, stopAll, type BenchProcess } from './processes';
import { HISTORY_SECTION, writeSection } from './report';

const ROOT = resolve(__dirname, '..');
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const SETTINGS = {
  rate: num('BENCH_RATE', 400),
  seconds: num('BENCH_SECONDS', 60),
  history: num('BENCH_HISTORY', 3000),
  orgs: num('BENCH_ORGS', 200),
  seed: num('BENCH_SEED', 19),
  deadlineMs: 5000,
  watchers: 8,
};
const BEFORE_ROOT = process.env['BENCH_BEFORE_ROOT'];
/** Which parts run: before (with BENCH_BEFORE_ROOT), default (this code) and store (this code, little held in memory). */
const PARTS = new Set((process.env['BENCH_PARTS'] ?? 'before,default,store').split(','));
/** The smallest WATCH_RESUME_CHANGES: the replica then holds almost none of the history. */
const SMALL_MEMORY = 100;
const HOT = ['org-1', 'org-2', 'org-fuzz'];
const ADMIN = '/sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = '/sessionpolicy.v1.SessionPolicyResolverService';
const LIST = `${ADMIN}/ListPolicyChanges`;

/** mulberry32: the same calls in the same order for every server compared. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  readonly code: number;
  /** The server's own status (it carries ErrorInfo); a client-side deadline has none. */
  readonly fromServer: boolean;
  readonly response?: Buffer;
}

class Caller {
  private readonly channels: Client[];
  private next = 0;
  readonly metadata = new Metadata();

  constructor(port: number, token: string) {
    // Four connections, as ghz drives the other benchmarks.
    this.channels = Array.from({ length: 4 }, (_, i) => new Client(`127.0.0.1:${port}`, credentials.createInsecure(), { 'bench.channel': i }));
    this.metadata.set('authorization', `Bearer ${token}`);
  }

  unary(path: string, body: Uint8Array, deadlineMs: number): Promise<Outcome> {
    const channel = this.channels[this.next++ % this.channels.length] as Client;
    return new Promise((done) =>
      channel.makeUnaryRequest(
        path,
        (b: Uint8Array) => Buffer.from(b),
        (b: Buffer) => b,
        body,
        this.metadata,
        { deadline: Date.now() + deadlineMs },
        (error: ServiceError | null, response?: Buffer) =>
          done(error ? { code: error.code, fromServer: error.metadata?.get('grpc-status-details-bin').length > 0 } : { code: status.OK, fromServer: true, ...(response ? { response } : {}) }),
      ),
    );
  }

  watch(organizationIds: string[], stop: AbortSignal): void {
    const channel = this.channels[0] as Client;
    const body = WatchEffectivePoliciesRequest.encode(WatchEffectivePoliciesRequest.fromPartial({ organizationIds })).finish();
    const stream = channel.makeServerStreamRequest(`${RESOLVER}/WatchEffectivePolicies`, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, this.metadata, {});
    stream.on('data', () => undefined);
    stream.on('error', () => undefined);
    stop.addEventListener('abort', () => stream.cancel(), { once: true });
  }

  close(): void {
    for (const channel of this.channels) channel.close();
  }
}

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body: Uint8Array;
  /** ListPolicyChanges: the organization whose next page token the answer carries. */
  readonly listing?: string;
}

const org = (random: () => number): string => (random() < 0.3 ? (HOT[Math.floor(random() * HOT.length)] as string) : `org-${Math.floor(random() * SETTINGS.orgs)}`);

/** The load's mix: weights per 100 calls, each a request drawn from `random`. */
function mix(random: () => number, tokens: Map<string, string>): Call {
  const r = random() * 100;
  const now = Date.now();
  const ts = (ms: number): { seconds: bigint; nanos: number } => ({ seconds: BigInt(Math.floor(ms / 1000)), nanos: 0 });
  if (r < 30) return { method: 'ResolveEffectivePolicy', path: `${RESOLVER}/ResolveEffectivePolicy`, body: ResolveEffectivePolicyRequest.encode(ResolveEffectivePolicyRequest.fromPartial({ organizationIds: [org(random)] })).finish() };
  if (r < 50) {
    const request = EvaluateSessionRequest.fromPartial({ organizationIds: [org(random)], sessionStartTime: ts(now - 3_600_000), lastActivityTime: ts(now - 60_000), sessionId: `s-${Math.floor(random() * 1e6)}`, subject: `u-${Math.floor(random() * 1000)}` });
    return { method: 'EvaluateSession', path: `${RESOLVER}/EvaluateSession`, body: EvaluateSessionRequest.encode(request).finish() };
  }
  if (r < 55) return { method: 'GetOrganizationSessionPolicy', path: `${ADMIN}/GetOrganizationSessionPolicy`, body: GetOrganizationSessionPolicyRequest.encode({ organizationId: org(random) }).finish() };
  if (r < 59) return { method: 'GetOrganizationSettings', path: `${ADMIN}/GetOrganizationSettings`, body: GetOrganizationSettingsRequest.encode({ organizationId: org(random) }).finish() };
  if (r < 62) return { method: 'GetSessionRules', path: `${ADMIN}/GetSessionRules`, body: GetSessionRulesRequest.encode({ organizationId: org(random) }).finish() };
  if (r < 64) return { method: 'GetApplicationSessionPolicy', path: `${ADMIN}/GetApplicationSessionPolicy`, body: GetApplicationSessionPolicyRequest.encode({}).finish() };
  if (r < 73) return { method: 'UpdateOrganizationSessionPolicy', path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: policyUpdate(org(random), 60 + Math.floor(random() * 600)) };
  if (r < 76) return { method: 'UpdateOrganizationSettings', path: `${ADMIN}/UpdateOrganizationSettings`, body: featureOn(org(random)) };
  if (r < 77) {
    const request = UpdateSessionRulesRequest.fromPartial({ organizationId: org(random), ruleSet: { rules: [{ ruleId: 'admin-idle', description: 'admin role: idle', condition: { rolesAny: ['admin'] }, maxIdleSessionTimeout: { seconds: BigInt(60 * (5 + Math.floor(random() * 10))), nanos: 0 } }] } });
    return { method: 'UpdateSessionRules', path: `${ADMIN}/UpdateSessionRules`, body: UpdateSessionRulesRequest.encode(request).finish() };
  }
  if (r < 87) {
    const request = RevokeSessionsRequest.fromPartial({ organizationId: org(random), target: { $case: 'sessionId', value: `s-${Math.floor(random() * 1e9)}` }, reason: RevocationReason.REVOCATION_REASON_LOGOUT });
    return { method: 'RevokeSessions', path: `${ADMIN}/RevokeSessions`, body: RevokeSessionsRequest.encode(request).finish() };
  }
  if (r < 90) return { method: 'ListRevocations', path: `${ADMIN}/ListRevocations`, body: ListRevocationsRequest.encode(ListRevocationsRequest.fromPartial({ organizationId: org(random), pageSize: 100 })).finish() };
  // ListPolicyChanges, 10%: half of them a hot organization's long chain, some the whole log; page
  // sizes as a fuzzer draws them (any int32 is mostly above 500, read as 500); deep pages by token.
  const pick = random();
  const organizationId = pick < 0.5 ? (HOT[Math.floor(random() * HOT.length)] as string) : pick < 0.85 ? `org-${Math.floor(random() * SETTINGS.orgs)}` : '';
  const size = random();
  const pageSize = size < 0.45 ? 500 : size < 0.8 ? 0 : 1 + Math.floor(random() * 100);
  const pageToken = random() < 0.4 ? (tokens.get(`${organizationId}/${pageSize}`) ?? '') : '';
  return { method: 'ListPolicyChanges', path: LIST, body: ListPolicyChangesRequest.encode({ organizationId, pageSize, pageToken }).finish(), listing: `${organizationId}/${pageSize}` };
}

const policyUpdate = (organizationId: string, minutes: number): Uint8Array =>
  UpdateOrganizationSessionPolicyRequest.encode(
    UpdateOrganizationSessionPolicyRequest.fromPartial({ organizationId, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: minutes, absoluteSessionTimeoutUnit: TimeUnit.MINUTES, idleSessionTimeoutEnabled: false }),
  ).finish();
const featureOn = (organizationId: string): Uint8Array =>
  UpdateOrganizationSettingsRequest.encode(UpdateOrganizationSettingsRequest.fromPartial({ organizationId, settings: { features: [{ name: 'session_policy', enabled: true }] } })).finish();

interface MethodStats {
  readonly latencies: number[];
  readonly codes: Map<string, number>;
  /** Calls the server did not answer within their deadline (the client gave up on its own). */
  unanswered: number;
}

interface RunResult {
  readonly label: string;
  readonly root: string;
  readonly revisionAtStart: number;
  readonly sent: number;
  readonly seconds: number;
  readonly methods: Map<string, MethodStats>;
  /** ListPolicyChanges as the server logged it. */
  readonly serverList: { readonly latencies: number[]; readonly codes: Map<string, number> };
  readonly rssMb: number;
  readonly load: number;
}

const percentile = (sorted: readonly number[], p: number): number => (sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number));

async function seedHistory(caller: Caller, random: () => number): Promise<void> {
  for (const organizationId of [...HOT, ...Array.from({ length: SETTINGS.orgs }, (_, i) => `org-${i}`)]) {
    const outcome = await caller.unary(`${ADMIN}/UpdateOrganizationSettings`, featureOn(organizationId), 30_000);
    if (outcome.code !== status.OK) throw new Error(`seeding ${organizationId}: code ${outcome.code}`);
  }
  // Half of the history on the hot organizations, interleaved with the rest: their chains cross every log segment.
  let written = SETTINGS.orgs + HOT.length;
  const writer = async (): Promise<void> => {
    while (written < SETTINGS.history) {
      written += 1;
      const organizationId = random() < 0.5 ? (HOT[Math.floor(random() * HOT.length)] as string) : `org-${Math.floor(random() * SETTINGS.orgs)}`;
      const outcome = await caller.unary(`${ADMIN}/UpdateOrganizationSessionPolicy`, policyUpdate(organizationId, 60 + Math.floor(random() * 600)), 30_000);
      if (outcome.code !== status.OK) throw new Error(`seeding: code ${outcome.code}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}

function serverLatencies(proc: BenchProcess, fromLine: number): RunResult['serverList'] {
  const latencies: number[] = [];
  const codes = new Map<string, number>();
  for (const line of readFileSync(proc.logFile, 'utf8').split('\n').slice(fromLine)) {
    if (!line.includes('ListPolicyChanges')) continue;
    try {
      const entry = JSON.parse(line) as { method?: string; latencyMs?: number; code?: string };
      if (entry.method !== LIST.slice(1) || typeof entry.latencyMs !== 'number') continue;
      latencies.push(entry.latencyMs);
      codes.set(entry.code ?? '?', (codes.get(entry.code ?? '?') ?? 0) + 1);
    } catch {
      // not a call line
    }
  }
  return { latencies: latencies.sort((a, b) => a - b), codes };
}

async function runOnce(label: string, root: string, env: Record<string, string> = {}): Promise<RunResult> {
  const token = `bench_${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-bench-history-'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir);
  const ferret = await startEmbeddedFerretDb({ binary: join(ROOT, '.tools/bin/ferretdb'), dataDir: join(dataDir, 'ferretdb') });
  try {
    // Through tsx from each checkout's own src/, so the code compared is run the same way and an
    // older checkout needs no build (nothing is written into it).
    const server = await startService(`history-${label.replace(/\W+/g, '-')}`, { root, logDir, token, entry: ['--import', 'tsx', 'src/main.ts'] }, ferret.uri, 'bench_history', env);
    const caller = new Caller(server.port, token);
    const seeding = performance.now();
    await seedHistory(caller, prng(SETTINGS.seed + 1));
    const random = prng(SETTINGS.seed);
    log(`${label}: ${SETTINGS.history} changes written in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const logLinesBefore = readFileSync(server.logFile, 'utf8').split('\n').length - 1;

    const stopWatching = new AbortController();
    for (let i = 0; i < SETTINGS.watchers; i++) caller.watch([HOT[i % HOT.length] as string, `org-${i}`], stopWatching.signal);

    const methods = new Map<string, MethodStats>();
    const tokens = new Map<string, string>();
    const inFlight = new Set<Promise<void>>();
    const started = performance.now();
    const end = started + SETTINGS.seconds * 1000;
    let sent = 0;
    // Open loop: calls go out at the rate whatever the answers do, as a fleet of callers would.
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - started) / 1000) * SETTINGS.rate);
      for (; sent < due; sent++) {
        const call = mix(random, tokens);
        const at = performance.now();
        const done = caller.unary(call.path, call.body, SETTINGS.deadlineMs).then((outcome) => {
          let stats = methods.get(call.method);
          if (!stats) methods.set(call.method, (stats = { latencies: [], codes: new Map(), unanswered: 0 }));
          stats.latencies.push(performance.now() - at);
          const name = status[outcome.code] ?? String(outcome.code);
          stats.codes.set(name, (stats.codes.get(name) ?? 0) + 1);
          if (outcome.code === status.DEADLINE_EXCEEDED && !outcome.fromServer) stats.unanswered += 1;
          if (call.listing && outcome.response) {
            const next = ListPolicyChangesResponse.decode(outcome.response).nextPageToken;
            if (next === '') tokens.delete(call.listing);
            else tokens.set(call.listing, next);
          }
        });
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    stopWatching.abort();
    const result: RunResult = {
      label,
      root,
      revisionAtStart: SETTINGS.history,
      sent,
      seconds,
      methods,
      serverList: serverLatencies(server, logLinesBefore),
      rssMb: rssMb(server.pid),
      load: loadavg()[0] ?? NaN,
    };
    for (const [method, stats] of [...methods].sort()) {
      const sorted = [...stats.latencies].sort((a, b) => a - b);
      log(`${label} ${method}: ${sorted.length} calls, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${percentile(sorted, 100).toFixed(0)} ms, unanswered ${stats.unanswered}, ${JSON.stringify(Object.fromEntries(stats.codes))}`);
    }
    caller.close();
    await server.stop();
    return result;
  } finally {
    await stopAll();
    await ferret.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—');

function listRow(r: RunResult): string {
  const stats = r.methods.get('ListPolicyChanges');
  const client = [...(stats?.latencies ?? [])].sort((a, b) => a - b);
  const server = r.serverList.latencies;
  const over = server.filter((ms) => ms > SETTINGS.deadlineMs).length;
  const codes = Object.entries(Object.fromEntries(stats?.codes ?? new Map<string, number>())).map(([code, n]) => `${code} ${n}`).join(', ');
  return `| ${r.label} | ${client.length} | ${f1(percentile(client, 50))} | ${f1(percentile(client, 99))} | ${f1(percentile(client, 100))} | ${f1(percentile(server, 99))} | ${f1(percentile(server, 100))} | ${over} | **${stats?.unanswered ?? 0}** | ${codes} |`;
}

function othersRow(r: RunResult): string {
  const cells = [...r.methods]
    .filter(([method]) => method !== 'ListPolicyChanges')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([method, stats]) => {
      const sorted = [...stats.latencies].sort((a, b) => a - b);
      return `${method} ${f1(percentile(sorted, 99))}${stats.unanswered > 0 ? ` (${stats.unanswered} unanswered)` : ''}`;
    });
  return `| ${r.label} | ${(r.sent / r.seconds).toFixed(0)} | ${cells.join('; ')} | ${r.rssMb} |`;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const runs: RunResult[] = [];
  try {
    if (BEFORE_ROOT && PARTS.has('before')) runs.push(await runOnce('before (a547efd)', resolve(BEFORE_ROOT)));
    if (PARTS.has('default')) runs.push(await runOnce('this code', ROOT));
    // The same with (almost) nothing held in memory: every page from the store, two reads at most.
    if (PARTS.has('store')) runs.push(await runOnce(`this code, WATCH_RESUME_CHANGES=${SMALL_MEMORY}`, ROOT, { WATCH_RESUME_CHANGES: String(SMALL_MEMORY) }));
  } finally {
    await stopAll();
  }
  const command = `${BEFORE_ROOT ? `BENCH_BEFORE_ROOT=${BEFORE_ROOT} ` : ''}BENCH_RATE=${SETTINGS.rate} BENCH_SECONDS=${SETTINGS.seconds} BENCH_HISTORY=${SETTINGS.history} BENCH_ORGS=${SETTINGS.orgs} BENCH_SEED=${SETTINGS.seed} npm run bench:history`;
  const body = `
## History reads under a mixed load (issue 19)

One run of \`${command}\` (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s; load average
${runs.map((r) => r.load.toFixed(1)).join(' / ')} at the end of each part, on the same shared 2-core machine). Each part: a fresh embedded
FerretDB and one server (\`node --import tsx src/main.ts\` from that checkout, production configuration:
service tokens, a JSON log line per call), ${SETTINGS.history} changes written through it first (half of them on three
hot organizations, org-1, org-2 and org-fuzz as in the fuzz load, whose chains cross every log segment), then
an open-loop mixed load of ${SETTINGS.rate} calls/s for ${SETTINGS.seconds} s over four connections, every call with a ${SETTINGS.deadlineMs / 1000} s deadline:
Resolve 30%, Evaluate 20%, the four Get methods 14%, updates of policies, settings and rules 13% (the
history grows under the load), RevokeSessions 10%, ListRevocations 3%, ListPolicyChanges 10%, plus
${SETTINGS.watchers} Watch streams. ListPolicyChanges asks for a hot organization half of the time and for every change 15%
of the time, with page size 500 (45%: what most fuzzed int32 values are read as), the default 50 (35%)
or 1–100, and follows its own next_page_token 40% of the time. The same seed draws the same calls in
every part.${BEFORE_ROOT ? ' "before" is a547efd, where the issue was found (a store read per entry), checked out beside this one (`git worktree add /tmp/before a547efd`, with `node_modules` and `.tools` linked in).' : ''} The last part holds almost nothing in
memory (WATCH_RESUME_CHANGES=${SMALL_MEMORY}, its minimum), so nearly every page is read from FerretDB.

| code | ListPolicyChanges calls | client p50 ms | client p99 ms | client max ms | server p99 ms | server max ms | server > ${SETTINGS.deadlineMs / 1000} s | unanswered within the deadline | codes |
|---|---|---|---|---|---|---|---|---|---|
${runs.map(listRow).join('\n')}

"Unanswered" counts calls whose deadline passed at the client before any answer came (the client's own
DEADLINE_EXCEEDED, without the server's ErrorInfo); server latencies are the server's own log lines.

| code | calls/s sent | p99 ms of every other method (client side) | server RSS MB at the end |
|---|---|---|---|
${runs.map(othersRow).join('\n')}

What the parts show: before, a page walked the chain one store read per entry, and FerretDB, and the
whole service with it, was saturated. With the history links in memory a page costs at most two store
reads, and none while the replica holds its entries (the default WATCH_RESUME_CHANGES holds all of this
history). The last part is FerretDB's own limit when nothing is held: listing reads go one at a time per
instance (each decodes a log segment), and the pages it cannot read in time are answered DEADLINE_EXCEEDED
ahead of the deadline; of all parts its numbers move most with the machine's load.
`;
  if (process.env['BENCH_WRITE'] === '0') process.stdout.write(body);
  else writeSection(join(ROOT, 'BENCHMARKS.md'), HISTORY_SECTION, body);
  log('history benchmark written');
}

main().catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await stopAll();
  process.exit(1);
});
