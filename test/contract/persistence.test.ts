// Acknowledged writes survive a restart of the service and a restart of the store.
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { call } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
const database = uniqueDatabase('persist');

beforeAll(async () => {
  store = await startTestStore({ forceOwnFerretDb: true });
});

afterAll(async () => {
  await store?.close();
});

async function writePolicy(svc: TestService): Promise<string> {
  await call(svc.admin.updateOrganizationSettings.bind(svc.admin), { requestId: '', organizationId: 'org-durable', settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
  const updated = await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), { requestId: '',
    organizationId: 'org-durable', policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 333, idleSessionTimeoutEnabled: true, idleSessionTimeout: 44, etag: '',
  }, asAdmin());
  return updated.etag;
}

async function readBack(svc: TestService) {
  const policy = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-durable' }, asAdmin());
  const resolved = await call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { context: undefined, organizationIds: ['org-durable'] }, asAdmin());
  return { policy, absoluteSeconds: Number(resolved.effectivePolicy?.absoluteSessionTimeout?.value?.seconds) };
}

it('when the service restarts, then the policy, its etag and its history are still there', async () => {
  const first = await startTestService(testConfig(store.uri, database));
  const etag = await writePolicy(first);
  await first.stop();

  const second = await startTestService(testConfig(store.uri, database));
  try {
    const { policy, absoluteSeconds } = await readBack(second);
    expect(policy.policy).toMatchObject({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 333, idleSessionTimeout: 44 });
    expect(policy.etag).toBe(etag);
    expect(absoluteSeconds).toBe(333 * 60);
    const history = await call(second.admin.listPolicyChanges.bind(second.admin), { organizationId: 'org-durable', pageSize: 0, pageToken: '' }, asAdmin());
    expect(history.policyChanges).toHaveLength(2);
  } finally {
    await second.stop();
  }
});

it('when the store restarts under a running service, then the service reconnects and serves the same data', async () => {
  const svc = await startTestService(testConfig(store.uri, database));
  try {
    const ferret = store.ferret;
    if (!ferret) throw new Error('this test needs its own FerretDB');
    await ferret.stop();
    await ferret.start();
    // The driver reconnects on its own; admin reads go to the store, so this proves the data is on disk.
    let read: Awaited<ReturnType<typeof readBack>> | undefined;
    for (let attempt = 0; attempt < 150 && !read; attempt++) {
      read = await readBack(svc).catch(() => undefined);
      if (!read) await new Promise((r) => setTimeout(r, 200));
    }
    expect(read?.policy.policy).toMatchObject({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 333 });
    expect(read?.absoluteSeconds).toBe(333 * 60);
  } finally {
    await svc.stop();
  }
});
