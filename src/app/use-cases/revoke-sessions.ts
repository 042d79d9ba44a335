// RevokeSessions (DESIGN §2.7): one change-log entry per revocation, committed like any other change,
// so it reaches every replica, every EvaluateSession and every watcher in revision order.
import type { FieldViolation } from '../../domain/policy';
import type { RevocationReason, RevocationTarget } from '../../domain/revocation';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { commitChange, type WriteCall } from '../commit-change';
import { invalidArgument } from '../errors';
import type { StoredRevocation } from '../policy-store';
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

export async function revokeSessions(ctx: ServiceContext, caller: Caller, request: RevokeSessionsRequest, call: WriteCall = {}): Promise<StoredRevocation> {
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

  const change = await commitChange(
    ctx,
    caller,
    { ...call, ...(request.requestId ? { requestId: request.requestId } : {}) },
    { target: 'SESSION_REVOCATION', ...(organizationId !== '' ? { organizationId } : {}) },
    () => ({ target: 'SESSION_REVOCATION', revocation: { organizationId, target, reason } }),
  );
  if (!change.revocation) throw new Error(`change ${change.revision} holds no revocation`);
  return change.revocation;
}
