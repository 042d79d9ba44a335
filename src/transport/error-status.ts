// The one error boundary: every failure leaves as a gRPC status with google.rpc.Status details
// (ErrorInfo, BadRequest, RetryInfo) in grpc-status-details-bin. Causes are logged, never sent, and
// every echo of client input is cut (bounded-text.ts), so trailers stay far below 8 KiB.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { PolicyError, ErrorReason, type ErrorStatus } from '../app/errors';
import type { FieldViolation } from '../domain/policy';
import { Any } from '../../gen/ts/google/protobuf/any';
import { BadRequest, ErrorInfo, RetryInfo } from '../../gen/ts/google/rpc/error_details';
import { Status } from '../../gen/ts/google/rpc/status';
import { clip } from './bounded-text';

/** ErrorInfo.domain: the service's name, per AIP-193 (the same on every error this service sends). */
export const ERROR_DOMAIN = 'sessionpolicy.example.com';

/** At most this many field violations are listed; the rest are counted in the message and metadata. */
export const MAX_VIOLATIONS = 10;
/** At most this many ErrorInfo metadata entries. */
const MAX_METADATA_ENTRIES = 16;
/** What a client told to retry (UNAVAILABLE, ABORTED) should wait first. */
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
  INTERNAL: status.INTERNAL,
};

export const CODE_NAMES = Object.fromEntries(Object.entries(status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k])) as Record<number, string>;

/** Caller faults are logged as warnings, server faults as errors. */
export type LogLevel = 'info' | 'warn' | 'error';

export interface MappedError {
  readonly error: ServiceError;
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

function boundedMetadata(metadata: Readonly<Record<string, string>>, omittedViolations: number): Record<string, string> {
  const entries = Object.entries(metadata).slice(0, MAX_METADATA_ENTRIES).map(([k, v]) => [clip(k, 64), clip(v)]);
  if (omittedViolations > 0) entries.push(['omittedViolations', String(omittedViolations)]);
  return Object.fromEntries(entries);
}

export function mapError(thrown: unknown): MappedError {
  const error = toPolicyError(thrown);
  const code = CODES[error.status];
  const violations = boundedViolations(error.violations);
  const omitted = error.violations.length - violations.length;
  const details = [any('google.rpc.ErrorInfo', ErrorInfo.encode({ reason: error.reason, domain: ERROR_DOMAIN, metadata: boundedMetadata(error.metadata, omitted) }).finish())];
  if (violations.length > 0) {
    const fieldViolations = violations.map((v) => ({ field: v.field, description: v.description, reason: v.constraint, localizedMessage: undefined }));
    details.push(any('google.rpc.BadRequest', BadRequest.encode({ fieldViolations }).finish()));
  }
  if (error.status === 'UNAVAILABLE' || error.status === 'ABORTED') {
    details.push(any('google.rpc.RetryInfo', RetryInfo.encode({ retryDelay: { seconds: BigInt(Math.floor(RETRY_DELAY_MS / 1000)), nanos: (RETRY_DELAY_MS % 1000) * 1e6 } }).finish()));
  }
  const listed = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  const more = omitted > 0 ? `; and ${omitted} more` : '';
  const message = violations.length > 0 ? `${clip(error.message)}: ${listed}${more}` : clip(error.message);
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(Status.encode({ code, message, details }).finish()));
  const serviceError = Object.assign(new Error(message), { code, details: message, metadata });
  const level: LogLevel = error.status === 'INTERNAL' || error.status === 'UNAVAILABLE' ? 'error' : 'warn';
  return { error: serviceError, level, reason: error.reason, ...(error.details.cause !== undefined ? { cause: error.details.cause } : {}) };
}

/** The request body could not be decoded as the method's request message. */
export function malformedRequest(cause: unknown): PolicyError {
  return new PolicyError('INVALID_ARGUMENT', ErrorReason.MALFORMED_REQUEST, 'the request body is not a valid encoding of the request message', {
    metadata: { decoder: clip(cause instanceof Error ? cause.message : String(cause)) },
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
  const name = CODE_NAMES[code] as ErrorStatus | undefined;
  const kept: ErrorStatus | undefined = name !== undefined && name in CODES && name !== 'INTERNAL' ? name : undefined;
  const reason = kept === 'DEADLINE_EXCEEDED' ? ErrorReason.DEADLINE_EXCEEDED : ErrorReason.INTERNAL;
  return mapError(kept ? new PolicyError(kept, reason, given.details ?? kept) : new PolicyError('INTERNAL', ErrorReason.INTERNAL, 'internal error', { cause: given.details }));
}
