// The one registry of errors the service answers with. Use cases throw PolicyError; transport maps
// `status` to a gRPC code and `reason` to google.rpc.ErrorInfo. `cause` is logged, never sent.
import type { FieldViolation } from '../domain/policy';

export type ErrorStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'NOT_FOUND'
  | 'OUT_OF_RANGE'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL';

/** Stable, greppable ErrorInfo reasons. */
export const ErrorReason = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  FEATURE_DISABLED: 'FEATURE_DISABLED',
  ETAG_MISMATCH: 'ETAG_MISMATCH',
  CONCURRENT_UPDATE: 'CONCURRENT_UPDATE',
  REVISION_TOO_OLD: 'REVISION_TOO_OLD',
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  MISSING_CREDENTIALS: 'MISSING_CREDENTIALS',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INSUFFICIENT_SCOPE: 'INSUFFICIENT_SCOPE',
  ORGANIZATION_NOT_PERMITTED: 'ORGANIZATION_NOT_PERMITTED',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  NOT_READY: 'NOT_READY',
  COMMIT_OUTCOME_UNKNOWN: 'COMMIT_OUTCOME_UNKNOWN',
  REQUEST_ID_REUSED: 'REQUEST_ID_REUSED',
  WIDGET_TOKEN_EXPIRED: 'WIDGET_TOKEN_EXPIRED',
  WIDGET_TOKEN_NOT_ACCEPTED_HERE: 'WIDGET_TOKEN_NOT_ACCEPTED_HERE',
  WIDGET_TOKENS_DISABLED: 'WIDGET_TOKENS_DISABLED',
  INTERNAL: 'INTERNAL',
  /** What the request names does not exist (grpc.health.v1 Check of a service this server does not have). */
  NOT_FOUND: 'NOT_FOUND',
  /** The request body is not a valid encoding of the method's request message. */
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  /** The request message is larger than MAX_MESSAGE_BYTES (or decompresses to more). */
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  /** No such method (or an unsupported message encoding). */
  UNIMPLEMENTED: 'UNIMPLEMENTED',
  /** The call's grpc-timeout header is not a gRPC timeout. */
  MALFORMED_TIMEOUT: 'MALFORMED_TIMEOUT',
  /** The call's deadline passed (or the caller cancelled) before it was answered. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** The caller already holds as many Watch streams as one principal may. */
  WATCH_LIMIT_REACHED: 'WATCH_LIMIT_REACHED',
  /** A watcher did not read its stream fast enough; it resumes after the revision in the metadata. */
  WATCHER_TOO_SLOW: 'WATCHER_TOO_SLOW',
  /** Every Watch stream together holds as much unsent data as the server allows; resume shortly. */
  WATCH_MEMORY_FULL: 'WATCH_MEMORY_FULL',
  /**
   * The organization (or the global scope) keeps as many revocations of this kind as it may; nothing
   * was recorded. ErrorInfo metadata `instead` names the broader target to use (`subject`,
   * `entire_organization`), `kept` and `limit` the count.
   */
  REVOCATION_LIMIT_REACHED: 'REVOCATION_LIMIT_REACHED',
  /** The caller made more calls of this method than one principal may on this instance; retry after `retryAfterMs`. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorReason = (typeof ErrorReason)[keyof typeof ErrorReason];

export class PolicyError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly reason: ErrorReason,
    message: string,
    readonly details: {
      readonly violations?: readonly FieldViolation[];
      readonly metadata?: Readonly<Record<string, string>>;
      readonly cause?: unknown;
      /** Set when the store was never reached, so a write certainly did not happen. */
      readonly outcome?: 'not-applied';
    } = {},
  ) {
    super(message);
    this.name = 'PolicyError';
  }

  get violations(): readonly FieldViolation[] {
    return this.details.violations ?? [];
  }

  get metadata(): Readonly<Record<string, string>> {
    return this.details.metadata ?? {};
  }
}

export function invalidArgument(violations: readonly FieldViolation[], metadata: Record<string, string> = {}): PolicyError {
  const fields = [...new Set(violations.map((v) => v.field))].join(', ');
  // The status message adds each violation as "field: description"; naming the fields here too would
  // repeat them ("invalid request: x: x: ...").
  return new PolicyError('INVALID_ARGUMENT', ErrorReason.INVALID_ARGUMENT, 'invalid request', {
    violations,
    metadata: { ...metadata, fields },
  });
}

/** The store could not be reached; nothing was changed. */
export function storeUnavailable(cause: unknown, notApplied = false): PolicyError {
  return new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is unavailable; retry later', {
    cause,
    ...(notApplied ? { outcome: 'not-applied' as const } : {}),
  });
}
