// The one error boundary: every failure leaves as a gRPC status with google.rpc.Status details
// (ErrorInfo + BadRequest) in grpc-status-details-bin. Causes are logged, never sent.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { PolicyError, ErrorReason, type ErrorStatus } from '../app/errors';
import { Any } from '../../gen/ts/google/protobuf/any';
import { BadRequest, ErrorInfo } from '../../gen/ts/google/rpc/error_details';
import { Status } from '../../gen/ts/google/rpc/status';

export const ERROR_DOMAIN = 'sessionpolicy';

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

export function mapError(thrown: unknown): MappedError {
  const error = toPolicyError(thrown);
  const code = CODES[error.status];
  const details = [
    Any.fromPartial({
      typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo',
      value: Buffer.from(ErrorInfo.encode({ reason: error.reason, domain: ERROR_DOMAIN, metadata: { ...error.metadata } }).finish()),
    }),
  ];
  if (error.violations.length > 0) {
    details.push(
      Any.fromPartial({
        typeUrl: 'type.googleapis.com/google.rpc.BadRequest',
        value: Buffer.from(BadRequest.encode({
          fieldViolations: error.violations.map((v) => ({ field: v.field, description: v.description, reason: v.constraint, localizedMessage: undefined })),
        }).finish()),
      }),
    );
  }
  const message = error.violations.length > 0 ? `${error.message}: ${error.violations.map((v) => `${v.field}: ${v.description}`).join('; ')}` : error.message;
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(Status.encode({ code, message, details }).finish()));
  const serviceError = Object.assign(new Error(message), { code, details: message, metadata });
  const level: LogLevel = error.status === 'INTERNAL' || error.status === 'UNAVAILABLE' ? 'error' : 'warn';
  return { error: serviceError, level, reason: error.reason, ...(error.details.cause !== undefined ? { cause: error.details.cause } : {}) };
}
