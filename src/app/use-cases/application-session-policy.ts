// GetApplicationSessionPolicy and UpdateApplicationSessionPolicy: platform admins only.
import { validateApplicationPolicy } from '../../domain/validation';
import type { ApplicationPolicy, ApplicationPolicyInput } from '../../domain/policy';
import { requirePlatformAdmin, requirePlatformReader } from '../authorize';
import type { Caller } from '../caller';
import { commitChange, type WriteCall } from '../commit-change';
import { invalidArgument } from '../errors';
import { etagMatches, etagMismatch, formatEtag } from '../etag';
import { etagViolations, requestIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

export interface ApplicationPolicyResult {
  readonly policy: ApplicationPolicy;
  readonly etag: string;
}

export async function getApplicationSessionPolicy(ctx: ServiceContext, caller: Caller): Promise<ApplicationPolicyResult> {
  requirePlatformReader(caller, 'read the application session policy');
  ctx.replica.freshness();
  const stored = ctx.replica.applicationPolicy();
  return { policy: stored.policy, etag: formatEtag('application-policy', stored.version) };
}

export async function updateApplicationSessionPolicy(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly policy: ApplicationPolicyInput | undefined; readonly etag: string; readonly requestId?: string },
  call: WriteCall = {},
): Promise<ApplicationPolicyResult> {
  requirePlatformAdmin(caller, 'change the application session policy');
  const { etag } = request;
  const validated = request.policy
    ? validateApplicationPolicy(request.policy)
    : ({ ok: false, violations: [{ field: 'policy', constraint: 'FIELD_REQUIRED', description: 'policy is required' }] } as const);
  const violations = [...(validated.ok ? [] : validated.violations), ...etagViolations(etag), ...requestIdViolations(request.requestId ?? '')];
  if (!validated.ok || violations.length > 0) throw invalidArgument(violations);
  const next = validated.value;

  const change = await commitChange(ctx, caller, { ...call, ...(request.requestId ? { requestId: request.requestId } : {}) }, { target: 'APPLICATION_POLICY' }, () => {
    const current = ctx.replica.applicationPolicy();
    if (!etagMatches(etag, 'application-policy', current.version)) {
      throw etagMismatch('the application session policy', etag, formatEtag('application-policy', current.version));
    }
    return { target: 'APPLICATION_POLICY', application: { policy: next, version: current.version + 1 } };
  });
  const after = change.application?.after;
  if (!after) throw new Error('application change without its record');
  return { policy: after.policy, etag: formatEtag('application-policy', after.version) };
}
