// The enforcement hook: has this session expired, and until when does that answer hold.
import { Constraint, fieldViolation } from './constraint';
import type { EffectivePolicy, FieldViolation, SessionEvaluation, SessionTimes, Validated } from './policy';

const MS_PER_MINUTE = 60_000;
/** The instants a google.protobuf.Timestamp can hold: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z. */
export const TIMESTAMP_MIN_MS = -62_135_596_800_000;
export const TIMESTAMP_MAX_MS = 253_402_300_799_999;

/**
 * Decides a session at `nowMs` (docs/design.md §2.4, §2.7): a revocation first, then max lifetime, then idle; reaching a deadline exactly
 * counts as expired. Instants may lie up to `maxClockSkewMs` after `nowMs`, since enforcers' clocks
 * disagree a little; a negative or NaN skew counts as none.
 */
export function evaluateSession(
  policy: EffectivePolicy,
  session: SessionTimes,
  nowMs: number,
  maxClockSkewMs: number,
  /** Whether a kept revocation covers the session (see revocation.ts): checked before max lifetime. */
  revoked = false,
): Validated<SessionEvaluation> {
  const { sessionStartMs, lastActivityMs } = session;
  const violations = sessionTimesViolations(session, nowMs, maxClockSkewMs);
  if (violations.length > 0) return { ok: false, violations };

  const maxLifetimeDeadlineMs = sessionStartMs + policy.absoluteMinutes.value * MS_PER_MINUTE;
  // Resolution leaves idleMinutes out exactly when idle is off on every side.
  const idleDeadlineMs = policy.idleMinutes === undefined ? undefined : lastActivityMs + policy.idleMinutes.value * MS_PER_MINUTE;
  const nextDeadlineMs = idleDeadlineMs === undefined ? maxLifetimeDeadlineMs : Math.min(maxLifetimeDeadlineMs, idleDeadlineMs);
  const deadlines = { maxLifetimeDeadlineMs, nextDeadlineMs, ...(idleDeadlineMs === undefined ? {} : { idleDeadlineMs }) };
  // A deadline no Timestamp can carry cannot be answered; the inputs that lead to it are refused.
  if (maxLifetimeDeadlineMs > TIMESTAMP_MAX_MS) violations.push(deadlineOutOfRange('sessionStartTime'));
  if (idleDeadlineMs !== undefined && idleDeadlineMs > TIMESTAMP_MAX_MS) violations.push(deadlineOutOfRange('lastActivityTime'));
  if (violations.length > 0) return { ok: false, violations };

  if (revoked) return { ok: true, value: { expired: true, reason: 'REVOKED', ...deadlines } };
  if (nowMs >= maxLifetimeDeadlineMs) return { ok: true, value: { expired: true, reason: 'MAX_LIFETIME', ...deadlines } };
  if (idleDeadlineMs !== undefined && nowMs >= idleDeadlineMs) return { ok: true, value: { expired: true, reason: 'IDLE_TIMEOUT', ...deadlines } };
  return { ok: true, value: { expired: false, ...deadlines } };
}

/**
 * What is wrong with the session's instants at `nowMs`, all at once: each one not an instant, or else
 * the last activity before the start and either one later than `nowMs` plus the allowed skew.
 */
export function sessionTimesViolations(session: SessionTimes, nowMs: number, maxClockSkewMs: number): FieldViolation[] {
  const { sessionStartMs, lastActivityMs } = session;
  const notFinite = [
    ['session_start_time', sessionStartMs],
    ['last_activity_time', lastActivityMs],
    ['evaluation_time', nowMs],
  ] as const;
  const violations: FieldViolation[] = notFinite
    .filter(([, ms]) => !Number.isFinite(ms))
    .map(([field, ms]) => fieldViolation(field, Constraint.TIME_NOT_FINITE, `${ms} is not an instant`));
  if (violations.length > 0) return violations;
  const latestAllowedMs = nowMs + (maxClockSkewMs > 0 ? maxClockSkewMs : 0);
  if (lastActivityMs < sessionStartMs) {
    violations.push(fieldViolation('last_activity_time', Constraint.LAST_ACTIVITY_BEFORE_START, 'is before session_start_time'));
  }
  if (sessionStartMs > latestAllowedMs) violations.push(inFuture('session_start_time'));
  if (lastActivityMs > latestAllowedMs) violations.push(inFuture('last_activity_time'));
  return violations;
}

function deadlineOutOfRange(field: string): FieldViolation {
  return fieldViolation(field, Constraint.DEADLINE_OUT_OF_RANGE, 'the deadline it leads to is after 9999-12-31T23:59:59Z, the latest instant a Timestamp holds');
}

function inFuture(field: string): FieldViolation {
  return fieldViolation(field, Constraint.TIME_IN_FUTURE, 'is later than the evaluation time plus the allowed clock skew');
}
