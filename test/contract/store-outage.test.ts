// The store goes down under a running service: the replica keeps being served, marked stale, for the
// configured maximum age and never replaced by looser application values; writes fail with
// UNAVAILABLE and leave nothing behind; when the store returns, fresh answers resume.
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { PolicyLayer } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call, decodeError } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
let svc: TestService;

beforeAll(async () => {
  store = await startTestStore({ forceOwnFerretDb: true });
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('outage'), { REPLICA_STALE_AFTER_MS: '300', REPLICA_MAX_STALE_MS: '6000' }));
  await call(svc.admin.updateOrganizationSettings.bind(svc.admin), { requestId: '', organizationId: 'org-tight', settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
  await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), { requestId: '',
    organizationId: 'org-tight', policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 90, idleSessionTimeoutEnabled: true, idleSessionTimeout: 20, etag: '',
  }, asAdmin());
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

const resolve = (organizationIds: string[]) => call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { context: undefined, organizationIds }, asAdmin());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('when the store is down, then last-known-good is served stale, then refused; never the looser application policy', async () => {
  const before = await resolve(['org-tight']);
  expect(before.effectivePolicy?.stale).toBe(false);
  expect(before.effectivePolicy?.absoluteSessionTimeout?.source?.layer).toBe(PolicyLayer.POLICY_LAYER_ORGANIZATION);

  const ferret = store.ferret;
  if (!ferret) throw new Error('needs its own FerretDB');
  await ferret.stop();
  const downAt = Date.now();
  await sleep(1000);

  const stale = await resolve(['org-tight']);
  expect(stale.effectivePolicy?.stale).toBe(true);
  expect(Number(stale.effectivePolicy?.absoluteSessionTimeout?.value?.seconds)).toBe(90 * 60);
  expect(Number(stale.effectivePolicy?.idleSessionTimeout?.value?.seconds)).toBe(20 * 60);

  // The replica is complete: an organization it does not hold has no stored policy, outage or not.
  const neverWritten = await resolve(['org-never-written']);
  expect(neverWritten.effectivePolicy?.stale).toBe(true);
  expect(neverWritten.effectivePolicy?.absoluteSessionTimeout?.source?.layer).toBe(PolicyLayer.POLICY_LAYER_APPLICATION);

  const write = decodeError(
    await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), { requestId: '',
      organizationId: 'org-tight', policySource: SessionPolicyType.APPLICATION, absoluteSessionTimeout: undefined, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '',
    }, asAdmin()).catch((e: unknown) => e),
  );
  expect(write).toMatchObject({ codeName: 'UNAVAILABLE', reason: 'STORE_UNAVAILABLE' });

  // Past REPLICA_MAX_STALE_MS the last-known-good value is no longer served at all.
  await sleep(Math.max(0, downAt + 6500 - Date.now()));
  const expired = decodeError(await resolve(['org-tight']).catch((e: unknown) => e));
  expect(expired).toMatchObject({ codeName: 'UNAVAILABLE', reason: 'STORE_UNAVAILABLE' });

  await ferret.start();
  let fresh: Awaited<ReturnType<typeof resolve>> | undefined;
  for (let i = 0; i < 100 && fresh?.effectivePolicy?.stale !== false; i++) {
    fresh = await resolve(['org-tight']).catch(() => undefined);
    if (fresh?.effectivePolicy?.stale !== false) await sleep(200);
  }
  expect(fresh?.effectivePolicy?.stale).toBe(false);
  // The write that failed left nothing behind: the org is still CUSTOM.
  expect(Number(fresh?.effectivePolicy?.absoluteSessionTimeout?.value?.seconds)).toBe(90 * 60);
  const policy = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-tight' }, asAdmin());
  expect(policy.policy?.policySource).toBe(SessionPolicyType.CUSTOM);
});
