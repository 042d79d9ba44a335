// The stable ids of every rule the domain enforces. Clients and logs match on these, so never rename one;
// transport copies them into google.rpc.BadRequest field violations.
import type { FieldViolation } from './policy';

export const Constraint = {
  /** A TimeUnit wire number that is not UNSPECIFIED, MINUTES, HOURS or DAYS. */
  UNIT_UNKNOWN: 'UNIT_UNKNOWN',
  /** A duration value that is not a whole number. */
  VALUE_NOT_INTEGER: 'VALUE_NOT_INTEGER',
  /** A duration whose conversion to minutes does not fit in an int32. */
  VALUE_OVERFLOW: 'VALUE_OVERFLOW',
  /** A duration of zero or less. */
  VALUE_NOT_POSITIVE: 'VALUE_NOT_POSITIVE',
  /** An application duration above its bound (absolute 525600, idle 10080, access token 43200 minutes). */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** An empty organization id. */
  ORGANIZATION_ID_REQUIRED: 'ORGANIZATION_ID_REQUIRED',
  /** An organization id longer than 64 characters. */
  ORGANIZATION_ID_TOO_LONG: 'ORGANIZATION_ID_TOO_LONG',
  /** An organization id with characters outside the configured pattern. */
  ORGANIZATION_ID_PATTERN_MISMATCH: 'ORGANIZATION_ID_PATTERN_MISMATCH',
  /** policy_source left UNSPECIFIED. */
  POLICY_SOURCE_REQUIRED: 'POLICY_SOURCE_REQUIRED',
  /** policy_source set to a number that is neither APPLICATION nor CUSTOM. */
  POLICY_SOURCE_UNKNOWN: 'POLICY_SOURCE_UNKNOWN',
  /** A value (or idle switched on) sent with policy_source APPLICATION, which carries none. */
  NOT_ALLOWED_FOR_APPLICATION: 'NOT_ALLOWED_FOR_APPLICATION',
  /** CUSTOM without an absolute timeout. */
  ABSOLUTE_REQUIRED: 'ABSOLUTE_REQUIRED',
  /** Absolute timeout not greater than the application access-token expiry. */
  ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN: 'ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN',
  /** Idle switched on without an idle timeout. */
  IDLE_REQUIRED: 'IDLE_REQUIRED',
  /** An idle timeout sent while idle is switched off. */
  IDLE_SET_WHILE_DISABLED: 'IDLE_SET_WHILE_DISABLED',
  /** Idle timeout not smaller than the absolute timeout of the same policy. */
  IDLE_NOT_BELOW_ABSOLUTE: 'IDLE_NOT_BELOW_ABSOLUTE',
  /** Idle timeout not greater than the application access-token expiry. */
  IDLE_NOT_ABOVE_ACCESS_TOKEN: 'IDLE_NOT_ABOVE_ACCESS_TOKEN',
  /** A session instant that is not a finite number of milliseconds. */
  TIME_NOT_FINITE: 'TIME_NOT_FINITE',
  /** Last activity earlier than the session start. */
  LAST_ACTIVITY_BEFORE_START: 'LAST_ACTIVITY_BEFORE_START',
  /** A session instant later than the evaluation time plus the allowed clock skew. */
  TIME_IN_FUTURE: 'TIME_IN_FUTURE',
  /** A list or map with more entries than its bound (rules per scope, condition lists, context roles or attributes). */
  TOO_MANY_ENTRIES: 'TOO_MANY_ENTRIES',
  /** An empty role, application id or attribute key. */
  ENTRY_EMPTY: 'ENTRY_EMPTY',
  /**
   * An attribute key naming a JavaScript object's own machinery (`__proto__`, `constructor`,
   * `prototype`): one such key in a plain object vanished or aliased a member, so a condition on it
   * matched every session. Refused in conditions and contexts alike, in every language.
   */
  ATTRIBUTE_KEY_RESERVED: 'ATTRIBUTE_KEY_RESERVED',
  /** A role, application id, attribute key or value over 64 characters, or a description over 256. */
  ENTRY_TOO_LONG: 'ENTRY_TOO_LONG',
  /** An enum value listed twice (a compliance profile, an authentication level in a condition). */
  ENTRY_REPEATED: 'ENTRY_REPEATED',
  /** An enum number this version does not define (or UNSPECIFIED where a defined value is required). */
  ENUM_UNKNOWN: 'ENUM_UNKNOWN',
  /** A rule id not matching ^[a-z][a-z0-9-]{0,62}$. */
  RULE_ID_MALFORMED: 'RULE_ID_MALFORMED',
  /** A rule id used by an earlier rule of the same scope. */
  RULE_ID_REPEATED: 'RULE_ID_REPEATED',
  /** A rule that sets neither an absolute nor an idle limit. */
  RULE_LIMIT_REQUIRED: 'RULE_LIMIT_REQUIRED',
  /** A rule limit that is not a whole number of minutes. */
  VALUE_NOT_WHOLE_MINUTES: 'VALUE_NOT_WHOLE_MINUTES',
  /** A computed deadline outside what a Timestamp can hold (0001-01-01..9999-12-31). */
  DEADLINE_OUT_OF_RANGE: 'DEADLINE_OUT_OF_RANGE',
} as const;

export type ConstraintId = (typeof Constraint)[keyof typeof Constraint];

export function fieldViolation(field: string, constraint: ConstraintId, description: string): FieldViolation {
  return { field, constraint, description };
}
