// Remembered request ids (AIP-155) in snapshots, on a real FerretDB. They used to live in the snapshot
// header, one document: a day of request ids (every logout may carry one) outgrows MongoDB's 16 MiB
// document limit, and then no snapshot could be written at all. They are now chunks like organizations.
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { requestHash, type RecordedRequest } from '../../src/app/recent-requests';
import { MongoPolicyStore } from '../../src/storage/mongo-policy-store';
import { call } from './support/calls';
import { asAdmin, startTestService, testConfig } from './support/service';
import { newestSnapshot, startTestStore, uniqueDatabase, type TestStore } from './support/store';

jest.setTimeout(120_000);

let store: TestStore;

beforeAll(async () => {
  store = await startTestStore();
});

afterAll(async () => {
  await store?.close();
});

it('when a snapshot remembers 450 000 request ids (as header entries they took ~40 MB, past one document\'s 16 MiB), then it is written and loads them back in log order', async () => {
  const { store: policyStore, client } = await MongoPolicyStore.connect(store.uri, uniqueDatabase('snapshot-requests'));
  try {
    const requests: RecordedRequest[] = Array.from({ length: 450_000 }, (_, i) => ({ hash: requestHash('service:enforcer', `logout-${i}`), revision: i + 1, timeMs: 1_795_000_000_000 + i }));
    await policyStore.writeSnapshot({ revision: 450_000, application: undefined, organizations: [], ruleSets: [], recentRequests: requests });
    const loaded = await newestSnapshot(policyStore);
    expect(loaded?.revision).toBe(450_000);
    const back = [...(loaded?.recentRequests ?? [])];
    expect(back).toHaveLength(requests.length);
    expect(back).toEqual(requests);
  } finally {
    await client.close();
  }
});

it('when a snapshot was written before snapshots carried a digest, then it is never loaded (it cannot be verified), and the log is replayed instead', async () => {
  const database = uniqueDatabase('legacy-header-requests');
  const { store: policyStore, client, db } = await MongoPolicyStore.connect(store.uri, database);
  try {
    await db.collection('snapshot_r000000000000007').insertOne({ _id: 'header' as never, revision: 7, application: null, recentRequests: [{ key: 'service:admin\u0000retry-1', revision: 5, timeMs: 1_795_000_000_000 }] });
    await db.collection('snapshots').insertOne({ _id: 'r000000000000007' as never, revision: 7, chunks: 0, createdAt: new Date() });
    const [candidate] = await policyStore.listSnapshots();
    expect(candidate?.revision).toBe(7);
    await expect(candidate?.load()).rejects.toThrow(/carries no digest/);
    expect(await newestSnapshot(policyStore)).toBeUndefined();
  } finally {
    await client.close();
  }
});

it('when a write is retried with its request id after the service restarted from a snapshot, then the first answer comes back and nothing changes', async () => {
  const database = uniqueDatabase('requests-restart');
  const config = testConfig(store.uri, database, { SNAPSHOT_EVERY_CHANGES: '10' });
  const update = (i: number) => ({ organizationId: 'org-retry', policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 600 + i, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '', requestId: `retry-${i}` });
  const first = await startTestService(config);
  const answers: string[] = [];
  try {
    await call(first.admin.updateOrganizationSettings.bind(first.admin), { requestId: '', organizationId: 'org-retry', settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
    // Revisions 2 to 10, each with a request id; 10 is a multiple of SNAPSHOT_EVERY_CHANGES.
    for (let i = 0; i < 9; i++) answers.push((await call(first.admin.updateOrganizationSessionPolicy.bind(first.admin), update(i), asAdmin())).etag);
    const { store: reader, client } = await MongoPolicyStore.connect(store.uri, database);
    try {
      for (let i = 0; i < 100 && (await newestSnapshot(reader))?.revision !== 10; i++) await new Promise((r) => setTimeout(r, 50));
      expect([...((await newestSnapshot(reader))?.recentRequests ?? [])].map((r) => r.revision)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      await client.close();
    }
  } finally {
    await first.stop();
  }
  const second = await startTestService(config);
  try {
    const retried = await call(second.admin.updateOrganizationSessionPolicy.bind(second.admin), update(3), asAdmin());
    expect(retried.etag).toBe(answers[3]);
    expect(retried.policy?.absoluteSessionTimeout).toBe(603);
    const history = await call(second.admin.listPolicyChanges.bind(second.admin), { organizationId: 'org-retry', pageSize: 0, pageToken: '' }, asAdmin());
    expect(history.policyChanges).toHaveLength(10);
  } finally {
    await second.stop();
  }
});
