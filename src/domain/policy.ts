// Domain model of session policies. Pure data: no I/O, no generated code, no MongoDB types.
// Every duration is canonical minutes (number of whole minutes); instants are epoch milliseconds.
import type { ComplianceProfileId } from './session-rules';

/** Wire numbers of the mirrored TimeUnit enum; 0 (unspecified) means MINUTES on write. */
export const TimeUnitNumber = { UNSPECIFIED: 0, MINUTES: 1, HOURS: 2, DAYS: 3 } as const;

/** Wire numbers of the mirrored SessionPolicyType enum. */
export const PolicySourceNumber = { UNSPECIFIED: 0, APPLICATION: 1, CUSTOM: 2 } as const;

/** The application defaults every organization starts from. */
export interface ApplicationPolicy {
  readonly absoluteMinutes: number;
  readonly idleEnabled: boolean;
  /** 0 when idle is disabled. */
  readonly idleMinutes: number;
  readonly accessTokenMinutes: number;
}

/** An organization's stored policy: inherit, or custom values (which may be looser than the application). */
export type OrganizationPolicy =
  | { readonly source: 'APPLICATION' }
  | {
      readonly source: 'CUSTOM';
      readonly absoluteMinutes: number;
      readonly idleEnabled: boolean;
      /** Present exactly when idleEnabled. */
      readonly idleMinutes?: number;
    };

/** What resolution needs to know of one organization. */
export interface OrganizationState {
  readonly organizationId: string;
  readonly policy: OrganizationPolicy;
  /** The `session_policy` feature switch; when off a CUSTOM policy is kept but inactive. */
  readonly sessionPolicyEnabled: boolean;
}

/**
 * Which layer decided a resolved value, and within it the session rule or compliance profile that did
 * (neither when the layer's policy itself decided).
 */
export type PolicySource = (
  | { readonly layer: 'APPLICATION' }
  | { readonly layer: 'ORGANIZATION'; readonly organizationId: string }
) & { readonly ruleId?: string; readonly complianceProfile?: ComplianceProfileId };

/** A rule or profile that matched a session: where it lives, and the limits it imposed. */
export interface MatchedRule {
  readonly source: PolicySource;
  readonly maxAbsoluteMinutes?: number;
  readonly maxIdleMinutes?: number;
  /** A level-dependent profile applied its strictest limits because no authentication level was stated. */
  readonly strictestLevelAssumed: boolean;
}

export interface Resolved<T> {
  readonly value: T;
  readonly source: PolicySource;
}

/** The policy that applies to a session, each value with its provenance. */
export interface EffectivePolicy {
  readonly absoluteMinutes: Resolved<number>;
  readonly idleEnabled: Resolved<boolean>;
  /** Absent when idle is disabled on every side. */
  readonly idleMinutes?: Resolved<number>;
  readonly accessTokenMinutes: Resolved<number>;
  /** Present (non-empty) when a rule or profile matched; in precedence order (see resolve-effective-policy.ts). */
  readonly matchedRules?: readonly MatchedRule[];
  /** Present (true) when a level-dependent profile matched a context that stated no authentication level. */
  readonly strictestAuthenticationLevelAssumed?: true;
}

/** A duration as written by a caller: a raw value and a raw TimeUnit wire number (absent = MINUTES). */
export interface DurationInput {
  readonly value: number;
  readonly unit?: number;
}

/** An organization policy update as received (wire numbers unchecked). */
export interface OrganizationPolicyInput {
  readonly policySource: number;
  readonly absolute?: DurationInput;
  readonly idleEnabled?: boolean;
  readonly idle?: DurationInput;
}

/** An application policy update as received (wire numbers unchecked). */
export interface ApplicationPolicyInput {
  readonly absolute: DurationInput;
  readonly idleEnabled: boolean;
  /** value 0 with idle disabled means "no idle duration". */
  readonly idle: DurationInput;
  readonly accessTokenMinutes: number;
}

/**
 * One violated rule. `field` is the path of the offending field in the proto's own names, as the caller
 * sent them (snake_case), e.g. "absolute_session_timeout" or "policy.idle_session_timeout";
 * `constraint` is a stable UPPER_SNAKE id.
 */
export interface FieldViolation {
  readonly field: string;
  readonly constraint: string;
  readonly description: string;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly violations: FieldViolation[] };

/** A session as an enforcer sees it. */
export interface SessionTimes {
  readonly sessionStartMs: number;
  readonly lastActivityMs: number;
}

export type ExpiryReason = 'REVOKED' | 'MAX_LIFETIME' | 'IDLE_TIMEOUT';

/** The decision for one session at one instant, with the deadlines it holds until. */
export interface SessionEvaluation {
  readonly expired: boolean;
  /** Absent when not expired. */
  readonly reason?: ExpiryReason;
  readonly maxLifetimeDeadlineMs: number;
  /** Absent when idle is disabled. */
  readonly idleDeadlineMs?: number;
  /** The earlier of the two deadlines. */
  readonly nextDeadlineMs: number;
}
