// GetOrganizationSessionPolicy and UpdateOrganizationSessionPolicy.
import { validateOrganizationPolicy } from '../../domain/validation';
import type { OrganizationPolicy, OrganizationPolicyInput } from '../../domain/policy';
import { requireOrganizationAdmin, requireOrganizationReader } from '../authorize';
import type { Caller } from '../caller';
import { commitChange, type WriteCall } from '../commit-change';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import { etagMatches, etagMismatch, formatEtag } from '../etag';
import { etagViolations, organizationIdViolations, requestIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

export interface OrganizationPolicyResult {
  readonly policy: OrganizationPolicy;
  readonly etag: string;
}

export async function getOrganizationSessionPolicy(ctx: ServiceContext, caller: Caller, organizationId: string): Promise<OrganizationPolicyResult> {
  requireOrganizationReader(caller, organizationId, "read this organization's session policy");
  const violations = organizationIdViolations(organizationId, ctx.limits);
  if (violations.length > 0) throw invalidArgument(violations, { organizationId });
  ctx.replica.freshness();
  const org = ctx.replica.organization(organizationId);
  return { policy: org.policy, etag: formatEtag('organization-policy', org.policyVersion) };
}

export async function updateOrganizationSessionPolicy(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly policy: OrganizationPolicyInput; readonly etag: string; readonly requestId?: string },
  call: WriteCall = {},
): Promise<OrganizationPolicyResult> {
  const { organizationId, etag } = request;
  requireOrganizationAdmin(caller, organizationId, "change this organization's session policy");
  const shapeViolations = [...organizationIdViolations(organizationId, ctx.limits), ...etagViolations(etag), ...requestIdViolations(request.requestId ?? '')];
  if (shapeViolations.length > 0) {
    // Report the policy's own violations too, so one reply lists everything wrong with the request.
    const policy = validateOrganizationPolicy(request.policy, ctx.replica.applicationPolicy().policy);
    throw invalidArgument([...shapeViolations, ...(policy.ok ? [] : policy.violations)], { organizationId });
  }

  const change = await commitChange(ctx, caller, { ...call, ...(request.requestId ? { requestId: request.requestId } : {}) }, { target: 'ORGANIZATION_POLICY', organizationId }, () => {
    const org = ctx.replica.organization(organizationId);
    const validated = validateOrganizationPolicy(request.policy, ctx.replica.applicationPolicy().policy);
    if (!validated.ok) throw invalidArgument(validated.violations, { organizationId });
    if (!etagMatches(etag, 'organization-policy', org.policyVersion)) {
      throw etagMismatch("the organization's session policy", etag, formatEtag('organization-policy', org.policyVersion));
    }
    if (validated.value.source === 'CUSTOM' && !org.features.session_policy) {
      throw new PolicyError(
        'FAILED_PRECONDITION',
        ErrorReason.FEATURE_DISABLED,
        `turn on the session_policy feature of organization ${organizationId} before setting a CUSTOM policy`,
        { metadata: { organizationId, feature: 'session_policy' } },
      );
    }
    return {
      target: 'ORGANIZATION_POLICY',
      organization: { ...org, policy: validated.value, policyVersion: org.policyVersion + 1, recordRevision: org.recordRevision + 1 },
    };
  });
  const after = change.organization?.after;
  if (!after) throw new Error('organization change without its record');
  return { policy: after.policy, etag: formatEtag('organization-policy', after.policyVersion) };
}
