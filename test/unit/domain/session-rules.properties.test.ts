// Properties of resolution with session rules and compliance profiles (docs/design.md §2.6): only
// tighten, order-independent, every value's source is a side that really imposes that value.
import fc from 'fast-check';
import {
  AUTHENTICATION_LEVELS,
  COMPLIANCE_PROFILES,
  RISK_LEVELS,
  resolveEffectivePolicy,
  type ApplicationPolicy,
  type ComplianceProfileId,
  type EffectivePolicy,
  type OrganizationState,
  type SessionContext,
  type SessionRule,
  type SessionRuleSet,
} from '../../../src/domain';

const minutes = fc.integer({ min: 1, max: 60 });
const ROLES = ['admin', 'user', 'owner'];
const APPS = ['billing', 'crm'];
const ZONES = ['external', 'internal'];

const applicationArb: fc.Arbitrary<ApplicationPolicy> = fc
  .record({ accessToken: fc.integer({ min: 1, max: 10 }), idleGap: minutes, absoluteGap: minutes, idleEnabled: fc.boolean() })
  .map(({ accessToken, idleGap, absoluteGap, idleEnabled }) => ({
    accessTokenMinutes: accessToken,
    idleEnabled,
    idleMinutes: idleEnabled ? accessToken + idleGap : 0,
    absoluteMinutes: accessToken + idleGap + absoluteGap,
  }));

const conditionArb = fc.record({
  rolesAny: fc.subarray(ROLES, { maxLength: 2 }),
  applicationIdsAny: fc.subarray(APPS, { maxLength: 1 }),
  minRiskLevel: fc.option(fc.constantFrom(...RISK_LEVELS), { nil: undefined }),
  authenticationLevelsAny: fc.subarray([...AUTHENTICATION_LEVELS], { maxLength: 2 }),
  attributesAll: fc.oneof(fc.constant({}), fc.constantFrom(...ZONES).map((zone) => ({ network_zone: zone }))),
}).map(({ minRiskLevel, ...rest }) => (minRiskLevel === undefined ? rest : { ...rest, minRiskLevel }));

const ruleArb = (ruleId: string): fc.Arbitrary<SessionRule> =>
  fc
    .record({
      condition: conditionArb,
      limits: fc.oneof(
        minutes.map((a) => ({ maxAbsoluteMinutes: a * 10 })),
        minutes.map((i) => ({ maxIdleMinutes: i })),
        fc.tuple(minutes, minutes).map(([a, i]) => ({ maxAbsoluteMinutes: a * 10, maxIdleMinutes: i })),
      ),
    })
    .map(({ condition, limits }) => ({ ruleId, description: '', condition, ...limits }));

const RULE_IDS = ['r-a', 'r-b', 'r-c', 'r-d'];
const ruleSetArb: fc.Arbitrary<SessionRuleSet> = fc
  .record({ ids: fc.subarray(RULE_IDS), profiles: fc.subarray([...COMPLIANCE_PROFILES]) })
  .chain(({ ids, profiles }) => fc.tuple(...ids.map(ruleArb)).map((rules) => ({ rules, complianceProfiles: profiles })));

const contextArb: fc.Arbitrary<SessionContext> = fc
  .record({
    roles: fc.subarray(ROLES),
    applicationId: fc.option(fc.constantFrom(...APPS), { nil: undefined }),
    riskLevel: fc.option(fc.constantFrom(...RISK_LEVELS), { nil: undefined }),
    authenticationLevel: fc.option(fc.constantFrom(...AUTHENTICATION_LEVELS), { nil: undefined }),
    zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
  })
  .map(({ roles, applicationId, riskLevel, authenticationLevel, zone }) => ({
    roles,
    attributes: (zone === undefined ? {} : { network_zone: zone }) as Record<string, string>,
    ...(applicationId === undefined ? {} : { applicationId }),
    ...(riskLevel === undefined ? {} : { riskLevel }),
    ...(authenticationLevel === undefined ? {} : { authenticationLevel }),
  }));

const IDS = ['org-a', 'org-b', 'org-c'];
const worldArb = fc.record({
  application: applicationArb,
  applicationRuleSet: ruleSetArb,
  organizations: fc.subarray(IDS).chain((ids) =>
    fc.tuple(
      ...ids.map((organizationId) =>
        fc.record({
          state: fc.record({
            organizationId: fc.constant(organizationId),
            sessionPolicyEnabled: fc.boolean(),
            policy: fc.oneof(
              fc.constant({ source: 'APPLICATION' as const }),
              fc.tuple(minutes, minutes).map(([a, i]) => ({ source: 'CUSTOM' as const, absoluteMinutes: a * 5, idleEnabled: true, idleMinutes: i })),
            ),
          }),
          ruleSet: ruleSetArb,
        }),
      ),
    ),
  ),
  context: contextArb,
});

type World = {
  application: ApplicationPolicy;
  applicationRuleSet: SessionRuleSet;
  organizations: { state: OrganizationState; ruleSet: SessionRuleSet }[];
  context: SessionContext;
};

function resolveWorld(world: World): EffectivePolicy {
  return resolveEffectivePolicy(
    world.application,
    world.organizations.map((o) => o.state),
    {
      applicationRuleSet: world.applicationRuleSet,
      organizationRuleSets: new Map(world.organizations.map((o) => [o.state.organizationId, o.ruleSet])),
      context: world.context,
    },
  );
}

/** Whether `tighter` is at least as strict as `looser` on every value. */
function noLooser(tighter: EffectivePolicy, looser: EffectivePolicy): boolean {
  if (tighter.absoluteMinutes.value > looser.absoluteMinutes.value) return false;
  if (looser.idleMinutes === undefined) return true;
  return tighter.idleMinutes !== undefined && tighter.idleMinutes.value <= looser.idleMinutes.value;
}

/** A context without level-dependent profiles anywhere, where stating a level can only add matches. */
const withoutLevelProfiles = (world: World): World => {
  const strip = (set: SessionRuleSet): SessionRuleSet => ({ ...set, complianceProfiles: set.complianceProfiles.filter((p) => p !== 'NIST_800_63B_4') });
  return { ...world, applicationRuleSet: strip(world.applicationRuleSet), organizations: world.organizations.map((o) => ({ ...o, ruleSet: strip(o.ruleSet) })) };
};

describe('resolution with session rules', () => {
  it('when a rule is added to any scope, then no value is looser', () => {
    fc.assert(
      fc.property(worldArb, ruleArb('r-new'), fc.integer({ min: 0, max: IDS.length }), (world, rule, at) => {
        const before = resolveWorld(world);
        const target = world.organizations[at];
        const after = resolveWorld(
          target === undefined
            ? { ...world, applicationRuleSet: { ...world.applicationRuleSet, rules: [...world.applicationRuleSet.rules, rule] } }
            : {
                ...world,
                organizations: world.organizations.map((o) => (o === target ? { ...o, ruleSet: { ...o.ruleSet, rules: [...o.ruleSet.rules, rule] } } : o)),
              },
        );
        expect(noLooser(after, before)).toBe(true);
      }),
    );
  });

  it('when a compliance profile is switched on, then no value is looser', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom<ComplianceProfileId>(...COMPLIANCE_PROFILES), (world, profile) => {
        const before = resolveWorld(world);
        const after = resolveWorld({ ...world, applicationRuleSet: { ...world.applicationRuleSet, complianceProfiles: [...world.applicationRuleSet.complianceProfiles, profile] } });
        expect(noLooser(after, before)).toBe(true);
      }),
    );
  });

  it('when a role, an application, a higher risk level or an attribute is added to the context, then no value is looser', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom('role', 'application', 'risk', 'attribute'), fc.nat(), (world, fact, pick) => {
        const c = world.context;
        const more: SessionContext =
          fact === 'role'
            ? { ...c, roles: [...c.roles, ROLES[pick % ROLES.length] as string] }
            : fact === 'application'
              ? c.applicationId === undefined ? { ...c, applicationId: APPS[pick % APPS.length] as string } : c
              : fact === 'risk'
                ? { ...c, riskLevel: RISK_LEVELS[Math.max(c.riskLevel === undefined ? 0 : RISK_LEVELS.indexOf(c.riskLevel), pick % RISK_LEVELS.length)] }
                : { ...c, attributes: { ...c.attributes, device_trust: 'managed' } };
        expect(noLooser(resolveWorld({ ...world, context: more }), resolveWorld(world))).toBe(true);
      }),
    );
  });

  it('when an authentication level is stated and no level-dependent profile is on, then no value is looser', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...AUTHENTICATION_LEVELS), (anyWorld, level) => {
        const world = withoutLevelProfiles(anyWorld);
        const { authenticationLevel: _dropped, ...unstated } = world.context;
        const before = resolveWorld({ ...world, context: unstated });
        const after = resolveWorld({ ...world, context: { ...unstated, authenticationLevel: level } });
        expect(noLooser(after, before)).toBe(true);
      }),
    );
  });

  it('when NIST applies and no level is stated, then the answer is at least as strict as with any stated level and says so', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...AUTHENTICATION_LEVELS), (world, level) => {
        const onlyNist: World = { ...world, applicationRuleSet: { rules: [], complianceProfiles: ['NIST_800_63B_4'] }, organizations: [] };
        const { authenticationLevel: _dropped, ...unstated } = world.context;
        const assumed = resolveWorld({ ...onlyNist, context: unstated });
        expect(assumed.strictestAuthenticationLevelAssumed).toBe(true);
        expect(noLooser(assumed, resolveWorld({ ...onlyNist, context: { ...unstated, authenticationLevel: level } }))).toBe(true);
      }),
    );
  });

  it('when rules, profiles and organizations are listed in any order, then the answer is the same', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), (world, seed) => {
        const shuffle = <T>(items: readonly T[]): T[] => {
          const out = [...items];
          for (let i = out.length - 1; i > 0; i--) {
            const j = (seed + i * 7) % (i + 1);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        const reorder = (set: SessionRuleSet): SessionRuleSet => ({ rules: shuffle(set.rules), complianceProfiles: shuffle(set.complianceProfiles) });
        const reordered: World = {
          ...world,
          applicationRuleSet: reorder(world.applicationRuleSet),
          organizations: shuffle(world.organizations).map((o) => ({ ...o, ruleSet: reorder(o.ruleSet) })),
        };
        expect(resolveWorld(reordered)).toEqual(resolveWorld(world));
      }),
    );
  });

  it('when a value is resolved, then its source names a side that imposes exactly that value and every matched rule is listed once', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const effective = resolveWorld(world);
        const matched = effective.matchedRules ?? [];
        const keys = matched.map((m) => JSON.stringify(m.source));
        expect(new Set(keys).size).toBe(keys.length);
        for (const [value, key] of [
          [effective.absoluteMinutes, 'maxAbsoluteMinutes'],
          [effective.idleMinutes, 'maxIdleMinutes'],
        ] as const) {
          if (value === undefined || (value.source.ruleId === undefined && value.source.complianceProfile === undefined)) continue;
          const decider = matched.find((m) => JSON.stringify(m.source) === JSON.stringify(value.source));
          expect(decider?.[key]).toBe(value.value);
        }
        // Rules of organizations with the feature off never match.
        for (const m of matched) {
          if (m.source.layer !== 'ORGANIZATION') continue;
          const organizationId = m.source.organizationId;
          expect(world.organizations.find((o) => o.state.organizationId === organizationId)?.state.sessionPolicyEnabled).toBe(true);
        }
      }),
    );
  });
});
