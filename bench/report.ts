// Writes BENCHMARKS.md from one run: every number below comes from that run, ratios within it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Frame } from './cpu-profile';
import type { GhzResult } from './ghz';
import type { Latencies, PropagationResult } from './propagation';
import type { RawStore } from './raw-store';

interface Ready {
  readyMs: number;
  loaded: { organizations: number; revision: number; loadMs: number } | undefined;
  rssMb: number;
  heap: Heap | undefined;
}

interface Heap {
  usedMb: number;
  totalMb: number;
}

const heap = (h: Heap | undefined): string => (h ? ` (V8 heap ${h.usedMb} MB used of ${h.totalMb} MB)` : '');

export interface BenchRun {
  settings: { seconds: number; concurrency: number; smallOrgs: number; largeOrgs: number; storeReadLargeOrgs: number; storeReadLargeCalls: number; changes: number; watchers: number; cpuProfile: boolean; serverNodeArgs: readonly string[] };
  seedSmallMs: number;
  seedLargeMs: number;
  seedStoreReadSmallMs: number;
  seedStoreReadLargeMs: number;
  resolveSmall: GhzResult;
  updateSmallSeq: GhzResult;
  updateSmallConc: GhzResult;
  rules: GhzResult[];
  storeReadSmall: GhzResult;
  readyA: Ready;
  readyB: Ready;
  echoLarge: GhzResult[];
  resolveLarge: GhzResult[];
  /** Server CPU per call at a fixed rate, echo and Resolve alternating. */
  cpuPerCall: { name: 'Echo' | 'Resolve'; rate: number; usPerCall: number }[];
  updateLargeSeq: GhzResult;
  updateLargeConc: GhzResult;
  rawStore: RawStore;
  propagation: PropagationResult;
  rssAfter: { a: number; b: number; heapA: Heap | undefined; heapB: Heap | undefined };
  afterResolve: { rssMb: number; heap: Heap | undefined };
  storeReadLarge: GhzResult;
  resolveForStoreRead: GhzResult;
  profiledSeq?: GhzResult;
  profiledConc?: GhzResult;
  profile?: Frame[];
  profiledResolve?: GhzResult;
  profileResolve?: Frame[];
  totalSeconds: number;
}

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const sum = (rs: readonly GhzResult[]): number => rs.reduce((s, x) => s + x.rps, 0);
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
const row = (x: GhzResult): string => `| ${x.name} | ${x.concurrency} | ${f(x.rps)} | ${f(x.p50Ms, 2)} | ${f(x.p99Ms, 2)} | ${x.count} | ${x.errors} | ${x.rssMb} |`;
const lat = (name: string, l: Latencies): string => `| ${name} | ${l.samples} | ${l.missing} | ${f(l.p50Ms)} | ${f(l.p99Ms)} | ${f(l.maxMs)} |`;
const exp = (n: number): string => (n >= 1000 && Math.log10(n) % 1 === 0 ? `10^${Math.log10(n)}` : String(n));

function version(binary: string, args: string[]): string {
  const out = spawnSync(binary, args, { encoding: 'utf8' });
  return (`${out.stdout ?? ''}${out.stderr ?? ''}`.trim().split('\n')[0] ?? '') || 'unknown';
}

export function writeReport(root: string, r: BenchRun): void {
  const s = r.settings;
  const L = exp(s.largeOrgs);
  const S = exp(s.smallOrgs);
  const resolveRatio = sum(r.resolveLarge) / sum(r.echoLarge);
  const cpuMean = (name: string): number => {
    const runs = r.cpuPerCall.filter((c) => c.name === name);
    return runs.reduce((t, c) => t + c.usPerCall, 0) / runs.length;
  };
  const cpuOf = (name: string): string => `${r.cpuPerCall.filter((c) => c.name === name).map((c) => f(c.usPerCall, 0)).join(' / ')}`;
  const cpuRatio = cpuMean('Resolve') / cpuMean('Echo');
  const rules = { without: sum(r.rules.filter((_, i) => i % 2 === 0)), with: sum(r.rules.filter((_, i) => i % 2 === 1)) };
  const rulesRatio = rules.with / rules.without;
  const storeSmallRatio = r.resolveSmall.rps / r.storeReadSmall.rps;
  const storeLargeRatio = r.resolveForStoreRead.rps / r.storeReadLarge.rps;
  const allowed = 1000 / (r.rawStore.insertMs + r.rawStore.updateMs);
  const env = [
    `BENCH_SECONDS=${s.seconds}`,
    `BENCH_CONCURRENCY=${s.concurrency}`,
    `BENCH_SMALL_ORGS=${s.smallOrgs}`,
    `BENCH_LARGE_ORGS=${s.largeOrgs}`,
    `BENCH_STORE_READ_LARGE_ORGS=${s.storeReadLargeOrgs}`,
    `BENCH_STORE_READ_LARGE_CALLS=${s.storeReadLargeCalls}`,
    `BENCH_CHANGES=${s.changes}`,
    `BENCH_WATCHERS=${s.watchers}`,
    ...(s.cpuProfile ? ['BENCH_CPU_PROF=1'] : []),
    ...(s.serverNodeArgs.length > 0 ? [`BENCH_SERVER_NODE_ARGS='${s.serverNodeArgs.join(' ')}'`] : []),
  ].join(' ');
  const profile = r.profile
    ? `### CPU profile of a server under update load (${L} stored)

\`BENCH_CPU_PROF=1\` starts one more server on the ${L} store with \`node --cpu-prof\` and drives it with the
two update runs below; self time per function over the update runs only (start-up samples excluded),
top frames. \`(idle)\` is the event loop waiting, i.e. on FerretDB:

| update run (profiled) | concurrency | req/s | p50 ms | p99 ms | calls | errors | RSS MB |
|---|---|---|---|---|---|---|---|
${[r.profiledSeq, r.profiledConc].filter((x): x is GhzResult => x !== undefined).map(row).join('\n')}

| self % | frame |
|---|---|
${frames(r.profile)}
${
  r.profileResolve && r.profiledResolve
    ? `
The same profiled server under the uniform Resolve load (${s.concurrency} concurrent; ${f(r.profiledResolve.rps)} req/s while profiled), for
comparison with the echo baseline: where a Resolve call's time goes.

| self % | frame |
|---|---|
${frames(r.profileResolve)}
`
    : ''
}`
    : '_No CPU profile in this run (set `BENCH_CPU_PROF=1`)._\n';

  const report = `# Benchmarks

Every number below comes from **one run** of the command below (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,
${r.totalSeconds} s wall clock); ratios are taken within that run, since this machine is shared and noisy.

**Command:** \`${env} npm run bench\` (these are the defaults: plain \`npm run bench\` is the same run).

**Machine:** ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()},
Node ${process.version}, ${version(join(root, '.tools/bin/ferretdb'), ['--version'])} (embedded, SQLite backend),
ghz ${version(join(root, '.tools/bin/ghz'), ['--version'])}. ghz, the servers and FerretDB all share the same 2 cores (and
other engineers' work ran on them too).

**How it runs.** \`npm run bench\` builds the server, starts FerretDB and every server as separate processes on
127.0.0.1 (free ports), and stops them all at the end, also on failure. Servers run the production
configuration (service-token auth, one JSON log line per call to a file, metrics), except
\`WATCH_MAX_STREAMS_PER_PRINCIPAL=1000\` so one bench token may hold ${s.watchers} Watch streams. ghz runs
${s.seconds} s per measurement, ${s.concurrency} concurrent calls over 4 connections unless the concurrency
column says otherwise; the store-read run at ${exp(s.storeReadLargeOrgs)} documents is ${s.storeReadLargeCalls} calls at concurrency 2 instead
(a read there takes seconds). Organizations are drawn uniformly with \`org-{{randomInt 0 N}}\`.

**Seeding writes a snapshot directly.** The service's store is seeded with
\`MongoPolicyStore.writeSnapshot\`: a snapshot at revision 0 holding the application policy and N CUSTOM
organizations with the feature on (generated on the fly, chunked by the store into JSON strings), no rule
sets, no recorded requests: exactly what an instance writes every \`SNAPSHOT_EVERY_CHANGES\` revisions.
The change log after it is real: every update below is a commit through a running server (thousands of log
entries). Seeding took ${f(r.seedSmallMs / 1000)} s for ${S} and ${f(r.seedLargeMs / 1000)} s for ${L} organizations.

## Verdicts

| target | measured | verdict |
|---|---|---|
| Resolve uniform over ${L} orgs ≥ 0.9 × echo (throughput) | ${f(resolveRatio, 2)} (${f(sum(r.resolveLarge) / r.resolveLarge.length, 0)} vs ${f(sum(r.echoLarge) / r.echoLarge.length, 0)} req/s) | ${verdict(resolveRatio >= 0.9)} |
| ready (process start to health SERVING) ≤ 60 s with ${L} orgs | ${f(r.readyA.readyMs / 1000)} s (server's own loadMs: ${r.readyA.loaded?.loadMs ?? 'n/a'} ms) | ${verdict(r.readyA.readyMs <= 60_000)} |
| RSS ≤ 600 MB with ${L} orgs | ${r.readyA.rssMb} MB after load; ${Math.max(...r.resolveLarge.map((x) => x.rssMb))} MB after Resolve load; ${r.rssAfter.a} MB after updates and propagation | ${verdict(Math.max(r.readyA.rssMb, r.rssAfter.a, ...r.resolveLarge.map((x) => x.rssMb)) <= 600)} |
| propagation p99 ≤ 1 s (second instance's Resolve; ${s.watchers} Watch streams) | ${f(r.propagation.resolveOnB.p99Ms)} ms; ${f(r.propagation.watchOnB.p99Ms)} ms (${r.propagation.resolveOnB.missing + r.propagation.watchOnB.missing} missing) | ${verdict(r.propagation.resolveOnB.p99Ms <= 1000 && r.propagation.watchOnB.p99Ms <= 1000 && r.propagation.resolveOnB.missing + r.propagation.watchOnB.missing === 0)} |
| updates with ${L} stored ≥ 20/s | ${f(r.updateLargeSeq.rps)}/s sequential, ${f(r.updateLargeConc.rps)}/s 8-concurrent | ${verdict(r.updateLargeSeq.rps >= 20 && r.updateLargeConc.rps >= 20)} |
| Resolve with a SessionContext vs without, org with 50 rules ≥ 0.9 (issue 13) | ${f(rulesRatio, 2)} (${f(rules.with / 2, 0)} vs ${f(rules.without / 2, 0)} req/s) | ${verdict(rulesRatio >= 0.9)} |
| Resolve vs store-read-per-call (reported) | ${f(storeSmallRatio)}× at ${S} docs, ${f(storeLargeRatio)}× at ${exp(s.storeReadLargeOrgs)} docs | reported |

## Start and memory with ${L} organizations

| instance | start → SERVING | server's "replica loaded" line | RSS after load | RSS after the Resolve runs | RSS at the end |
|---|---|---|---|---|---|
| A (first) | ${f(r.readyA.readyMs / 1000, 2)} s | ${r.readyA.loaded ? `${r.readyA.loaded.organizations} orgs, revision ${r.readyA.loaded.revision}, loadMs ${r.readyA.loaded.loadMs}` : 'n/a'} | ${r.readyA.rssMb} MB${heap(r.readyA.heap)} | ${r.afterResolve.rssMb} MB${heap(r.afterResolve.heap)} | ${r.rssAfter.a} MB${heap(r.rssAfter.heapA)} |
| B (second, after the update runs) | ${f(r.readyB.readyMs / 1000, 2)} s | ${r.readyB.loaded ? `${r.readyB.loaded.organizations} orgs, revision ${r.readyB.loaded.revision}, loadMs ${r.readyB.loaded.loadMs}` : 'n/a'} | ${r.readyB.rssMb} MB${heap(r.readyB.heap)} | — | ${r.rssAfter.b} MB${heap(r.rssAfter.heapB)} |

Start → SERVING is measured by the bench from spawning \`node dist/src/main.js\` to the first grpc.health.v1
\`Check\` answering SERVING (polled every 50 ms); loadMs is the server's own time for \`replica.start()\`.

## Throughput and latency

| scenario | concurrency | req/s | p50 ms | p99 ms | calls | errors | server RSS MB |
|---|---|---|---|---|---|---|---|
${[r.resolveSmall, r.storeReadSmall, r.updateSmallSeq, r.updateSmallConc, ...r.rules, ...r.echoLarge.flatMap((e, i) => [e, r.resolveLarge[i] as GhzResult]), r.updateLargeSeq, r.updateLargeConc, r.storeReadLarge, r.resolveForStoreRead].map(row).join('\n')}

- **Echo** is \`bench/echo-server.ts\`: the same interceptors (request id, authentication, log line, metrics,
  error mapping), no policy work. Echo and Resolve alternate twice; the ratio is over both rounds.
- **Server CPU per call** (user + system from \`/proc\`, at a fixed ${r.cpuPerCall[0]?.rate ?? 'n/a'} req/s, ${s.concurrency} concurrent,
  alternating): echo ${cpuOf('Echo')} µs, Resolve ${cpuOf('Resolve')} µs, so the server spends
  ${f(cpuRatio, 2)}× echo's CPU on a Resolve call. The throughput ratio above also carries the load client's
  share of the same two cores: ghz decodes a Resolve answer (the effective policy with the source of
  every value) where echo's is a list of ids.
- **Session rules (issue 13)**: org-1 holds 50 rules set with \`UpdateSessionRules\` (conditions on roles,
  application ids, risk, authentication level and attributes); the context
  \`${BENCH_CONTEXT_NOTE}\` matches several. Same org, same server, alternating rounds.
- **Store-read per call** is \`bench/store-read-server.ts\`: the same call boundary, answering
  ResolveEffectivePolicy by \`findOne({_id})\` on a per-organization collection (seeded for it with
  insertMany: ${f(r.seedStoreReadSmallMs / 1000)} s for ${S}, ${f(r.seedStoreReadLargeMs / 1000)} s for ${exp(s.storeReadLargeOrgs)} documents) — what a team without this
  service would do. The service's own store keeps organizations in snapshot chunks, so this collection
  exists only for the baseline. On FerretDB 1.24 (SQLite) a lookup by \`_id\` is a scan of the whole
  collection (its \`_id\` index is not used for equality; see issue 10). FerretDB served ${f(r.storeReadSmall.rps, 0)} reads/s at ${S}
  documents (≈ ${f(1000 / Math.max(r.storeReadSmall.rps, 1e-9), 1)} ms of store time per read; p50 ${f(r.storeReadSmall.p50Ms, 0)} ms at ${r.storeReadSmall.concurrency} concurrent) and ${f(r.storeReadLarge.rps, 1)} reads/s at ${exp(s.storeReadLargeOrgs)}
  (≈ ${f(1000 / Math.max(r.storeReadLarge.rps, 1e-9), 0)} ms of store time per read; p50 ${f(r.storeReadLarge.p50Ms, 0)} ms, p99 ${f(r.storeReadLarge.p99Ms, 0)} ms at ${r.storeReadLarge.concurrency} concurrent). Resolve is
  compared with the service over the same organizations right after.

## Updates: what the store allows and where the time goes

Updates are \`UpdateOrganizationSessionPolicy\` without an etag on \`org-{{randomInt 0 N}}\` (CUSTOM, a random
absolute timeout); each one is a commit = one insert into the current change-log segment, then the head
hint is moved (one updateOne). Measured directly on the same FerretDB next to the service
(${r.rawStore.operations} sequential operations each, service's write concern): **insertOne
${f(r.rawStore.insertMs, 2)} ms, updateOne of the head document ${f(r.rawStore.updateMs, 2)} ms**, findOne by \`_id\` in a
${r.rawStore.operations}-document segment ${f(r.rawStore.findOneMs, 2)} ms: the store allows about ${f(allowed, 0)} sequential commits/s
before any service work. The number of organizations stored does not enter a commit (the replica is a
map in memory; the log segment holds at most 4096 entries), which the ${S} vs ${L} rows show. A snapshot of the
whole state is written every \`SNAPSHOT_EVERY_CHANGES\` (5000) revisions by the instance that committed
it, in the background; with ${L} organizations that falls inside these runs when the log crosses a multiple
of 5000.

${profile}
## Change propagation (${s.changes} changes, ${s.watchers} Watch streams)

A second instance B on the same store (started after the update runs, so it loads the newest snapshot
plus the log tail). ${s.watchers} \`WatchEffectivePolicies\` streams are open on B (10 per channel, each
watching org-0…org-${Math.min(s.changes, 100) - 1}). The bench writes ${s.changes} changes one after another on A (org-i's absolute timeout
to a value no other scenario uses); for each, it measures from A's acknowledgement until B's Resolve
shows the new value (polled every 2 ms) and until each stream delivers it. B follows the log by polling
the head document every \`REPLICA_POLL_INTERVAL_MS\` (100 ms).

| measure | samples | missing | p50 ms | p99 ms | max ms |
|---|---|---|---|---|---|
${lat('write on A (send → ack)', r.propagation.writeAck)}
${lat("B's Resolve shows the change (after A's ack)", r.propagation.resolveOnB)}
${lat('each Watch stream on B delivers it (after A\'s ack)', r.propagation.watchOnB)}
`;
  const file = resolve(root, process.env['BENCH_REPORT'] ?? 'BENCHMARKS.md');
  writeFileSync(file, report + keptSection(file, REVOCATION_SECTION) + keptSection(file, HISTORY_SECTION) + keptSection(file, TRACING_SECTION));
}

/** Sections other benchmarks write into BENCHMARKS.md, between their own markers. */
export const REVOCATION_SECTION = 'revocation benchmark (npm run bench:revocations)';
export const HISTORY_SECTION = 'history benchmark (npm run bench:history)';
export const TRACING_SECTION = 'tracing benchmark (npm run bench:tracing)';

const markers = (name: string): readonly [string, string] => [`<!-- begin: ${name} -->`, `<!-- end: ${name} -->`];

/** The named section of the file as it is, markers included, to carry over when rewriting the rest. */
function keptSection(file: string, name: string): string {
  const [begin, end] = markers(name);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  return from >= 0 && to > from ? `\n${text.slice(from, to + end.length)}\n` : '';
}

/** Writes (or replaces) the named section of the file, leaving the rest as it is. */
export function writeSection(file: string, name: string, body: string): void {
  const [begin, end] = markers(name);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const section = `${begin}\n${body.trim()}\n${end}`;
  writeFileSync(file, from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`);
}

function frames(list: readonly Frame[]): string {
  return list.map((x) => `| ${f(x.selfPercent)} | \`${x.frame.replace(/\|/g, '\\|')}\` |`).join('\n');
}

const BENCH_CONTEXT_NOTE = 'roles [role-3, role-12, auditor], application app-3, risk HIGH, AAL2, attributes region=eu, tier=gold';
