// One Watch event as messages of at most MAX_PART_BYTES each (more_parts on all but the last): a
// snapshot of 10^5 revocations was one 14 MB message, which no client with gRPC's default 4 MiB
// receive limit could take, and which the server held whole for every slow watcher.
// Parts are built one at a time as the stream asks for them, so a stream holds one part's messages,
// not the whole event's. Each element is encoded once to measure it, so a part's size is exact.
import { OrganizationEffectivePolicy, WatchEffectivePoliciesResponse } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { SessionRevocation } from '../../gen/ts/sessionpolicy/v1/session_revocation';

/** Largest encoded part. */
export const MAX_PART_BYTES = 1024 * 1024;

export interface SizedMessage<T> {
  readonly message: T;
  /** Its encoded size. */
  readonly bytes: number;
}

type Base = Omit<WatchEffectivePoliciesResponse, 'policies' | 'revocations' | 'moreParts'>;

/** Bytes a varint of `n` takes. */
function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    bytes += 1;
  }
  return bytes;
}

/** A length-delimited field numbered below 16 holding `body` bytes: one tag byte, the length, the body. */
const fieldBytes = (body: number): number => 1 + varintBytes(body) + body;

/**
 * The parts of one event: `base` (type, revision, default policy, application rules) in each, the
 * policies and then the revocations spread over them, converted only when their part is built.
 */
export function* watchParts<P, R>(
  base: Base,
  policies: readonly P[],
  revocations: readonly R[],
  toPolicy: (policy: P) => OrganizationEffectivePolicy,
  toRevocation: (revocation: R) => SessionRevocation,
  maxBytes = MAX_PART_BYTES,
): Generator<SizedMessage<WatchEffectivePoliciesResponse>> {
  // With more_parts true (2 bytes), the most any part's base takes.
  const baseBytes = WatchEffectivePoliciesResponse.encode({ ...base, policies: [], revocations: [], moreParts: true }).finish().length;
  let part = { policies: [] as OrganizationEffectivePolicy[], revocations: [] as SessionRevocation[], bytes: baseBytes };
  const flush = (moreParts: boolean): SizedMessage<WatchEffectivePoliciesResponse> => {
    const message: WatchEffectivePoliciesResponse = { ...base, policies: part.policies, revocations: part.revocations, moreParts };
    const sized = { message, bytes: part.bytes - (moreParts ? 0 : 2) };
    part = { policies: [], revocations: [], bytes: baseBytes };
    return sized;
  };
  // Puts one element of `bytes` (encoded) into the part, after flushing it if the element would not fit.
  function* add<M>(list: (of: typeof part) => M[], message: M, bytes: number): Generator<SizedMessage<WatchEffectivePoliciesResponse>> {
    if ((part.policies.length > 0 || part.revocations.length > 0) && part.bytes + fieldBytes(bytes) > maxBytes) yield flush(true);
    list(part).push(message);
    part.bytes += fieldBytes(bytes);
  }
  for (const policy of policies) {
    const message = toPolicy(policy);
    yield* add((of) => of.policies, message, OrganizationEffectivePolicy.encode(message).finish().length);
  }
  for (const revocation of revocations) {
    const message = toRevocation(revocation);
    yield* add((of) => of.revocations, message, SessionRevocation.encode(message).finish().length);
  }
  // Parts are flushed only before an element is added, so this one holds the last elements (or, for
  // an event without any, is the only part).
  yield flush(false);
}
