// Context rules (docs/design.md §2.6): declarative, only-tighten limits for the sessions a condition
// matches. Pure data and matching; the wire enum numbers live here so transport and tests share one table.

/** Risk levels in increasing order; a condition's minimum matches that level and every later one. */
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** NIST SP 800-63B authenticator assurance levels. */
export const AUTHENTICATION_LEVELS = ['AAL1', 'AAL2', 'AAL3'] as const;
export type AuthenticationLevel = (typeof AUTHENTICATION_LEVELS)[number];

/** The built-in compliance profiles (their limits are in compliance-profiles.ts). */
export const COMPLIANCE_PROFILES = ['NIST_800_63B_4', 'PCI_DSS_4'] as const;
export type ComplianceProfileId = (typeof COMPLIANCE_PROFILES)[number];

/** Wire numbers: each list's position + 1 (0 is UNSPECIFIED on the wire). */
export const wireNumberOf = {
  riskLevel: (level: RiskLevel): number => RISK_LEVELS.indexOf(level) + 1,
  authenticationLevel: (level: AuthenticationLevel): number => AUTHENTICATION_LEVELS.indexOf(level) + 1,
  complianceProfile: (profile: ComplianceProfileId): number => COMPLIANCE_PROFILES.indexOf(profile) + 1,
} as const;

/** The domain value of a wire number; undefined for 0 and for numbers this version does not know. */
export const fromWireNumber = {
  riskLevel: (n: number): RiskLevel | undefined => RISK_LEVELS[n - 1],
  authenticationLevel: (n: number): AuthenticationLevel | undefined => AUTHENTICATION_LEVELS[n - 1],
  complianceProfile: (n: number): ComplianceProfileId | undefined => COMPLIANCE_PROFILES[n - 1],
} as const;

/** What a caller stated about a session. Absent facts are unknown, and unknown facts match nothing. */
export interface SessionContext {
  readonly roles: readonly string[];
  readonly applicationId?: string;
  readonly riskLevel?: RiskLevel;
  readonly authenticationLevel?: AuthenticationLevel;
  readonly attributes: Readonly<Record<string, string>>;
}

export const EMPTY_CONTEXT: SessionContext = { roles: [], attributes: {} };

/** A conjunction of the parts that are set; every part empty matches every session. */
export interface SessionCondition {
  readonly rolesAny: readonly string[];
  readonly applicationIdsAny: readonly string[];
  readonly minRiskLevel?: RiskLevel;
  readonly authenticationLevelsAny: readonly AuthenticationLevel[];
  readonly attributesAll: Readonly<Record<string, string>>;
}

export const EMPTY_CONDITION: SessionCondition = { rolesAny: [], applicationIdsAny: [], authenticationLevelsAny: [], attributesAll: {} };

/** A rule sets at least one of the two limits (validation guarantees it). Minutes, like every duration here. */
export interface SessionRule {
  readonly ruleId: string;
  readonly description: string;
  readonly condition: SessionCondition;
  readonly maxAbsoluteMinutes?: number;
  readonly maxIdleMinutes?: number;
}

/** What one scope (the application, or one organization) adds on top of its policy. */
export interface SessionRuleSet {
  readonly rules: readonly SessionRule[];
  readonly complianceProfiles: readonly ComplianceProfileId[];
}

export const EMPTY_RULE_SET: SessionRuleSet = { rules: [], complianceProfiles: [] };

/** True when the session described by `context` is one the condition names (docs/design.md §2.6). */
export function matchesCondition(condition: SessionCondition, context: SessionContext): boolean {
  if (condition.rolesAny.length > 0 && !condition.rolesAny.some((role) => context.roles.includes(role))) return false;
  if (condition.applicationIdsAny.length > 0 && (context.applicationId === undefined || !condition.applicationIdsAny.includes(context.applicationId))) {
    return false;
  }
  if (condition.minRiskLevel !== undefined) {
    if (context.riskLevel === undefined) return false;
    if (RISK_LEVELS.indexOf(context.riskLevel) < RISK_LEVELS.indexOf(condition.minRiskLevel)) return false;
  }
  if (condition.authenticationLevelsAny.length > 0) {
    if (context.authenticationLevel === undefined || !condition.authenticationLevelsAny.includes(context.authenticationLevel)) return false;
  }
  // Own properties only: a key such as "constructor" must not match through the prototype.
  return Object.entries(condition.attributesAll).every(
    ([key, value]) => Object.prototype.hasOwnProperty.call(context.attributes, key) && context.attributes[key] === value,
  );
}
