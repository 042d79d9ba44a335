// Get/UpdateSessionRules over the store port (in memory): authorization, validation, etags, audit records.
import type { Caller } from '../../../src/app/caller';
import { PolicyError } from '../../../src/app/errors';
import { getSessionRules, updateSessionRules, type UpdateSessionRulesRequest } from '../../../src/app/use-cases/session-rules';
import { testContext, type TestContext } from './support/context';

const platformAdmin: Caller = { kind: 'service', actor: 'svc-admin', scopes: new Set(['policy:admin']) };
const reader: Caller = { kind: 'service', actor: 'svc-reader', scopes: new Set(['policy:read']) };
const orgAdmin: Caller = { kind: 'organization-admin', actor: 'alice', organizationId: 'org-a' };

const ADMIN_RULE = {
  ruleId: 'admin-idle',
  description: 'admin role: idle 10 minutes',
  condition: { rolesAny: ['admin'], applicationIdsAny: [], minRiskLevel: 0, authenticationLevelsAny: [], attributesAll: {} },
  maxIdleSessionTimeout: { seconds: 600, nanos: 0 },
};
const request = (organizationId: string, extra: Partial<UpdateSessionRulesRequest> = {}): UpdateSessionRulesRequest => ({
  organizationId,
  ruleSet: { rules: [ADMIN_RULE], complianceProfiles: [2] },
  etag: '',
  requestId: '',
  ...extra,
});

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<PolicyError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('session rules use cases', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await testContext();
  });
  const audit = () => [...ctx.memory.log.values()].filter((c) => c.target === 'SESSION_RULES');

  it('when a scope was never written, then it reads as an empty rule set with version-0 etag', async () => {
    expect(await getSessionRules(ctx, reader, '')).toEqual({ ruleSet: { rules: [], complianceProfiles: [] }, etag: '"ar0"' });
    expect(await getSessionRules(ctx, orgAdmin, 'org-a')).toEqual({ ruleSet: { rules: [], complianceProfiles: [] }, etag: '"or0"' });
  });

  it('when a platform admin updates the application rules, then they are stored, audited with before/after, and read back', async () => {
    const result = await updateSessionRules(ctx, platformAdmin, request('', { requestId: 'req-1' }));
    expect(result.etag).toBe('"ar1"');
    expect(result.ruleSet.complianceProfiles).toEqual(['PCI_DSS_4']);
    expect(result.ruleSet.rules[0]).toMatchObject({ ruleId: 'admin-idle', maxIdleMinutes: 10, condition: { rolesAny: ['admin'] } });
    expect(await getSessionRules(ctx, reader, '')).toEqual(result);
    expect(audit()).toHaveLength(1);
    expect(audit()[0]).toMatchObject({ actor: 'svc-admin', requestId: 'req-1', previousRevision: 0, rules: { after: { version: 1 } } });
    expect(audit()[0]?.rules?.before).toBeUndefined();
    expect(audit()[0]?.organizationId).toBeUndefined();
  });

  it('when an organization admin changes their own organization, then it succeeds; another organization or the application is PERMISSION_DENIED', async () => {
    await expect(updateSessionRules(ctx, orgAdmin, request('org-a'))).resolves.toMatchObject({ etag: '"or1"' });
    for (const organizationId of ['org-b', '']) {
      const error = await rejection(updateSessionRules(ctx, orgAdmin, request(organizationId)));
      expect(error.status).toBe('PERMISSION_DENIED');
    }
    expect((await rejection(() => getSessionRules(ctx, orgAdmin, 'org-b'))).status).toBe('PERMISSION_DENIED');
    expect((await rejection(() => getSessionRules(ctx, orgAdmin, ''))).status).toBe('PERMISSION_DENIED');
    expect(audit()).toHaveLength(1);
  });

  it('when a reader updates any scope, then PERMISSION_DENIED is answered before validation', async () => {
    const error = await rejection(updateSessionRules(ctx, reader, request('', { ruleSet: { rules: [{ ...ADMIN_RULE, ruleId: 'BAD' }], complianceProfiles: [] } })));
    expect(error.status).toBe('PERMISSION_DENIED');
  });

  it('when the etag is current, then the update applies; when stale, then ABORTED and nothing changes', async () => {
    const first = await updateSessionRules(ctx, platformAdmin, request(''));
    await expect(updateSessionRules(ctx, platformAdmin, request('', { etag: first.etag }))).resolves.toMatchObject({ etag: '"ar2"' });
    const stale = await rejection(updateSessionRules(ctx, platformAdmin, request('', { etag: first.etag, ruleSet: { rules: [], complianceProfiles: [] } })));
    expect(stale.status).toBe('ABORTED');
    expect(stale.reason).toBe('ETAG_MISMATCH');
    expect((await getSessionRules(ctx, reader, '')).ruleSet.rules).toHaveLength(1);
  });

  it("when an etag of another scope kind is sent, then it is stale (ABORTED), and a malformed one is INVALID_ARGUMENT", async () => {
    expect((await rejection(updateSessionRules(ctx, platformAdmin, request('', { etag: '"or0"' })))).status).toBe('ABORTED');
    const malformed = await rejection(updateSessionRules(ctx, platformAdmin, request('', { etag: 'nope' })));
    expect(malformed.status).toBe('INVALID_ARGUMENT');
    expect(malformed.violations.map((v) => v.field)).toEqual(['etag']);
  });

  it('when another instance wrote the rules meanwhile, then without an etag the update is decided again on the newer state', async () => {
    const other = await testContext(ctx.memory);
    await updateSessionRules(other, platformAdmin, request(''));
    await expect(updateSessionRules(ctx, platformAdmin, request(''))).resolves.toMatchObject({ etag: '"ar2"' });
  });

  it('when another instance wrote the rules meanwhile, then with the old etag ABORTED and nothing changes', async () => {
    const other = await testContext(ctx.memory);
    await updateSessionRules(other, platformAdmin, request(''));
    const error = await rejection(updateSessionRules(ctx, platformAdmin, request('', { etag: '"ar0"' })));
    expect(error.status).toBe('ABORTED');
    expect(audit()).toHaveLength(1);
  });

  it('when the request is invalid, then every violation is listed with its snake_case path and nothing is stored', async () => {
    const error = await rejection(
      updateSessionRules(ctx, platformAdmin, {
        organizationId: 'bad id!',
        ruleSet: { rules: [ADMIN_RULE, { ...ADMIN_RULE, maxIdleSessionTimeout: undefined }], complianceProfiles: [9] },
        etag: '',
        requestId: 'x'.repeat(65),
      }),
    );
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.violations.map((v) => `${v.field} ${v.constraint}`).sort()).toEqual(
      [
        'organization_id ORGANIZATION_ID_PATTERN_MISMATCH',
        'request_id REQUEST_ID_MALFORMED',
        'rule_set.compliance_profiles[0] ENUM_UNKNOWN',
        'rule_set.rules[1] RULE_LIMIT_REQUIRED',
        'rule_set.rules[1].rule_id RULE_ID_REPEATED',
      ].sort(),
    );
    expect(audit()).toHaveLength(0);
  });
});
