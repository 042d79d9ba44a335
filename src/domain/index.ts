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
export { resolveEffectivePolicy } from './resolve-effective-policy';
export { evaluateSession } from './evaluate-session';
export { revocationCovers, revocationExpiresAtMs, type RevocationReason, type RevocationTarget, type SessionRevocation, type RevokedSession } from './revocation';
