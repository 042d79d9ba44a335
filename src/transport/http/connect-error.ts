// The Connect error envelope, built from the same mapping the gRPC face uses (error-status.ts): the
// google.rpc.Status it encodes is decoded back into {code, message, details[]} and an HTTP status.
import { status } from '@grpc/grpc-js';
import { ErrorInfo, BadRequest } from '../../../gen/ts/google/rpc/error_details';
import { Status } from '../../../gen/ts/google/rpc/status';
import { mapError, type MappedError } from '../error-status';

/** Connect's code -> HTTP status table (connectrpc.com/docs/protocol, "Error Codes"). */
const HTTP_STATUS: Record<number, number> = {
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

/** Connect spells gRPC's code names in lower snake case ("invalid_argument"). */
export function connectCode(code: number): string {
  const name = Object.entries(status).find(([, v]) => v === code)?.[0] ?? 'UNKNOWN';
  return name === 'CANCELLED' ? 'canceled' : name.toLowerCase();
}

export interface ConnectError {
  readonly httpStatus: number;
  readonly body: {
    readonly code: string;
    readonly message: string;
    readonly details: readonly { readonly type: string; readonly value: string; readonly debug?: unknown }[];
  };
  readonly mapped: MappedError;
}

const DEBUG_DECODERS: Record<string, (bytes: Uint8Array) => unknown> = {
  'google.rpc.ErrorInfo': (bytes) => ErrorInfo.toJSON(ErrorInfo.decode(bytes)),
  'google.rpc.BadRequest': (bytes) => BadRequest.toJSON(BadRequest.decode(bytes)),
};

export function toConnectError(thrown: unknown): ConnectError {
  const mapped = mapError(thrown);
  const encoded = mapped.error.metadata.get('grpc-status-details-bin')[0];
  const decoded = encoded instanceof Buffer ? Status.decode(encoded) : { code: mapped.error.code, message: mapped.error.message, details: [] };
  const details = decoded.details.map((any) => {
    const type = any.typeUrl.replace(/^type\.googleapis\.com\//, '');
    const debug = DEBUG_DECODERS[type]?.(any.value);
    // Connect sends details as unpadded standard base64 of the message bytes, plus a JSON "debug" view.
    return { type, value: Buffer.from(any.value).toString('base64').replace(/=+$/, ''), ...(debug !== undefined ? { debug } : {}) };
  });
  return {
    httpStatus: HTTP_STATUS[mapped.error.code] ?? 500,
    body: { code: connectCode(mapped.error.code), message: decoded.message, details },
    mapped,
  };
}
