// The Connect error envelope, from the same mapping the gRPC face sends (error-status.ts): its code,
// message and google.rpc.Status details as {code, message, details[]}, and an HTTP status.
import { status } from '@grpc/grpc-js';
import { binaryToJson } from './proto-json';
import { CODE_NAMES, mapError, type MappedError } from '../error-status';

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

/**
 * The code of an HTTP answer that carries no Connect error (a page, a 405), as Connect's spec maps
 * such statuses for clients; so HTTP and gRPC calls are counted in one code vocabulary.
 */
export function codeOfHttpStatus(httpStatus: number): string {
  if (httpStatus < 400) return 'OK';
  const code = { 400: status.INTERNAL, 401: status.UNAUTHENTICATED, 403: status.PERMISSION_DENIED, 404: status.UNIMPLEMENTED, 429: status.UNAVAILABLE, 502: status.UNAVAILABLE, 503: status.UNAVAILABLE, 504: status.UNAVAILABLE }[httpStatus] ?? status.UNKNOWN;
  return CODE_NAMES[code] ?? 'UNKNOWN';
}

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

/** The details a Connect client may show as JSON ("debug"), in the same proto3 JSON as every answer. */
const DEBUG_TYPES = new Set(['google.rpc.ErrorInfo', 'google.rpc.BadRequest']);

export function toConnectError(thrown: unknown): ConnectError {
  const mapped = mapError(thrown);
  const details = mapped.statusDetails.map((any) => {
    const type = any.typeUrl.replace(/^type\.googleapis\.com\//, '');
    const debug = DEBUG_TYPES.has(type) ? binaryToJson(type, any.value) : undefined;
    // Connect sends details as unpadded standard base64 of the message bytes, plus a JSON "debug" view.
    return { type, value: Buffer.from(any.value).toString('base64').replace(/=+$/, ''), ...(debug !== undefined ? { debug } : {}) };
  });
  return {
    httpStatus: HTTP_STATUS[mapped.error.code] ?? 500,
    body: { code: connectCode(mapped.error.code), message: mapped.error.details, details },
    mapped,
  };
}
