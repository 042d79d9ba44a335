// Promise wrappers over the generated callback clients, and decoding of google.rpc.Status details.
import type { CallOptions, Metadata, ServiceError } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { BadRequest, ErrorInfo } from '../../../gen/ts/google/rpc/error_details';
import { Status } from '../../../gen/ts/google/rpc/status';
import type { PolicyChange, SessionPolicyAdminServiceClient } from '../../../gen/ts/sessionpolicy/v1/admin_service';

type Callback<Res> = (error: ServiceError | null, response: Res) => void;
// The generated clients overload each method; inference picks the last (fullest) signature.
type UnaryMethod<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: Callback<Res>) => unknown;

/** Calls a generated unary method: `await call(client.getX.bind(client), request, metadata)`. */
export function call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, metadata: Metadata, options: Partial<CallOptions> = {}): Promise<Res> {
  return new Promise((resolve, reject) => method(request, metadata, options, (error, response) => (error ? reject(error) : resolve(response))));
}

export interface DecodedError {
  readonly code: number;
  readonly codeName: string;
  readonly message: string;
  readonly reason: string;
  readonly metadata: Record<string, string>;
  /** (field, constraint) pairs from google.rpc.BadRequest. */
  readonly violations: { field: string; constraint: string }[];
}

const CODE_NAMES = Object.fromEntries(Object.entries(status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k])) as Record<number, string>;

export function decodeError(error: unknown): DecodedError {
  const e = error as ServiceError;
  if (typeof e?.code !== 'number') throw error;
  const raw = e.metadata?.get('grpc-status-details-bin')[0];
  let reason = '';
  let metadata: Record<string, string> = {};
  const violations: { field: string; constraint: string }[] = [];
  if (raw instanceof Buffer) {
    const decoded = Status.decode(raw);
    for (const detail of decoded.details) {
      if (detail.typeUrl.endsWith('/google.rpc.ErrorInfo')) {
        const info = ErrorInfo.decode(detail.value);
        reason = info.reason;
        metadata = Object.fromEntries(info.metadata);
      } else if (detail.typeUrl.endsWith('/google.rpc.BadRequest')) {
        for (const v of BadRequest.decode(detail.value).fieldViolations) violations.push({ field: v.field, constraint: v.reason });
      }
    }
  }
  return { code: e.code, codeName: CODE_NAMES[e.code] ?? String(e.code), message: e.details, reason, metadata, violations };
}

/** Awaits a call expected to fail and returns its decoded status. */
export async function failure(promise: Promise<unknown>): Promise<DecodedError> {
  try {
    await promise;
  } catch (error) {
    return decodeError(error);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A google.protobuf.Timestamp for an instant (generated code carries int64 as bigint, no Date). */
export function timestamp(instant: Date | string | number): { seconds: bigint; nanos: number } {
  const ms = new Date(instant).getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** Epoch ms of a Timestamp from a response. */
export const instantOf = (t: { seconds: bigint; nanos: number } | undefined): number | undefined =>
  t === undefined ? undefined : Number(t.seconds) * 1000 + Math.floor(t.nanos / 1_000_000);

/** Every entry of a history (one organization's, or '' the whole log), page by page. */
export async function allPolicyChanges(admin: SessionPolicyAdminServiceClient, organizationId: string, metadata: Metadata): Promise<PolicyChange[]> {
  const all: PolicyChange[] = [];
  let pageToken = '';
  do {
    const page = await call(admin.listPolicyChanges.bind(admin), { organizationId, pageSize: 500, pageToken }, metadata);
    all.push(...page.policyChanges);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return all;
}

/** A Connect error envelope (the HTTP face's errors): its code, ErrorInfo reason and BadRequest violations. */
export interface ConnectRefusal {
  readonly code: string;
  readonly reason: string;
  readonly violations: { field: string; constraint: string }[];
}

export function connectRefusal(envelope: { code?: unknown; details?: { type: string; value: string }[] } | undefined): ConnectRefusal {
  if (!envelope || typeof envelope.code !== 'string') throw new Error(`not a Connect error envelope: ${JSON.stringify(envelope)?.slice(0, 200)}`);
  const bytes = (type: string) => {
    const detail = envelope.details?.find((d) => d.type === type);
    return detail ? Buffer.from(detail.value, 'base64') : undefined;
  };
  const info = bytes('google.rpc.ErrorInfo');
  const badRequest = bytes('google.rpc.BadRequest');
  return {
    code: envelope.code,
    reason: info ? ErrorInfo.decode(info).reason : '',
    violations: badRequest ? BadRequest.decode(badRequest).fieldViolations.map((v) => ({ field: v.field, constraint: v.reason })) : [],
  };
}
