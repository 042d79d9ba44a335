// Use cases over the store port (in memory): authorization before existence, validation, etags, the
// feature gate and the audit actor, each checked by what reaches the change log.
import { PolicyError } from '../../../src/app/errors';
import { getOrganizationSessionPolicy, updateOrganizationSessionPolicy } from '../../../src/app/use-cases/organization-session-policy';
import { updateOrganizationSettings } from '../../../src/app/use-cases/organization-settings';
import { getApplicationSessionPolicy, updateApplicationSessionPolicy } from '../../../src/app/use-cases/application-session-policy';
import { orgAdmin, platformAdmin, reader, testContext, type TestContext } from './support/context';

const CUSTOM_8_HOURS = { policySource: 2, absolute: { value: 8, unit: 2 }, idleEnabled: true, idle: { value: 30 } };

async function enable(ctx: TestContext, organizationId: string): Promise<void> {
  await updateOrganizationSettings(ctx, platformAdmin, { organizationId, features: [{ name: 'session_policy', enabled: true }], etag: '' });
}

async function rejection(work: Promise<unknown>): Promise<PolicyError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof PolicyError)) throw new Error(`expected a PolicyError, got ${String(error)}`);
  return error;
}

describe('when an organization admin changes another organization', () => {
  it('then PERMISSION_DENIED with the same answer whether that organization exists or not, and nothing is logged', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-existing');
    const before = ctx.memory.log.size;
    const existing = await rejection(updateOrganizationSessionPolicy(ctx, orgAdmin('org-mine'), { organizationId: 'org-existing', policy: CUSTOM_8_HOURS, etag: '' }));
    const missing = await rejection(updateOrganizationSessionPolicy(ctx, orgAdmin('org-mine'), { organizationId: 'org-never', policy: CUSTOM_8_HOURS, etag: '' }));
    expect([existing.status, missing.status]).toEqual(['PERMISSION_DENIED', 'PERMISSION_DENIED']);
    expect(existing.reason).toBe(missing.reason);
    expect(existing.message).toBe(missing.message);
    expect(ctx.memory.log.size).toBe(before);
  });

  it('then an invalid request from them is still PERMISSION_DENIED (authorization before validation)', async () => {
    const ctx = await testContext();
    const error = await rejection(updateOrganizationSessionPolicy(ctx, orgAdmin('org-mine'), { organizationId: 'org-other', policy: { policySource: 9 }, etag: 'junk' }));
    expect(error.status).toBe('PERMISSION_DENIED');
  });
});

describe('when a valid CUSTOM policy is written', () => {
  it('then it is stored in minutes, audited with the actor, and the log is dense', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-a');
    const result = await updateOrganizationSessionPolicy(ctx, orgAdmin('org-a'), { organizationId: 'org-a', policy: CUSTOM_8_HOURS, etag: '' });
    expect(result.policy).toEqual({ source: 'CUSTOM', absoluteMinutes: 480, idleEnabled: true, idleMinutes: 30 });
    expect(result.etag).toBe('"op1"');
    expect([...ctx.memory.log.keys()]).toEqual([1, 2]);
    const change = ctx.memory.log.get(2);
    expect(change?.actor).toBe('user:admin-of-org-a');
    expect(change?.target).toBe('ORGANIZATION_POLICY');
    expect(change?.previousRevision).toBe(1);
    expect(change?.organization?.before?.policy).toEqual({ source: 'APPLICATION' });
    expect((await getOrganizationSessionPolicy(ctx, reader, 'org-a')).policy).toEqual(result.policy);
  });
});

describe('when the request is invalid', () => {
  it('then INVALID_ARGUMENT lists every violation and nothing is logged', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-a');
    const before = ctx.memory.log.size;
    const error = await rejection(
      updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'bad id!', policy: { policySource: 2, absolute: { value: -1 } }, etag: 'nope', requestId: 'has spaces' }),
    );
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.violations.length).toBeGreaterThanOrEqual(4);
    expect(ctx.memory.log.size).toBe(before);
  });
});

describe('when the session_policy feature is off', () => {
  it('then CUSTOM is FAILED_PRECONDITION and nothing is logged', async () => {
    const ctx = await testContext();
    const error = await rejection(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-off', policy: CUSTOM_8_HOURS, etag: '' }));
    expect([error.status, error.reason]).toEqual(['FAILED_PRECONDITION', 'FEATURE_DISABLED']);
    expect(ctx.memory.log.size).toBe(0);
  });
});

describe('when an etag is stale', () => {
  it('then ABORTED ETAG_MISMATCH and nothing is logged; the current etag succeeds', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-a');
    const first = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-a', policy: CUSTOM_8_HOURS, etag: '' });
    await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-a', policy: { policySource: 1 }, etag: first.etag });
    const size = ctx.memory.log.size;
    const stale = await rejection(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-a', policy: CUSTOM_8_HOURS, etag: first.etag }));
    expect([stale.status, stale.reason]).toEqual(['ABORTED', 'ETAG_MISMATCH']);
    expect(ctx.memory.log.size).toBe(size);
  });
});

describe('when the application policy is read and written', () => {
  it('then readers read it, only platform admins write it, and org admins do neither', async () => {
    const ctx = await testContext();
    expect((await getApplicationSessionPolicy(ctx, reader)).etag).toBe('"ap0"');
    expect((await rejection(getApplicationSessionPolicy(ctx, orgAdmin('org-a')))).status).toBe('PERMISSION_DENIED');
    const policy = { absolute: { value: 2, unit: 3 }, idleEnabled: true, idle: { value: 1, unit: 2 }, accessTokenMinutes: 10 };
    expect((await rejection(updateApplicationSessionPolicy(ctx, reader, { policy, etag: '' }))).status).toBe('PERMISSION_DENIED');
    const written = await updateApplicationSessionPolicy(ctx, platformAdmin, { policy, etag: '"ap0"' });
    expect(written.policy).toEqual({ absoluteMinutes: 2880, idleEnabled: true, idleMinutes: 60, accessTokenMinutes: 10 });
    expect(ctx.memory.log.get(1)?.actor).toBe('service:admin');
  });
});
