// Session rules end to end (docs/design.md §2.6): etags, persistence across a restart, resolution with
// a context, and Watch events carrying the rule sets. Needs the rule-set store wired into the service.
import { status, type Metadata } from '@grpc/grpc-js';
import {
  ComplianceProfile,
  type SessionRuleSet,
} from '../../gen/ts/sessionpolicy/v1/session_rules';
import { WatchEventType, type WatchEffectivePoliciesResponse } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call, failure } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
let svc: TestService;
let database: string;

beforeAll(async () => {
  store = await startTestStore();
  database = uniqueDatabase('rules');
  svc = await startTestService(testConfig(store.uri, database));
  await call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), {
    requestId: '',
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 60, accessTokenExpiry: 15 },
    etag: '',
  }, asAdmin());
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

const ADMIN_IDLE: SessionRuleSet = {
  rules: [{
    ruleId: 'admin-idle',
    description: 'admin role: idle 10 minutes',
    condition: { rolesAny: ['admin'], applicationIdsAny: [], minRiskLevel: 0, authenticationLevelsAny: [], attributesAll: new Map() },
    maxAbsoluteSessionTimeout: undefined,
    maxIdleSessionTimeout: { seconds: 600n, nanos: 0 },
  }],
  complianceProfiles: [],
};

const updateRules = (organizationId: string, ruleSet: SessionRuleSet, etag = '') =>
  call(svc.admin.updateSessionRules.bind(svc.admin), { organizationId, ruleSet, etag, requestId: '' }, asAdmin());
const enableFeature = (organizationId: string, enabled = true) =>
  call(svc.admin.updateOrganizationSettings.bind(svc.admin), { requestId: '', organizationId, settings: { features: [{ name: 'session_policy', enabled }] }, etag: '' }, asAdmin());
const resolveAsAdminRole = (organizationIds: string[]) =>
  call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), {
    organizationIds,
    context: { roles: ['admin'], applicationId: '', riskLevel: 0, authenticationLevel: 0, attributes: new Map() },
  }, asAdmin());

describe('when session rules are updated', () => {
  it('then they read back with a new etag, and a stale etag is ABORTED without a change', async () => {
    const first = await updateRules('org-etag', ADMIN_IDLE);
    const read = await call(svc.admin.getSessionRules.bind(svc.admin), { organizationId: 'org-etag' }, asAdmin());
    expect(read).toEqual(first);
    const second = await updateRules('org-etag', { rules: [], complianceProfiles: [ComplianceProfile.COMPLIANCE_PROFILE_PCI_DSS_4] }, first.etag);
    expect(second.etag).not.toBe(first.etag);
    const stale = await failure(updateRules('org-etag', ADMIN_IDLE, first.etag));
    expect([stale.codeName, stale.reason]).toEqual(['ABORTED', 'ETAG_MISMATCH']);
    expect(await call(svc.admin.getSessionRules.bind(svc.admin), { organizationId: 'org-etag' }, asAdmin())).toEqual(second);
  });

  it('then an organization policy update leaves them untouched, and ResolveEffectivePolicy names the deciding rule', async () => {
    await enableFeature('org-resolve');
    await updateRules('org-resolve', ADMIN_IDLE);
    await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), {
      requestId: '', organizationId: 'org-resolve', policySource: 1, absoluteSessionTimeout: undefined, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '',
    }, asAdmin());
    const resolved = await resolveAsAdminRole(['org-resolve']);
    expect(resolved.effectivePolicy?.idleSessionTimeout).toEqual({
      value: { seconds: 600n, nanos: 0 },
      source: { layer: 2, organizationId: 'org-resolve', ruleId: 'admin-idle', complianceProfile: 0 },
    });
    expect(resolved.effectivePolicy?.matchedRules.map((m) => [m.organizationId, m.ruleId])).toEqual([['org-resolve', 'admin-idle']]);
  });

  it('then a watcher of the organization receives the new rule set within 1 s', async () => {
    await enableFeature('org-watched-rules');
    const events: WatchEffectivePoliciesResponse[] = [];
    const stream = svc.resolver.watchEffectivePolicies({ organizationIds: ['org-watched-rules'], resumeAfterRevision: 0n }, asAdmin() as Metadata);
    const delivered = new Promise<number>((resolve, reject) => {
      let sentAt = 0;
      stream.on('data', (event: WatchEffectivePoliciesResponse) => {
        events.push(event);
        if (event.type === WatchEventType.WATCH_EVENT_TYPE_SNAPSHOT) {
          sentAt = Date.now();
          updateRules('org-watched-rules', ADMIN_IDLE).catch(reject);
          return;
        }
        const ruleSet = event.policies.find((p) => p.organizationId === 'org-watched-rules')?.ruleSet;
        if (ruleSet?.rules.some((r) => r.ruleId === 'admin-idle')) resolve(Date.now() - sentAt);
      });
      stream.on('error', (error: Error & { code?: number }) => (error.code === status.CANCELLED ? undefined : reject(error)));
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error('no rule-set event within 5 s')), 5000)));
      expect(await Promise.race([delivered, timeout])).toBeLessThan(1000);
    } finally {
      clearTimeout(timer);
      stream.cancel();
    }
  });
});

describe('when the service restarts', () => {
  it('then the stored rule sets of both scopes are still there', async () => {
    const application = await updateRules('', { rules: [], complianceProfiles: [ComplianceProfile.COMPLIANCE_PROFILE_NIST_800_63B_4] });
    const organization = await updateRules('org-durable-rules', ADMIN_IDLE);
    await svc.stop();
    svc = await startTestService(testConfig(store.uri, database));
    expect(await call(svc.admin.getSessionRules.bind(svc.admin), { organizationId: '' }, asAdmin())).toEqual(application);
    expect(await call(svc.admin.getSessionRules.bind(svc.admin), { organizationId: 'org-durable-rules' }, asAdmin())).toEqual(organization);
  });
});
