// Bounded retention on a real store (docs/design.md §2.7): a revocation is dropped once revoked_at +
// the application's absolute timeout + the clock skew has passed, from memory and from the next snapshot,
// and a restarted instance does not bring it back; one still kept survives the restart.
// The shortest application policy is 2 minutes (absolute > access token >= 1 minute), so this waits.
import { MongoPolicyStore } from '../../src/storage/mongo-policy-store';
import { SessionExpiryReason } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { RevocationReason } from '../../gen/ts/sessionpolicy/v1/session_revocation';
import { call, instantOf, timestamp } from './support/calls';
import { startServiceProcess, type ServiceProcess } from './support/process-service';
import { asAdmin } from './support/service';
import { newestSnapshot, startTestStore, uniqueDatabase, type TestStore } from './support/store';

const ENV = { MAX_CLOCK_SKEW_MS: '0', SNAPSHOT_EVERY_CHANGES: '10' };
let store: TestStore;
let database: string;
let instance: ServiceProcess;

beforeAll(async () => {
  store = await startTestStore();
  database = uniqueDatabase('retention');
  instance = await startServiceProcess(store.uri, database, ENV);
}, 60_000);

afterAll(async () => {
  await instance?.stop();
  await store?.close();
});

const revoke = (sessionId: string) =>
  call(instance.admin.revokeSessions.bind(instance.admin), { organizationId: 'org-r', target: { $case: 'sessionId', value: sessionId }, reason: RevocationReason.REVOCATION_REASON_LOGOUT, requestId: '' }, asAdmin());

const listed = async (): Promise<string[]> =>
  (await call(instance.admin.listRevocations.bind(instance.admin), { organizationId: 'org-r', pageSize: 0, pageToken: '' }, asAdmin())).revocations.map((r) =>
    r.target?.$case === 'sessionId' ? r.target.value : '?',
  );

/**
 * The answer for the session with this id that started a second before `revocation` (so it is the one
 * revoked, not a later one reusing the id), evaluated a second later, within its lifetime.
 */
const reasonFor = async (sessionId: string, revocation: { revocation?: { revokeTime?: { seconds: bigint; nanos: number } | undefined } | undefined }): Promise<SessionExpiryReason> => {
  const start = (instantOf(revocation.revocation?.revokeTime) ?? NaN) - 1000;
  const answer = await call(instance.resolver.evaluateSession.bind(instance.resolver), {
    context: undefined, organizationIds: ['org-r'], sessionStartTime: timestamp(start), lastActivityTime: timestamp(start), evaluationTime: timestamp(start + 2000), sessionId, subject: '',
  }, asAdmin());
  return answer.reason;
};

it('when a revocation outlives the application absolute timeout, then it is purged, left out of the snapshot, and stays gone after a restart', async () => {
  await call(instance.admin.updateApplicationSessionPolicy.bind(instance.admin), {
    requestId: '', policy: { absoluteSessionTimeout: 2, idleSessionTimeoutEnabled: false, idleSessionTimeout: 0, accessTokenExpiry: 1 }, etag: '',
  }, asAdmin());
  const short = await revoke('sess-short');
  const { revocation } = short;
  const expireMs = instantOf(revocation?.expireTime) ?? 0;
  expect(expireMs - (instantOf(revocation?.revokeTime) ?? 0)).toBe(2 * 60_000);
  expect(await listed()).toEqual(['sess-short']);
  expect(await reasonFor('sess-short', short)).toBe(SessionExpiryReason.SESSION_EXPIRY_REASON_REVOKED);

  // Kept until its expiry; purged within a poll after it.
  await new Promise((r) => setTimeout(r, Math.max(0, expireMs - Date.now() - 2000)));
  expect(await listed()).toEqual(['sess-short']);
  while ((await listed()).length > 0) {
    if (Date.now() > expireMs + 5000) throw new Error('not purged 5 s after its expiry');
    await new Promise((r) => setTimeout(r, 200));
  }
  const purgedAfterMs = Date.now() - expireMs;
  process.stdout.write(`revocation purged ${purgedAfterMs} ms after its expire_time\n`);
  expect(await reasonFor('sess-short', short)).toBe(SessionExpiryReason.SESSION_EXPIRY_REASON_UNSPECIFIED);

  // A revocation still kept, then enough changes for a snapshot at revision 10.
  const kept = await revoke('sess-kept');
  for (let i = 0; revisionOf(kept) + i < 10; i++) await revoke(`sess-filler-${i}`);
  const reader = await MongoPolicyStore.connect(store.uri, database);
  let snapshot = await newestSnapshot(reader.store);
  for (const until = Date.now() + 5000; (snapshot?.revision ?? 0) < 10 && Date.now() < until; snapshot = await newestSnapshot(reader.store)) await new Promise((r) => setTimeout(r, 100));
  await reader.client.close();
  expect(snapshot?.revision).toBe(10);
  const inSnapshot = [...(snapshot?.revocations ?? [])].map((r) => (r.target.kind === 'SESSION' ? r.target.sessionId : '?'));
  expect(inSnapshot).toContain('sess-kept');
  expect(inSnapshot).not.toContain('sess-short');

  await instance.stop();
  instance = await startServiceProcess(store.uri, database, ENV);
  const after = await listed();
  expect(after).toContain('sess-kept');
  expect(after).not.toContain('sess-short');
  expect(await reasonFor('sess-short', short)).toBe(SessionExpiryReason.SESSION_EXPIRY_REASON_UNSPECIFIED);
  expect(await reasonFor('sess-kept', kept)).toBe(SessionExpiryReason.SESSION_EXPIRY_REASON_REVOKED);
}, 200_000);

const revisionOf = (response: { revocation?: { revision: bigint } | undefined }): number => Number(response.revocation?.revision ?? 0n);
