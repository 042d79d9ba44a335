// The rule the product exists for: an organization, a session rule or a compliance profile can only
// tighten the application policy.
import { complianceLimitsFor } from './compliance-profiles';
import type { ApplicationPolicy, EffectivePolicy, MatchedRule, OrganizationState, PolicySource, Resolved } from './policy';
import { COMPLIANCE_PROFILES, EMPTY_CONTEXT, matchesCondition, type SessionContext, type SessionRuleSet } from './session-rules';

const APPLICATION: PolicySource = { layer: 'APPLICATION' };

/** The rule sets and session facts resolution may take into account (docs/design.md §2.6); all optional. */
export interface SessionRuleInputs {
  /** The application scope's rules and profiles; they apply to every session. */
  readonly applicationRuleSet?: SessionRuleSet;
  /** Each organization's own rules and profiles, by organization id; they apply while its session_policy feature is on. */
  readonly organizationRuleSets?: ReadonlyMap<string, SessionRuleSet>;
  /** What the caller stated about the session; absent is the same as an empty context. */
  readonly context?: SessionContext;
}

/** One side of the merge: a policy, rule or profile and the limits it contributes. */
interface LimitSide {
  readonly source: PolicySource;
  readonly absoluteMinutes?: number;
  readonly idleMinutes?: number;
}

/**
 * The policy for a user of these organizations (docs/design.md §2.3, §2.6). Only CUSTOM organizations
 * with their session_policy feature on contribute their policy; every organization with the feature on contributes
 * its rule set (whether its policy is APPLICATION or CUSTOM). Each value is the minimum over the sides
 * that limit it; a matching idle limit enables idle.
 *
 * Tie-break (deterministic, independent of input order): the application precedes every organization,
 * organizations go by id in code-unit order; within one layer the policy precedes its rules (by rule
 * id), rules precede compliance profiles (by wire number). A repeated organization counts once.
 */
export function resolveEffectivePolicy(
  application: ApplicationPolicy,
  organizations: readonly OrganizationState[],
  rules: SessionRuleInputs = {},
): EffectivePolicy {
  const context = rules.context ?? EMPTY_CONTEXT;
  const enabled = new Map<string, OrganizationState>();
  for (const organization of organizations) {
    if (organization.sessionPolicyEnabled && !enabled.has(organization.organizationId)) enabled.set(organization.organizationId, organization);
  }

  const policySides: LimitSide[] = [{ source: APPLICATION, absoluteMinutes: application.absoluteMinutes, ...(application.idleEnabled ? { idleMinutes: application.idleMinutes } : {}) }];
  for (const [organizationId, { policy }] of enabled) {
    if (policy.source !== 'CUSTOM') continue;
    // An organization that claims idle without a duration imposes no idle limit, so it does not enable idle either.
    const idle = policy.idleEnabled && policy.idleMinutes !== undefined ? { idleMinutes: policy.idleMinutes } : {};
    policySides.push({ source: organizationSource(organizationId), absoluteMinutes: policy.absoluteMinutes, ...idle });
  }

  const matched: MatchedRule[] = [
    ...matchedIn(rules.applicationRuleSet, APPLICATION, context),
    ...[...enabled.keys()].flatMap((id) => matchedIn(rules.organizationRuleSets?.get(id), organizationSource(id), context)),
  ].sort((a, b) => compareSources(a.source, b.source));
  const sides: LimitSide[] = [
    ...policySides,
    ...matched.map((m) => ({
      source: m.source,
      ...(m.maxAbsoluteMinutes === undefined ? {} : { absoluteMinutes: m.maxAbsoluteMinutes }),
      ...(m.maxIdleMinutes === undefined ? {} : { idleMinutes: m.maxIdleMinutes }),
    })),
  ];

  const absoluteSides = sides.flatMap((s) => (s.absoluteMinutes === undefined ? [] : [{ value: s.absoluteMinutes, source: s.source }]));
  const idleSides = sides.flatMap((s) => (s.idleMinutes === undefined ? [] : [{ value: s.idleMinutes, source: s.source }]));
  const absoluteMinutes = tightest(absoluteSides);
  const idleMinutes = idleSides.length > 0 ? tightest(idleSides) : undefined;
  const idleEnabled: Resolved<boolean> =
    idleSides.length > 0 ? { value: true, source: firstBySource(idleSides).source } : { value: false, source: APPLICATION };
  const accessTokenMinutes = { value: application.accessTokenMinutes, source: APPLICATION };

  return {
    absoluteMinutes,
    idleEnabled,
    ...(idleMinutes === undefined ? {} : { idleMinutes }),
    accessTokenMinutes,
    ...(matched.length > 0 ? { matchedRules: matched } : {}),
    ...(matched.some((m) => m.strictestLevelAssumed) ? { strictestAuthenticationLevelAssumed: true as const } : {}),
  };
}

/** The rules and profiles of one scope that match the context, with the limits each imposes. */
function matchedIn(ruleSet: SessionRuleSet | undefined, scope: PolicySource, context: SessionContext): MatchedRule[] {
  if (ruleSet === undefined) return [];
  const rules = ruleSet.rules
    .filter((rule) => matchesCondition(rule.condition, context))
    .map(
      (rule): MatchedRule => ({
        source: { ...scope, ruleId: rule.ruleId },
        ...(rule.maxAbsoluteMinutes === undefined ? {} : { maxAbsoluteMinutes: rule.maxAbsoluteMinutes }),
        ...(rule.maxIdleMinutes === undefined ? {} : { maxIdleMinutes: rule.maxIdleMinutes }),
        strictestLevelAssumed: false,
      }),
    );
  // A profile listed twice counts once; a profile imposing nothing at this level (none today) is not a match.
  const profiles = [...new Set(ruleSet.complianceProfiles)].flatMap((profile): MatchedRule[] => {
    const limits = complianceLimitsFor(profile, context);
    if (limits.maxAbsoluteMinutes === undefined && limits.maxIdleMinutes === undefined) return [];
    return [{ source: { ...scope, complianceProfile: profile }, ...limits }];
  });
  return [...rules, ...profiles];
}

function organizationSource(organizationId: string): PolicySource {
  return { layer: 'ORGANIZATION', organizationId };
}

/** The smallest value; among equals the one whose source takes precedence. `sides` is never empty. */
function tightest(sides: readonly Resolved<number>[]): Resolved<number> {
  return sides.reduce((best, side) => (side.value < best.value || (side.value === best.value && compareSources(side.source, best.source) < 0) ? side : best));
}

function firstBySource(sides: readonly Resolved<number>[]): Resolved<number> {
  return sides.reduce((first, side) => (compareSources(side.source, first.source) < 0 ? side : first));
}

/** Negative when `a` takes precedence over `b` (see the tie-break on resolveEffectivePolicy). */
function compareSources(a: PolicySource, b: PolicySource): number {
  const layerOrder = (s: PolicySource): string => (s.layer === 'APPLICATION' ? '' : `\u0001${s.organizationId}`);
  const byLayer = compareStrings(layerOrder(a), layerOrder(b));
  if (byLayer !== 0) return byLayer;
  const kind = (s: PolicySource): number => (s.ruleId !== undefined ? 1 : s.complianceProfile !== undefined ? 2 : 0);
  if (kind(a) !== kind(b)) return kind(a) - kind(b);
  if (a.ruleId !== undefined && b.ruleId !== undefined) return compareStrings(a.ruleId, b.ruleId);
  if (a.complianceProfile !== undefined && b.complianceProfile !== undefined) {
    return COMPLIANCE_PROFILES.indexOf(a.complianceProfile) - COMPLIANCE_PROFILES.indexOf(b.complianceProfile);
  }
  return 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
