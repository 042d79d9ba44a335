// RevokeSessions (docs/design.md §2.7): revocations are change-log entries, committed like any other change
// (several at once when they arrive together), so they reach every replica, every EvaluateSession and
// every watcher in revision order. Every instance keeps every revocation, so what one caller may make
// them hold is bounded twice: per organization, decided in the commit on the state at the log's head
// (so instances racing at the cap cannot overrun it together), and per principal in time, by a rate
// limit each instance keeps for itself. Each revocation is audited, a replayed one again.
import type { FieldViolation } from '../../domain/policy';
import type { RevocationReason, RevocationTarget } from '../../domain/revocation';
import { revocationAudit } from '../audit';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import type { WriteCall } from '../commit-change';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import type { StoredRevocation } from '../policy-store';
import { replayedRevocation, type RevocationDraft } from '../revocation-commits';
import { organizationIdViolations, requestIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

export const RevocationConstraint = {
  TARGET_REQUIRED: 'REVOCATION_TARGET_REQUIRED',
  ID_MALFORMED: 'REVOCATION_ID_MALFORMED',
  REASON_REQUIRED: 'REVOCATION_REASON_REQUIRED',
  ORGANIZATION_REQUIRED: 'REVOCATION_ORGANIZATION_REQUIRED',
} as const;

/** Session ids and subjects as enforcers write them: bounded, printable, no separators we rely on. */
const SESSION_KEY = /^[A-Za-z0-9_.:@+/=-]{1,128}$/;

export function sessionKeyViolations(value: string, field: string): FieldViolation[] {
  return SESSION_KEY.test(value)
    ? []
    : [{ field, constraint: RevocationConstraint.ID_MALFORMED, description: 'must be 1-128 characters of [A-Za-z0-9_.:@+/=-]' }];
}

export interface RevokeSessionsRequest {
  /** '' for a global revocation. */
  readonly organizationId: string;
  /** Undefined when the caller set no target. */
  readonly target: RevocationTarget | undefined;
  /** Undefined when unspecified. */
  readonly reason: RevocationReason | undefined;
  readonly requestId?: string;
}

/** A revocation and when it lapses (revoked_at + the application absolute timeout + the clock skew). */
export interface KeptRevocation {
  readonly revocation: StoredRevocation;
  readonly expireTimeMs: number;
}

export async function revokeSessions(ctx: ServiceContext, caller: Caller, request: RevokeSessionsRequest, call: WriteCall = {}): Promise<KeptRevocation> {
  const { organizationId, target, reason } = request;
  // Authorization first: an answer must never tell another organization's admin anything.
  if (organizationId === '') requirePlatformAdmin(caller, 'revoke sessions of every organization');
  else requireOrganizationAdmin(caller, organizationId, "revoke this organization's sessions");

  const violations: FieldViolation[] = [...(organizationId === '' ? [] : organizationIdViolations(organizationId, ctx.limits)), ...requestIdViolations(request.requestId ?? '')];
  if (!target) violations.push({ field: 'target', constraint: RevocationConstraint.TARGET_REQUIRED, description: 'set one of session_id, subject or entire_organization' });
  else if (target.kind === 'SESSION') violations.push(...sessionKeyViolations(target.sessionId, 'session_id'));
  else if (target.kind === 'SUBJECT') violations.push(...sessionKeyViolations(target.subject, 'subject'));
  else if (organizationId === '') {
    violations.push({ field: 'organization_id', constraint: RevocationConstraint.ORGANIZATION_REQUIRED, description: 'is required with entire_organization' });
  }
  if (!reason) violations.push({ field: 'reason', constraint: RevocationConstraint.REASON_REQUIRED, description: 'is required: LOGOUT, ADMIN, COMPROMISED or POLICY_CHANGE' });
  if (violations.length > 0 || !target || !reason) throw invalidArgument(violations);
  const requestId = request.requestId ? request.requestId : undefined;
  const revocation = await recordedOrCommitted(ctx, caller, { organizationId, target, reason, actor: caller.actor, ...(requestId ? { requestId } : {}) }, call);
  ctx.audit(revocationAudit(revocation, { callId: call.callId ?? '', aipRequestId: request.requestId ?? '' }));
  return { revocation, expireTimeMs: ctx.replica.revocationExpiresAt(revocation) };
}

async function recordedOrCommitted(ctx: ServiceContext, caller: Caller, draft: RevocationDraft, call: WriteCall): Promise<StoredRevocation> {
  if (draft.requestId) {
    // AIP-155: a retry returns what the first call recorded (or says the id named something else),
    // whatever the rate: it records nothing.
    const recorded = await ctx.replica.recordedChange(caller.actor, draft.requestId);
    if (recorded) return replayedRevocation(recorded, caller.actor, draft.requestId, draft.organizationId);
  }
  // Before anything that costs a commit. A global revocation is an application admin's (policy:admin)
  // and is bounded by the global scope's caps instead.
  if (draft.organizationId !== '') takeRevokeCall(ctx, caller);
  return ctx.revocationCommits.submit(draft, call);
}

/** Whether this principal may make another RevokeSessions call now on this instance (RESOURCE_EXHAUSTED if not). */
function takeRevokeCall(ctx: ServiceContext, caller: Caller): void {
  // An organization admin (one user) gets a rate for a person with a script; a service token, for a
  // backend carrying every tenant's logouts.
  const limiter = caller.kind === 'service' || caller.kind === 'anonymous-dev' ? ctx.revokeRates.serviceToken : ctx.revokeRates.organizationAdmin;
  const waitMs = limiter.take(caller.actor, ctx.now());
  if (waitMs === 0) return;
  throw new PolicyError(
    'RESOURCE_EXHAUSTED',
    ErrorReason.RATE_LIMITED,
    `this caller may make ${limiter.perSecond} RevokeSessions calls per second on this instance (bursts of ${limiter.burst}); nothing was recorded: retry after ${waitMs} ms, or revoke the subject or the whole organization in one call`,
    { metadata: { limitPerSecond: String(limiter.perSecond), burst: String(limiter.burst), retryAfterMs: String(waitMs) } },
  );
}
