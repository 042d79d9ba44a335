// The domain's public surface: pure session-policy rules, no I/O.
export * from './policy';
export { Constraint, type ConstraintId } from './constraint';
export { MAX_MINUTES, toMinutes, unitFieldOf } from './units';
export {
  ApplicationBounds,
  DEFAULT_ORGANIZATION_ID_PATTERN,
  ORGANIZATION_ID_MAX_LENGTH,
  validateApplicationPolicy,
  validateOrganizationId,
  validateOrganizationPolicy,
} from './validation';
export { resolveEffectivePolicy, type SessionRuleInputs } from './resolve-effective-policy';
export * from './session-rules';
export { COMPLIANCE_LIMITS, complianceLimitsFor, type ComplianceLimit, type ComplianceLimits } from './compliance-profiles';
export {
  RULE_ID_PATTERN,
  SessionRuleBounds,
  validateSessionContext,
  validateSessionRuleSet,
  type DurationSecondsInput,
  type SessionConditionInput,
  type SessionContextInput,
  type SessionRuleInput,
  type SessionRuleSetInput,
} from './validate-session-rules';
export { evaluateSession } from './evaluate-session';
export { ORGANIZATION_WIDE_REVOCATIONS_KEPT, revocationCovers, revocationExpiresAtMs, revocationRefusal, type KeptRevocations, type RevocationRefusal, type RevocationReason, type RevocationTarget, type SessionRevocation, type RevokedSession } from './revocation';
