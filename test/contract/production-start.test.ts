// The production start path without containers: two instances as their own processes (node
// dist/src/main.js, dev mode off, service tokens from SERVICE_TOKENS, TLS from files, as the chart
// passes them) on one store. SIGTERM to one under load: its health says NOT_SERVING while it still
// answers (SHUTDOWN_DELAY_MS), calls in flight finish, new ones are refused UNAVAILABLE (never a
// failure of another kind), its Watch stream ends UNAVAILABLE SHUTTING_DOWN with the revision to resume
// from, the watcher resumes on the other instance without missing a change, and the process exits 0
// within the delay plus the grace period.
import { Client, credentials, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { SessionPolicyAdminServiceClient } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { SessionPolicyResolverServiceClient, type WatchEffectivePoliciesResponse } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { makeTestPki } from './support/certificates';
import { allPolicyChanges, call, decodeError } from './support/calls';
import { startServiceProcess, type ServiceProcess } from './support/process-service';
import { asAdmin } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

jest.setTimeout(180_000);

const DELAY_MS = 1500;
const GRACE_MS = 3000;
const ORG = 'org-prod';
// The certificate names localhost: TLS SNI must carry a host name, never an IP.
const TLS_OPTIONS = { 'grpc.ssl_target_name_override': 'localhost' };

let store: TestStore;
let a: ServiceProcess;
let b: ServiceProcess;
let tls: ChannelCredentials;

const clients = (instance: ServiceProcess) => ({
  admin: new SessionPolicyAdminServiceClient(`127.0.0.1:${instance.port}`, tls, TLS_OPTIONS),
  resolver: new SessionPolicyResolverServiceClient(`127.0.0.1:${instance.port}`, tls, TLS_OPTIONS),
  health: new Client(`127.0.0.1:${instance.port}`, tls, TLS_OPTIONS),
});

/** grpc.health.v1 Check of the overall server ('' service), by hand: 1 SERVING, 2 NOT_SERVING. */
function healthOf(health: Client): Promise<string> {
  return new Promise((done) =>
    health.makeUnaryRequest('/grpc.health.v1.Health/Check', (m: Buffer) => m, (m: Buffer) => m, Buffer.alloc(0), { deadline: Date.now() + 1000 }, (error, response) => {
      if (error) return done(`error ${error.code}`);
      const value = response && response.length >= 2 ? response[1] : 0;
      done(value === 1 ? 'SERVING' : value === 2 ? 'NOT_SERVING' : `status ${String(value)}`);
    }),
  );
}

beforeAll(async () => {
  store = await startTestStore();
  const pki = makeTestPki();
  tls = credentials.createSsl(pki.read(pki.caCert));
  const database = uniqueDatabase('prodstart');
  // Exactly what a production start is given: no dev mode, tokens and TLS from the environment and files.
  const env = { SESSION_POLICY_DEV_MODE: 'false', TLS_CERT_FILE: pki.serverCert, TLS_KEY_FILE: pki.serverKey, SHUTDOWN_DELAY_MS: String(DELAY_MS), SHUTDOWN_GRACE_MS: String(GRACE_MS), REPLICA_POLL_INTERVAL_MS: '50' };
  a = await startServiceProcess(store.uri, database, env);
  b = await startServiceProcess(store.uri, database, env);
  const { admin } = clients(a);
  await call(admin.updateOrganizationSettings.bind(admin), { requestId: '', organizationId: ORG, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
  admin.close();
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await store?.close();
});

it('when one instance gets SIGTERM under load, then health flips first, calls finish or are refused UNAVAILABLE, its watcher resumes on the other, and it exits 0 within the grace period', async () => {
  const onA = clients(a);
  const onB = clients(b);
  expect(await healthOf(onA.health)).toBe('SERVING');

  // A watcher on A, remembering the revisions it saw and how its stream ended.
  const seen: number[] = [];
  const stream = onA.resolver.watchEffectivePolicies({ organizationIds: [ORG], resumeAfterRevision: 0n }, asAdmin());
  stream.on('data', (m: WatchEffectivePoliciesResponse) => seen.push(Number(m.revision)));
  const streamEnded = new Promise<ServiceError>((done) => stream.on('error', (e: ServiceError) => done(e)));

  // Load on A: reads and writes, eight at a time, until A is gone.
  const outcomes = new Map<string, number>();
  const acknowledged: number[] = [];
  let sigtermAt = Infinity;
  let okAfterSigterm = 0;
  let loading = true;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; loading; i++) {
      const write = i % 4 === 0;
      const minutes = 100 + w * 1000 + i;
      try {
        if (write) {
          await call(onA.admin.updateOrganizationSessionPolicy.bind(onA.admin), { requestId: '', organizationId: ORG, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: minutes, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined, etag: '' }, asAdmin(), { deadline: Date.now() + 5000 });
          acknowledged.push(minutes);
        } else {
          await call(onA.resolver.resolveEffectivePolicy.bind(onA.resolver), { organizationIds: [ORG], context: undefined }, asAdmin(), { deadline: Date.now() + 5000 });
        }
        outcomes.set('OK', (outcomes.get('OK') ?? 0) + 1);
        if (Date.now() > sigtermAt) okAfterSigterm++;
      } catch (error) {
        const decoded = decodeError(error);
        outcomes.set(decoded.codeName, (outcomes.get(decoded.codeName) ?? 0) + 1);
        if (decoded.codeName === 'UNAVAILABLE') await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  await new Promise((r) => setTimeout(r, 1000));

  // SIGTERM, and watch health while the process drains.
  sigtermAt = Date.now();
  const exit = a.stop();
  const healthSeen: string[] = [];
  let exited = false;
  void exit.then(() => (exited = true));
  while (!exited) {
    const state = await healthOf(onA.health);
    if (healthSeen[healthSeen.length - 1] !== state) healthSeen.push(state);
    await new Promise((r) => setTimeout(r, 50));
  }
  const code = await exit;
  const exitedAfterMs = Date.now() - sigtermAt;
  loading = false;
  await load;

  const ended = decodeError(await streamEnded);
  const resumeFrom = BigInt(ended.metadata['lastRevision'] ?? '-1');
  process.stderr.write(
    `production-start: exit ${String(code)} after ${exitedAfterMs} ms (delay ${DELAY_MS}, grace ${GRACE_MS}); health ${healthSeen.join(' → ')}; ` +
      `calls ${JSON.stringify(Object.fromEntries(outcomes))}, ${okAfterSigterm} OK after SIGTERM; watch ended ${ended.codeName} ${ended.reason} lastRevision ${resumeFrom}\n`,
  );
  expect(code).toBe(0);
  expect(exitedAfterMs).toBeLessThan(DELAY_MS + GRACE_MS + 2000);
  // NOT_SERVING was reported while the process still answered health (the signal takes a moment to
  // arrive, so SERVING may come first), never SERVING again, and only then did it go away.
  const afterSignal = healthSeen.slice(healthSeen.indexOf('NOT_SERVING'));
  expect(afterSignal[0]).toBe('NOT_SERVING');
  expect(afterSignal.slice(1).every((state) => state.startsWith('error'))).toBe(true);
  // It went on serving through the delay, and no call ended in anything but OK or a refusal to retry elsewhere.
  expect(okAfterSigterm).toBeGreaterThan(0);
  expect([...outcomes.keys()].filter((k) => k !== 'OK' && k !== 'UNAVAILABLE')).toEqual([]);
  expect(ended).toMatchObject({ codeName: 'UNAVAILABLE', reason: 'SHUTTING_DOWN' });
  expect(resumeFrom).toBe(BigInt(Math.max(...seen)));

  // Every acknowledged write is in the store, as B sees once it has followed the log that far.
  const listed = async (): Promise<Set<number | undefined>> =>
    new Set((await allPolicyChanges(onB.admin, ORG, asAdmin())).map((c) => (c.after?.state?.$case === 'organizationPolicy' ? c.after.state.value.absoluteSessionTimeout : undefined)));
  let missing = acknowledged;
  for (let tries = 0; tries < 40 && missing.length > 0; tries++) {
    if (tries > 0) await new Promise((r) => setTimeout(r, 100));
    const stored = await listed();
    missing = acknowledged.filter((m) => !stored.has(m));
  }
  expect(missing).toEqual([]);
  // The watcher resumes on B: every change after its resume point arrives, up to one written now.
  const resumed = onB.resolver.watchEffectivePolicies({ organizationIds: [ORG], resumeAfterRevision: resumeFrom }, asAdmin());
  const delivered: bigint[] = [];
  const reached77 = new Promise<void>((done) =>
    resumed.on('data', (m: WatchEffectivePoliciesResponse) => {
      delivered.push(m.revision);
      if (m.policies.find((p) => p.organizationId === ORG)?.effectivePolicy?.absoluteSessionTimeout?.value?.seconds === 77n * 60n) done();
    }),
  );
  resumed.on('error', () => undefined);
  await call(onB.admin.updateOrganizationSessionPolicy.bind(onB.admin), { requestId: '', organizationId: ORG, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 77, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined, etag: '' }, asAdmin());
  await reached77;
  const after = (await call(onB.admin.listPolicyChanges.bind(onB.admin), { organizationId: ORG, pageSize: 500, pageToken: '' }, asAdmin())).policyChanges
    .map((c) => BigInt(c.revision))
    .filter((r) => r > resumeFrom);
  expect(delivered[0]).toBeGreaterThan(resumeFrom);
  expect(after.filter((r) => !delivered.includes(r))).toEqual([]);
  resumed.cancel();
  for (const c of [onA, onB]) {
    c.admin.close();
    c.resolver.close();
    c.health.close();
  }
});
