// The one way a use case changes anything: decide on the replica's state at the log's head, append.
import type { Caller } from './caller';
import { ErrorReason, PolicyError } from './errors';
import type { ChangeTarget, PolicyChangeRecord } from './policy-store';
import type { ChangeDraft } from './replica';
import { RequestConstraint } from './request-rules';
import type { ServiceContext } from './service-context';

/** What a write call brings besides its payload. */
export interface WriteCall {
  /** AIP-155 request id: a retry with the same id returns the first result instead of changing again. */
  readonly requestId?: string;
  /** Aborted when the caller has gone; nothing is committed after that. */
  readonly signal?: AbortSignal;
  readonly deadlineMs?: number;
  /** The call's own id (x-request-id), which audit records name. */
  readonly callId?: string;
}

export async function commitChange(
  ctx: Pick<ServiceContext, 'replica'>,
  /** Who the change is recorded for (a group of revocations names each revocation's actor inside). */
  caller: Pick<Caller, 'actor'>,
  call: WriteCall,
  expected: { readonly target: ChangeTarget; readonly organizationId?: string },
  decide: () => ChangeDraft,
): Promise<PolicyChangeRecord> {
  const change = await ctx.replica.commit(
    {
      actor: caller.actor,
      ...(call.requestId ? { requestId: call.requestId } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      ...(call.deadlineMs !== undefined ? { deadlineMs: call.deadlineMs } : {}),
    },
    decide,
  );
  // A replayed request id must name the same change it named the first time. Without an id nothing
  // is replayed: the change is the one `decide` made.
  if (call.requestId && (change.target !== expected.target || (change.organizationId ?? '') !== (expected.organizationId ?? ''))) {
    throw new PolicyError('INVALID_ARGUMENT', ErrorReason.REQUEST_ID_REUSED, 'request_id was already used for a different change', {
      violations: [{ field: 'request_id', constraint: RequestConstraint.REQUEST_ID_REUSED, description: 'already used for a different change; use a fresh id per change' }],
      metadata: { revision: String(change.revision) },
    });
  }
  return change;
}
