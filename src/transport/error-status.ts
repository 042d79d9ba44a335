// The one error boundary: every failure is mapped here once, to a code, a bounded message and
// google.rpc.Status details (ErrorInfo, BadRequest, RetryInfo); the gRPC face sends them in
// grpc-status-details-bin, the Connect face in its JSON envelope (http/connect-error.ts). Causes are
// logged, never sent, and every echo of client input is cut (bounded-text.ts), so trailers stay far
// below 8 KiB.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { PolicyError, ErrorReason, type ErrorStatus } from '../app/errors';
import type { FieldViolation } from '../domain/policy';
import { Any } from '../../gen/ts/google/protobuf/any';
import { BadRequest, ErrorInfo, RetryInfo } from '../../gen/ts/google/rpc/error_details';
import { Status } from '../../gen/ts/google/rpc/status';
import { clip, ECHO_LIMIT } from './bounded-text';

/** ErrorInfo.domain: the service's name, per AIP-193 (the same on every error this service sends). */
export const ERROR_DOMAIN = 'sessionpolicy.example.com';

/** At most this many field violations are sent (fewer if they would exceed DETAILS_BUDGET_BYTES). */
export const MAX_VIOLATIONS = 10;
/** Encoded google.rpc.Status budget (base64 on the wire adds a third): trailers stay far below 8 KiB. */
const DETAILS_BUDGET_BYTES = 1536;
/** Violations named in the status message itself; all sent ones are in BadRequest. */
const VIOLATIONS_IN_MESSAGE = 3;
/** The message as grpc-js sends it (percent-encoded) stays under this many bytes. */
const MESSAGE_BUDGET_BYTES = 768;
/** At most this many ErrorInfo metadata entries. */
const MAX_METADATA_ENTRIES = 16;
/** What a client told to retry (UNAVAILABLE, ABORTED) should wait first; RATE_LIMITED says its own wait. */
const RETRY_DELAY_MS = 1000;

const CODES: Record<ErrorStatus, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  ABORTED: status.ABORTED,
  NOT_FOUND: status.NOT_FOUND,
  OUT_OF_RANGE: status.OUT_OF_RANGE,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
  INTERNAL: status.INTERNAL,
};

export const CODE_NAMES = Object.fromEntries(Object.entries(status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k])) as Record<number, string>;

/** Caller faults are logged as warnings, server faults as errors. */
export type LogLevel = 'info' | 'warn' | 'error';

export interface MappedError {
  /** The status as grpc-js sends it: code, message, and the details below in grpc-status-details-bin. */
  readonly error: ServiceError;
  /** google.rpc.Status details (ErrorInfo, BadRequest, RetryInfo), as the Connect face sends them. */
  readonly statusDetails: readonly Any[];
  readonly level: LogLevel;
  readonly reason: string;
  readonly cause?: unknown;
}

export function toPolicyError(error: unknown): PolicyError {
  if (error instanceof PolicyError) return error;
  return new PolicyError('INTERNAL', ErrorReason.INTERNAL, 'internal error', { cause: error });
}

function any(typeName: string, value: Uint8Array): Any {
  return { typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(value) };
}

function boundedViolations(violations: readonly FieldViolation[]): FieldViolation[] {
  return violations.slice(0, MAX_VIOLATIONS).map((v) => ({ field: clip(v.field), constraint: clip(v.constraint), description: clip(v.description) }));
}

function boundedMetadata(metadata: Readonly<Record<string, string>>, omittedViolations: number, limit = ECHO_LIMIT): Map<string, string> {
  const entries = Object.entries(metadata).slice(0, MAX_METADATA_ENTRIES).map(([k, v]): [string, string] => [clip(k, 64), clip(v, limit)]);
  if (omittedViolations > 0) entries.push(['omittedViolations', String(omittedViolations)]);
  return new Map(entries);
}

function statusDetails(reason: string, metadata: Map<string, string>, violations: readonly FieldViolation[], retryDelayMs: number | undefined): Any[] {
  const details = [any('google.rpc.ErrorInfo', ErrorInfo.encode({ reason, domain: ERROR_DOMAIN, metadata }).finish())];
  if (violations.length > 0) {
    const fieldViolations = violations.map((v) => ({ field: v.field, description: v.description, reason: v.constraint, localizedMessage: undefined }));
    details.push(any('google.rpc.BadRequest', BadRequest.encode({ fieldViolations }).finish()));
  }
  if (retryDelayMs !== undefined) {
    details.push(any('google.rpc.RetryInfo', RetryInfo.encode({ retryDelay: { seconds: BigInt(Math.floor(retryDelayMs / 1000)), nanos: (retryDelayMs % 1000) * 1e6 } }).finish()));
  }
  return details;
}

/** Cuts `message` until its percent-encoded form (what grpc-message carries) fits the budget. */
function boundedMessage(message: string): string {
  let text = clip(message, 2 * ECHO_LIMIT);
  while (encodeURI(text).length > MESSAGE_BUDGET_BYTES) text = clip(text, Math.floor(text.length / 2));
  return text;
}

export function mapError(thrown: unknown): MappedError {
  const error = toPolicyError(thrown);
  const code = CODES[error.status];
  // A rate-limited caller is told exactly how long to wait (its metadata's retryAfterMs) in RetryInfo too.
  const retryAfterMs = Number(error.metadata['retryAfterMs']);
  const retryDelayMs =
    error.reason === ErrorReason.RATE_LIMITED && Number.isSafeInteger(retryAfterMs) && retryAfterMs >= 0
      ? retryAfterMs
      : error.status === 'UNAVAILABLE' || error.status === 'ABORTED'
        ? RETRY_DELAY_MS
        : undefined;
  let violations = boundedViolations(error.violations);
  let metadataLimit = ECHO_LIMIT;
  const build = (): { message: string; details: Any[]; bytes: Uint8Array } => {
    const omitted = error.violations.length - violations.length;
    const named = violations.slice(0, VIOLATIONS_IN_MESSAGE).map((v) => `${v.field}: ${v.description}`).join('; ');
    const more = error.violations.length > VIOLATIONS_IN_MESSAGE ? `; and ${error.violations.length - VIOLATIONS_IN_MESSAGE} more` : '';
    const message = boundedMessage(violations.length > 0 ? `${clip(error.message)}: ${named}${more}` : error.message);
    const details = statusDetails(error.reason, boundedMetadata(error.metadata, omitted, metadataLimit), violations, retryDelayMs);
    return { message, details, bytes: Status.encode({ code, message, details }).finish() };
  };
  let built = build();
  // Hostile input (many violations, multi-byte text) must not push the trailers toward 8 KiB.
  while (built.bytes.length > DETAILS_BUDGET_BYTES && violations.length > 0) {
    violations = violations.slice(0, -1);
    built = build();
  }
  if (built.bytes.length > DETAILS_BUDGET_BYTES) {
    metadataLimit = 16;
    built = build();
  }
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(built.bytes));
  const serviceError = Object.assign(new Error(built.message), { code, details: built.message, metadata });
  const level: LogLevel = error.status === 'INTERNAL' || error.status === 'UNAVAILABLE' ? 'error' : 'warn';
  return { error: serviceError, statusDetails: built.details, level, reason: error.reason, ...(error.details.cause !== undefined ? { cause: error.details.cause } : {}) };
}

/** The request body could not be decoded as the method's request message. */
export function malformedRequest(cause: unknown): PolicyError {
  return new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_REQUEST, 'the request body is not a valid encoding of the request message', {
    metadata: { decoder: clip(cause instanceof Error ? cause.message : String(cause)) },
  });
}

/** The request message (or body) is larger than MAX_MESSAGE_BYTES: the same answer on both faces. */
export function messageTooLarge(description: string, maxBytes?: number): PolicyError {
  return new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.MESSAGE_TOO_LARGE, clip(description), maxBytes === undefined ? {} : { metadata: { maxBytes: String(maxBytes) } });
}

/** The call's grpc-timeout header is not a gRPC timeout; `given` is a cut prefix of it. */
export function malformedTimeoutError(given: string): PolicyError {
  return new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_TIMEOUT, 'the grpc-timeout header is not a gRPC timeout (1 to 8 digits and a unit of H, M, S, m, u or n)', {
    violations: [{ field: 'grpc-timeout', constraint: 'GRPC_TIMEOUT_MALFORMED', description: `not a gRPC timeout: "${clip(given)}"` }],
  });
}

/** The call's deadline passed or its caller went away before it was answered. */
export function deadlineExceeded(): PolicyError {
  return new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the deadline passed or the call was cancelled before it was answered');
}

/**
 * A status this service did not build itself (grpc-js's own, or a handler that skipped the mapper),
 * in the same shape as ours: known client-facing codes keep their code; anything else is INTERNAL.
 */
export function mapForeignStatus(given: { readonly code?: number; readonly details?: string }): MappedError {
  const code = given.code ?? status.UNKNOWN;
  const details = given.details ?? '';
  // What grpc-js answers by itself for a client's bad input, before or without any handler.
  if (code === status.RESOURCE_EXHAUSTED && /larger than/i.test(details)) {
    return mapError(messageTooLarge(details));
  }
  if (code === status.INTERNAL && /decompress|deserializ/i.test(details)) {
    return mapError(new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_REQUEST, 'the request body could not be decompressed or decoded', { metadata: { decoder: clip(details) } }));
  }
  if (code === status.INTERNAL && /grpc-timeout/i.test(details)) return mapError(malformedTimeoutError(details));
  if (code === status.UNIMPLEMENTED) return mapError(new PolicyError('UNIMPLEMENTED', ErrorReason.UNIMPLEMENTED, clip(details || 'not implemented')));
  // grpc-js's own deadline timer can beat ours (a deadline already passed when the call arrives): the
  // caller gets the same answer either way, and the same as on the Connect face.
  if (code === status.DEADLINE_EXCEEDED) return mapError(deadlineExceeded());
  const name = CODE_NAMES[code] as ErrorStatus | undefined;
  const kept: ErrorStatus | undefined = name !== undefined && name in CODES && name !== 'INTERNAL' ? name : undefined;
  // A client-facing code keeps a reason that says what happened, never INTERNAL.
  const reason = kept !== undefined && kept in ErrorReason ? ErrorReason[kept as keyof typeof ErrorReason] : ErrorReason.INTERNAL;
  return mapError(kept ? new PolicyError(kept, reason, given.details ?? kept) : new PolicyError('INTERNAL', ErrorReason.INTERNAL, 'internal error', { cause: given.details }));
}
