// WatchEffectivePolicies over the store port: what a watcher of every organization, and of named
// ones, is told as changes arrive and when it resumes.
import { updateOrganizationSettings } from '../../../src/app/use-cases/organization-settings';
import { updateSessionRules } from '../../../src/app/use-cases/session-rules';
import { watchEffectivePolicies } from '../../../src/app/use-cases/watch-effective-policies';
import { platformAdmin, reader, testContext, type TestContext } from './support/context';
import { take } from './support/watch';

const ADMIN_RULE = {
  ruleId: 'admin-idle',
  description: 'admin role: idle 10 minutes',
  condition: { rolesAny: ['admin'], applicationIdsAny: [], minRiskLevel: 0, authenticationLevelsAny: [], attributesAll: {} },
  maxIdleSessionTimeout: { seconds: 600, nanos: 0 },
};

const enable = (ctx: TestContext, organizationId: string) =>
  updateOrganizationSettings(ctx, platformAdmin, { organizationId, features: [{ name: 'session_policy', enabled: true }], etag: '' });
const rules = (ctx: TestContext, organizationId: string, list: (typeof ADMIN_RULE)[]) =>
  updateSessionRules(ctx, platformAdmin, { organizationId, ruleSet: { rules: list, complianceProfiles: [] }, etag: '', requestId: '' });

describe('given a watcher of every organization', () => {
  it('when an organization it does not list (feature on, application policy, no rules) gets rules, then the event carries them, since its feature is on', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-quiet');
    const watch = watchEffectivePolicies(ctx, reader, { organizationIds: [], resumeAfterRevision: 0 }, new AbortController().signal);
    const [snapshot] = await take(watch, 1);
    expect(snapshot?.policies).toEqual([]);
    await rules(ctx, 'org-quiet', [ADMIN_RULE]);
    const [change] = await take(watch, 1);
    expect(change?.policies.map((p) => [p.organizationId, p.ruleSet?.rules.map((r) => r.ruleId)])).toEqual([['org-quiet', ['admin-idle']]]);
    await watch.return(undefined);
  });

  it('when it resumes from before an organization dropped out of its list, then the replay starts from the state it had then', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-r');
    await rules(ctx, 'org-r', [ADMIN_RULE]);
    const resumeAt = ctx.replica.revision;
    await rules(ctx, 'org-r', []);
    const resumed = watchEffectivePolicies(ctx, reader, { organizationIds: [], resumeAfterRevision: resumeAt }, new AbortController().signal);
    const [change] = await take(resumed, 1);
    // The org leaves the list: the event names it with no rules left.
    expect(change?.policies.map((p) => [p.organizationId, p.ruleSet?.rules.length])).toEqual([['org-r', 0]]);
    await resumed.return(undefined);
  });
});

describe('given a watcher of named organizations', () => {
  it('when a change concerns another organization, then it is told nothing; when one of its own changes, it is', async () => {
    const ctx = await testContext();
    const watch = watchEffectivePolicies(ctx, reader, { organizationIds: ['org-mine'], resumeAfterRevision: 0 }, new AbortController().signal);
    await take(watch, 1);
    await enable(ctx, 'org-other');
    await enable(ctx, 'org-mine');
    const [change] = await take(watch, 1);
    expect(change?.revision).toBe(2);
    expect(change?.policies.map((p) => p.organizationId)).toEqual(['org-mine']);
    await watch.return(undefined);
  });
});
