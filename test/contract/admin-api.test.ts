// The admin API end to end: real server, real FerretDB, generated client.
import { status } from '@grpc/grpc-js';
import { SessionPolicyType, TimeUnit } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { PolicyChangeTarget } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { PolicyLayer } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call, failure, timestamp } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
let svc: TestService;

beforeAll(async () => {
  store = await startTestStore();
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('admin')));
  await call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), { requestId: '',
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
    etag: '',
  }, asAdmin());
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

const enableFeature = (organizationId: string, enabled = true) =>
  call(svc.admin.updateOrganizationSettings.bind(svc.admin), { requestId: '', organizationId, settings: { features: [{ name: 'session_policy', enabled }] }, etag: '' }, asAdmin());

const setCustom = (organizationId: string, fields: Record<string, unknown>) =>
  call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), { requestId: '',
    organizationId,
    policySource: SessionPolicyType.CUSTOM,
    absoluteSessionTimeout: undefined,
    idleSessionTimeoutEnabled: undefined,
    idleSessionTimeout: undefined,
    etag: '',
    ...fields,
  }, asAdmin());

const resolve = (organizationIds: string[]) =>
  call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { context: undefined, organizationIds }, asAdmin());

describe('when an organization was never written', () => {
  it('then it reads as APPLICATION with every value unset, and its feature is off', async () => {
    const got = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-never' }, asAdmin());
    expect(got.policy).toEqual({ policySource: SessionPolicyType.APPLICATION, absoluteSessionTimeout: undefined, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined });
    const settings = await call(svc.admin.getOrganizationSettings.bind(svc.admin), { organizationId: 'org-never' }, asAdmin());
    expect(settings.settings?.features).toEqual([{ name: 'session_policy', enabled: false }]);
  });
});

describe('when a CUSTOM policy is written in HOURS', () => {
  it('then it is stored and returned in MINUTES (8 HOURS reads back as 480 MINUTES)', async () => {
    await enableFeature('org-hours');
    const updated = await setCustom('org-hours', { absoluteSessionTimeout: 8, absoluteSessionTimeoutUnit: TimeUnit.HOURS, idleSessionTimeoutEnabled: true, idleSessionTimeout: 1, idleSessionTimeoutUnit: TimeUnit.HOURS });
    const expected = { policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 480, absoluteSessionTimeoutUnit: TimeUnit.MINUTES, idleSessionTimeoutEnabled: true, idleSessionTimeout: 60, idleSessionTimeoutUnit: TimeUnit.MINUTES };
    expect(updated.policy).toEqual(expected);
    const read = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-hours' }, asAdmin());
    expect(read.policy).toEqual(expected);
    expect(read.etag).toBe(updated.etag);
  });

  it('then CUSTOM with idle off returns idle enabled = false explicitly and no idle duration', async () => {
    await enableFeature('org-idle-off');
    const updated = await setCustom('org-idle-off', { absoluteSessionTimeout: 600, idleSessionTimeoutEnabled: false });
    expect(updated.policy).toEqual({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 600, absoluteSessionTimeoutUnit: TimeUnit.MINUTES, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined });
  });
});

describe('when the session_policy feature is off', () => {
  it('then CUSTOM fails with FAILED_PRECONDITION / FEATURE_DISABLED and nothing is written', async () => {
    const error = await failure(setCustom('org-gated', { absoluteSessionTimeout: 600 }));
    expect(error).toMatchObject({ code: status.FAILED_PRECONDITION, reason: 'FEATURE_DISABLED', metadata: { organizationId: 'org-gated', feature: 'session_policy' } });
    const read = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-gated' }, asAdmin());
    expect(read.policy?.policySource).toBe(SessionPolicyType.APPLICATION);
    const history = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: 'org-gated', pageSize: 0, pageToken: '' }, asAdmin());
    expect(history.policyChanges).toHaveLength(0);
  });

  it('then turning it off makes a stored CUSTOM policy inactive and turning it on restores it', async () => {
    await enableFeature('org-toggle');
    await setCustom('org-toggle', { absoluteSessionTimeout: 300 });
    expect((await resolve(['org-toggle'])).effectivePolicy?.absoluteSessionTimeout?.value?.seconds).toBe(300n * 60n);

    await enableFeature('org-toggle', false);
    await svc.service.context.replica.catchUp();
    const off = await resolve(['org-toggle']);
    expect(off.effectivePolicy?.absoluteSessionTimeout).toEqual({ value: { seconds: 1440n * 60n, nanos: 0 }, source: { layer: PolicyLayer.POLICY_LAYER_APPLICATION, organizationId: '', ruleId: '', complianceProfile: 0 } });
    const kept = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-toggle' }, asAdmin());
    expect(kept.policy?.absoluteSessionTimeout).toBe(300);

    await enableFeature('org-toggle', true);
    const on = await resolve(['org-toggle']);
    expect(on.effectivePolicy?.absoluteSessionTimeout?.source).toEqual({ layer: PolicyLayer.POLICY_LAYER_ORGANIZATION, organizationId: 'org-toggle', ruleId: '', complianceProfile: 0 });
  });
});

describe('when an organization reverts to APPLICATION', () => {
  it('then its custom values are discarded but stay in the audit history', async () => {
    await enableFeature('org-revert');
    await setCustom('org-revert', { absoluteSessionTimeout: 700, idleSessionTimeoutEnabled: true, idleSessionTimeout: 30 });
    const reverted = await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), { requestId: '',
      organizationId: 'org-revert', policySource: SessionPolicyType.APPLICATION, absoluteSessionTimeout: undefined, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '',
    }, asAdmin());
    expect(reverted.policy).toEqual({ policySource: SessionPolicyType.APPLICATION, absoluteSessionTimeout: undefined, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined });
    expect((await resolve(['org-revert'])).effectivePolicy?.absoluteSessionTimeout?.source?.layer).toBe(PolicyLayer.POLICY_LAYER_APPLICATION);

    const history = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: 'org-revert', pageSize: 10, pageToken: '' }, asAdmin());
    const revert = history.policyChanges[0];
    expect(revert?.target).toBe(PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_POLICY);
    expect(revert?.before?.state).toEqual({ $case: 'organizationPolicy', value: expect.objectContaining({ absoluteSessionTimeout: 700, idleSessionTimeout: 30 }) });
    expect(revert?.after?.state).toEqual({ $case: 'organizationPolicy', value: expect.objectContaining({ policySource: SessionPolicyType.APPLICATION }) });
    expect(revert?.actor).toBe('service:admin');
    expect(history.policyChanges.map((c) => c.target)).toEqual([
      PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_POLICY,
      PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_POLICY,
      PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_SETTINGS,
    ]);
  });
});

describe('when a request is invalid', () => {
  it('then INVALID_ARGUMENT lists every violated field and nothing changes', async () => {
    await enableFeature('org-invalid');
    const error = await failure(setCustom('org-invalid', { absoluteSessionTimeout: 10, idleSessionTimeoutEnabled: true, idleSessionTimeout: 0 }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.reason).toBe('INVALID_ARGUMENT');
    expect(error.violations).toEqual(expect.arrayContaining([
      { field: 'absolute_session_timeout', constraint: 'ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN' },
      { field: 'idle_session_timeout', constraint: 'VALUE_NOT_POSITIVE' },
    ]));
    // Each field is named once, in the proto's snake_case, followed by what is wrong with it.
    expect(error.message).toMatch(/^invalid request: /);
    expect(error.message).toContain('idle_session_timeout: 0 must be greater than 0');
    expect(error.message.match(/absolute_session_timeout/g)).toHaveLength(1);
    const read = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-invalid' }, asAdmin());
    expect(read.policy?.policySource).toBe(SessionPolicyType.APPLICATION);
  });

  it('then unknown enum numbers on the wire are rejected, not coerced', async () => {
    await enableFeature('org-enum');
    const badSource = await failure(setCustom('org-enum', { policySource: 7 as SessionPolicyType, absoluteSessionTimeout: 600 }));
    expect(badSource.violations).toContainEqual({ field: 'policy_source', constraint: 'POLICY_SOURCE_UNKNOWN' });
    const badUnit = await failure(setCustom('org-enum', { absoluteSessionTimeout: 600, absoluteSessionTimeoutUnit: 9 as TimeUnit }));
    expect(badUnit.violations).toContainEqual({ field: 'absolute_session_timeout_unit', constraint: 'UNIT_UNKNOWN' });
    const unspecified = await failure(setCustom('org-enum', { policySource: SessionPolicyType.SESSION_POLICY_TYPE_UNSPECIFIED }));
    expect(unspecified.violations).toContainEqual({ field: 'policy_source', constraint: 'POLICY_SOURCE_REQUIRED' });
  });

  it('then 2^31-1 DAYS is an overflow error, never a wrapped number', async () => {
    await enableFeature('org-overflow');
    const error = await failure(setCustom('org-overflow', { absoluteSessionTimeout: 2147483647, absoluteSessionTimeoutUnit: TimeUnit.DAYS }));
    expect(error.violations).toContainEqual({ field: 'absolute_session_timeout', constraint: 'VALUE_OVERFLOW' });
  });

  it('then a malformed organization id, a negative page size and a foreign page token are all reported', async () => {
    const badId = await failure(call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org with spaces' }, asAdmin()));
    expect(badId.violations).toEqual([{ field: 'organization_id', constraint: 'ORGANIZATION_ID_PATTERN_MISMATCH' }]);
    const paging = await failure(call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: '', pageSize: -1, pageToken: 'garbage' }, asAdmin()));
    expect(paging.violations).toEqual([
      { field: 'page_size', constraint: 'PAGE_SIZE_OUT_OF_RANGE' },
      { field: 'page_token', constraint: 'PAGE_TOKEN_INVALID' },
    ]);
  });

  it('then a page size above the maximum is read as the maximum, not rejected (AIP-158)', async () => {
    const page = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: '', pageSize: 100000, pageToken: '' }, asAdmin());
    expect(page.policyChanges.length).toBeLessThanOrEqual(500);
  });

  it('then an application policy breaking its own chain is rejected field by field', async () => {
    const error = await failure(call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), { requestId: '',
      policy: { absoluteSessionTimeout: 30, idleSessionTimeoutEnabled: true, idleSessionTimeout: 60, accessTokenExpiry: 90 },
      etag: '',
    }, asAdmin()));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.violations.map((v) => v.field).sort()).toEqual(expect.arrayContaining(['policy.absolute_session_timeout', 'policy.idle_session_timeout']));
    const current = await call(svc.admin.getApplicationSessionPolicy.bind(svc.admin), {}, asAdmin());
    expect(current.policy?.absoluteSessionTimeout).toBe(1440);
  });
});

describe('when an update carries an etag', () => {
  it('then the current etag succeeds and a stale one fails with ABORTED, changing nothing', async () => {
    await enableFeature('org-etag');
    const first = await setCustom('org-etag', { absoluteSessionTimeout: 500 });
    const second = await setCustom('org-etag', { absoluteSessionTimeout: 400, etag: first.etag });
    expect(second.etag).not.toBe(first.etag);
    const stale = await failure(setCustom('org-etag', { absoluteSessionTimeout: 300, etag: first.etag }));
    expect(stale).toMatchObject({ code: status.ABORTED, reason: 'ETAG_MISMATCH', metadata: { etag: first.etag, currentEtag: second.etag } });
    const read = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-etag' }, asAdmin());
    expect(read.policy?.absoluteSessionTimeout).toBe(400);

    const app = await call(svc.admin.getApplicationSessionPolicy.bind(svc.admin), {}, asAdmin());
    const staleApp = await failure(call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), { requestId: '', policy: app.policy, etag: '"ap999"' }, asAdmin()));
    expect(staleApp.code).toBe(status.ABORTED);
    const malformed = await failure(setCustom('org-etag', { absoluteSessionTimeout: 300, etag: 'not-an-etag' }));
    expect(malformed.violations).toEqual([{ field: 'etag', constraint: 'ETAG_MALFORMED' }]);
  });

  it('then of two concurrent writers holding the same etag exactly one wins', async () => {
    await enableFeature('org-race');
    const base = await setCustom('org-race', { absoluteSessionTimeout: 500 });
    const results = await Promise.allSettled(
      [410, 420, 430, 440].map((absoluteSessionTimeout) => setCustom('org-race', { absoluteSessionTimeout, etag: base.etag })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const history = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: 'org-race', pageSize: 10, pageToken: '' }, asAdmin());
    expect(history.policyChanges.filter((c) => c.target === PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_POLICY)).toHaveLength(2);
  });
});

describe('when the history is longer than a page', () => {
  it('then pages chain by next_page_token, newest first, with no gaps or repeats', async () => {
    await enableFeature('org-pages');
    for (const minutes of [100, 110, 120, 130, 140]) await setCustom('org-pages', { absoluteSessionTimeout: minutes });
    const seen: bigint[] = [];
    let pageToken = '';
    do {
      const page = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: 'org-pages', pageSize: 2, pageToken }, asAdmin());
      expect(page.policyChanges.length).toBeLessThanOrEqual(2);
      seen.push(...page.policyChanges.map((c) => c.revision));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(seen).toHaveLength(6);
    expect([...seen].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(seen);
    expect(new Set(seen).size).toBe(6);
  });
});

describe('when sessions are evaluated', () => {
  it('then the max lifetime is checked first and both deadlines come back', async () => {
    await enableFeature('org-eval');
    await setCustom('org-eval', { absoluteSessionTimeout: 60 * 4, idleSessionTimeoutEnabled: true, idleSessionTimeout: 30 });
    const start = new Date('2026-01-01T00:00:00.000Z');
    const result = await call(svc.resolver.evaluateSession.bind(svc.resolver), {
      context: undefined,
      organizationIds: ['org-eval'],
      sessionStartTime: timestamp(start),
      lastActivityTime: timestamp('2026-01-01T03:00:00.000Z'),
      evaluationTime: timestamp('2026-01-01T04:00:00.000Z'),
      sessionId: '',
      subject: '',
    }, asAdmin());
    expect(result.expired).toBe(true);
    expect(result.reason).toBe(1);
    expect(result.maxLifetimeDeadline).toEqual(timestamp('2026-01-01T04:00:00.000Z'));
    expect(result.idleDeadline).toEqual(timestamp('2026-01-01T03:30:00.000Z'));
    expect(result.nextDeadline).toEqual(timestamp('2026-01-01T03:30:00.000Z'));

    const missing = await failure(call(svc.resolver.evaluateSession.bind(svc.resolver), { context: undefined, organizationIds: ['org-eval'], sessionStartTime: undefined, lastActivityTime: undefined, evaluationTime: undefined, sessionId: '', subject: '' }, asAdmin()));
    expect(missing.violations).toEqual([
      { field: 'session_start_time', constraint: 'FIELD_REQUIRED' },
      { field: 'last_activity_time', constraint: 'FIELD_REQUIRED' },
    ]);
  });

  it('then repeated or too many organization ids are rejected', async () => {
    const repeated = await failure(resolve(['org-a', 'org-a']));
    expect(repeated.violations).toEqual([{ field: 'organization_ids[1]', constraint: 'ORGANIZATION_ID_REPEATED' }]);
    const tooMany = await failure(resolve(Array.from({ length: 101 }, (_, i) => `org-${i}`)));
    expect(tooMany.violations).toEqual([{ field: 'organization_ids', constraint: 'TOO_MANY_ORGANIZATION_IDS' }]);
  });
});

describe('when a JavaScript caller leaves request_id out of two different writes', () => {
  it('then both are applied (the stubs send no request id, not the text "undefined" twice)', async () => {
    const organizationId = 'org-no-request-id';
    await enableFeature(organizationId);
    const write = (minutes: number) =>
      call(
        svc.admin.updateOrganizationSessionPolicy.bind(svc.admin),
        // What a caller without TypeScript's types sends: the field simply missing.
        { organizationId, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: minutes, absoluteSessionTimeoutUnit: TimeUnit.MINUTES, etag: '' } as never,
        asAdmin(),
      );
    const first = await write(600);
    const second = await write(480);
    expect(first.policy?.absoluteSessionTimeout).toBe(600);
    expect(second.policy?.absoluteSessionTimeout).toBe(480);
  });
});
