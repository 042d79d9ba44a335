// Proto <-> domain mapping of session contexts, rule sets, rule provenance and matched rules.
// Enum wire numbers are kept raw on the way in so validation can name unknown ones.
import type { MatchedRule as DomainMatchedRule } from '../domain/policy';
import {
  wireNumberOf,
  type SessionCondition as DomainSessionCondition,
  type SessionRuleSet as DomainSessionRuleSet,
} from '../domain/session-rules';
import type { SessionContextInput, SessionRuleSetInput } from '../domain/validate-session-rules';
import type { Duration } from '../../gen/ts/google/protobuf/duration';
import type {
  AuthenticationLevel,
  ComplianceProfile,
  MatchedRule,
  RiskLevel,
  SessionCondition,
  SessionContext,
  SessionRuleSet,
} from '../../gen/ts/sessionpolicy/v1/session_rules';

const minutes = (value: number): Duration => ({ seconds: BigInt(value) * 60n, nanos: 0 });

/** A Duration as the domain validates it; seconds beyond 2^53 stay far beyond every bound. */
const durationInput = (duration: Duration): { seconds: number; nanos: number } => ({ seconds: Number(duration.seconds), nanos: duration.nanos });

/**
 * A wire map as the domain's record. The stubs decode maps into Map (buf.gen.yaml: useMapType), since
 * decoding into a plain object let a key "__proto__" vanish on assignment, leaving a condition that
 * matched every session; Object.fromEntries keeps every key as an own entry, for the domain to refuse.
 */
const plainRecord = (map: ReadonlyMap<string, string> | undefined): Record<string, string> => (map ? Object.fromEntries(map) : {});

/** An unset context is an empty one. */
export function sessionContextInput(context: SessionContext | undefined): SessionContextInput {
  return {
    roles: context?.roles ?? [],
    applicationId: context?.applicationId ?? '',
    riskLevel: context?.riskLevel ?? 0,
    authenticationLevel: context?.authenticationLevel ?? 0,
    attributes: plainRecord(context?.attributes),
  };
}

/** An unset rule set is an empty one (UpdateSessionRules then removes every rule and profile). */
export function sessionRuleSetInput(ruleSet: SessionRuleSet | undefined): SessionRuleSetInput {
  return {
    rules: (ruleSet?.rules ?? []).map((rule) => ({
      ruleId: rule.ruleId,
      description: rule.description,
      ...(rule.condition === undefined
        ? {}
        : {
            condition: {
              rolesAny: rule.condition.rolesAny,
              applicationIdsAny: rule.condition.applicationIdsAny,
              minRiskLevel: rule.condition.minRiskLevel,
              authenticationLevelsAny: rule.condition.authenticationLevelsAny,
              attributesAll: plainRecord(rule.condition.attributesAll),
            },
          }),
      ...(rule.maxAbsoluteSessionTimeout === undefined ? {} : { maxAbsoluteSessionTimeout: durationInput(rule.maxAbsoluteSessionTimeout) }),
      ...(rule.maxIdleSessionTimeout === undefined ? {} : { maxIdleSessionTimeout: durationInput(rule.maxIdleSessionTimeout) }),
    })),
    complianceProfiles: ruleSet?.complianceProfiles ?? [],
  };
}

function toConditionMessage(condition: DomainSessionCondition): SessionCondition {
  return {
    rolesAny: [...condition.rolesAny],
    applicationIdsAny: [...condition.applicationIdsAny],
    minRiskLevel: (condition.minRiskLevel === undefined ? 0 : wireNumberOf.riskLevel(condition.minRiskLevel)) as RiskLevel,
    authenticationLevelsAny: condition.authenticationLevelsAny.map((level) => wireNumberOf.authenticationLevel(level) as AuthenticationLevel),
    attributesAll: new Map(Object.entries(condition.attributesAll)),
  };
}

function isEmptyCondition(c: DomainSessionCondition): boolean {
  return (
    c.rolesAny.length === 0 &&
    c.applicationIdsAny.length === 0 &&
    c.minRiskLevel === undefined &&
    c.authenticationLevelsAny.length === 0 &&
    Object.keys(c.attributesAll).length === 0
  );
}

export function toSessionRuleSetMessage(ruleSet: DomainSessionRuleSet): SessionRuleSet {
  return {
    rules: ruleSet.rules.map((rule) => ({
      ruleId: rule.ruleId,
      description: rule.description,
      // An empty condition stays unset, so a rule set reads back exactly as written.
      condition: isEmptyCondition(rule.condition) ? undefined : toConditionMessage(rule.condition),
      maxAbsoluteSessionTimeout: rule.maxAbsoluteMinutes === undefined ? undefined : minutes(rule.maxAbsoluteMinutes),
      maxIdleSessionTimeout: rule.maxIdleMinutes === undefined ? undefined : minutes(rule.maxIdleMinutes),
    })),
    complianceProfiles: ruleSet.complianceProfiles.map((profile) => wireNumberOf.complianceProfile(profile) as ComplianceProfile),
  };
}

/** The wire number of a domain profile, or 0 (UNSPECIFIED) when none decided. */
export function complianceProfileNumber(profile: DomainMatchedRule['source']['complianceProfile']): ComplianceProfile {
  return (profile === undefined ? 0 : wireNumberOf.complianceProfile(profile)) as ComplianceProfile;
}

export function toMatchedRuleMessage(matched: DomainMatchedRule): MatchedRule {
  return {
    organizationId: matched.source.layer === 'ORGANIZATION' ? matched.source.organizationId : '',
    ruleId: matched.source.ruleId ?? '',
    complianceProfile: complianceProfileNumber(matched.source.complianceProfile),
    maxAbsoluteSessionTimeout: matched.maxAbsoluteMinutes === undefined ? undefined : minutes(matched.maxAbsoluteMinutes),
    maxIdleSessionTimeout: matched.maxIdleMinutes === undefined ? undefined : minutes(matched.maxIdleMinutes),
    strictestLevelAssumed: matched.strictestLevelAssumed,
  };
}
