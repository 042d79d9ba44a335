// What an operator watching the metrics and logs sees: store_up turns 0 exactly when answers turn
// stale (a frozen store, not only a failing one), the age of the replica's last confirmation, open
// Watch streams and calls in flight, and the principal on every call's log line. Real server, its
// own FerretDB (frozen with SIGSTOP, so the driver sees a store that hangs rather than one that refuses).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FERRETDB_PID_FILE, startEmbeddedFerretDb, type EmbeddedFerretDb } from '../../src/storage/embedded-ferretdb';
import { startService, type RunningService } from '../../src/service';
import { SessionPolicyResolverServiceClient } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { credentials } from '@grpc/grpc-js';
import { call } from './support/calls';
import { asAdmin, testConfig } from './support/service';
import { serviceLogger } from './support/run-log';
import { FERRETDB_BIN, uniqueDatabase } from './support/store';

jest.setTimeout(120_000);

const STALE_AFTER_MS = 1000;

let ferret: EmbeddedFerretDb;
let ferretPid: number;
let service: RunningService;
let resolver: SessionPolicyResolverServiceClient;
const lines: Record<string, unknown>[] = [];

async function gauge(name: string): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no gauge ${name}`);
  return Number(line.split(' ')[1]);
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-signals-'));
  ferret = await startEmbeddedFerretDb({ binary: FERRETDB_BIN, dataDir });
  ferretPid = (JSON.parse(readFileSync(join(dataDir, FERRETDB_PID_FILE), 'utf8')) as { pid: number }).pid;
  const logger = serviceLogger('signals', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>), done()) }), 'info');
  service = await startService(testConfig(ferret.uri, uniqueDatabase('signals'), { METRICS_LISTEN: '127.0.0.1:0', REPLICA_STALE_AFTER_MS: String(STALE_AFTER_MS) }), logger);
  resolver = new SessionPolicyResolverServiceClient(`127.0.0.1:${service.port}`, credentials.createInsecure());
});

afterAll(async () => {
  if (ferretPid) process.kill(ferretPid, 'SIGCONT');
  resolver?.close();
  await service?.stop();
  await ferret?.stop();
});

it('then each call line names its principal (an id, never the token), and open Watch streams and calls in flight are gauges', async () => {
  await call(resolver.resolveEffectivePolicy.bind(resolver), { organizationIds: ['org-1'], context: undefined }, asAdmin());
  const line = lines.find((l) => l['method'] === 'sessionpolicy.v1.SessionPolicyResolverService/ResolveEffectivePolicy');
  expect(line).toMatchObject({ principal: 'service:admin', code: 'OK' });

  expect(await gauge('session_policy_watch_streams')).toBe(0);
  const stream = resolver.watchEffectivePolicies({ organizationIds: ['org-1'], resumeAfterRevision: 0n }, asAdmin());
  stream.on('error', () => undefined);
  await until(async () => (await gauge('session_policy_watch_streams')) === 1, 5000);
  // The open stream is a call in flight too.
  expect(await gauge('session_policy_grpc_calls_in_flight')).toBeGreaterThanOrEqual(1);
  stream.cancel();
  await until(async () => (await gauge('session_policy_watch_streams')) === 0, 5000);
});

it('when the store hangs, then store_up turns 0 when answers turn stale, the unconfirmed age grows, and both recover', async () => {
  await until(async () => (await gauge('session_policy_store_up')) === 1, 5000);
  expect(await gauge('session_policy_replica_unconfirmed_seconds')).toBeLessThan(STALE_AFTER_MS / 1000);
  process.kill(ferretPid, 'SIGSTOP');
  let staleAfterMs: number;
  try {
    // Answers are marked stale once STALE_AFTER passes; store_up must say so by then (plus a poll and a scrape).
    const frozenAt = Date.now();
    await until(async () => (await call(resolver.resolveEffectivePolicy.bind(resolver), { organizationIds: ['org-1'], context: undefined }, asAdmin())).effectivePolicy?.stale === true, 10_000);
    staleAfterMs = Date.now() - frozenAt;
    const downAfterMs = (await until(async () => (await gauge('session_policy_store_up')) === 0, 10_000)) + staleAfterMs;
    process.stderr.write(`operator-signals: answers stale after ${staleAfterMs} ms, store_up 0 after ${downAfterMs} ms (STALE_AFTER ${STALE_AFTER_MS} ms)\n`);
    expect(downAfterMs).toBeLessThan(staleAfterMs + 500);
    expect(await gauge('session_policy_replica_unconfirmed_seconds')).toBeGreaterThanOrEqual(STALE_AFTER_MS / 1000);
  } finally {
    process.kill(ferretPid, 'SIGCONT');
  }
  await until(async () => (await gauge('session_policy_store_up')) === 1, 30_000);
  expect(await gauge('session_policy_replica_unconfirmed_seconds')).toBeLessThan(STALE_AFTER_MS / 1000);
});
