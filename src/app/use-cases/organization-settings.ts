// GetOrganizationSettings and UpdateOrganizationSettings (the feature switches).
import { requireOrganizationAdmin, requireOrganizationReader } from '../authorize';
import type { Caller } from '../caller';
import { commitChange, type WriteCall } from '../commit-change';
import { invalidArgument } from '../errors';
import { etagMatches, etagMismatch, formatEtag } from '../etag';
import { KNOWN_FEATURES, type FeatureName, type Features } from '../policy-store';
import { etagViolations, featureViolations, organizationIdViolations, requestIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

export interface OrganizationSettingsResult {
  /** Every known feature, in a stable order. */
  readonly features: readonly { readonly name: FeatureName; readonly enabled: boolean }[];
  readonly etag: string;
}

function describe(features: Features, version: number): OrganizationSettingsResult {
  return {
    features: KNOWN_FEATURES.map((name) => ({ name, enabled: features[name] })),
    etag: formatEtag('organization-settings', version),
  };
}

export async function getOrganizationSettings(ctx: ServiceContext, caller: Caller, organizationId: string): Promise<OrganizationSettingsResult> {
  requireOrganizationReader(caller, organizationId, "read this organization's settings");
  const violations = organizationIdViolations(organizationId, ctx.limits);
  if (violations.length > 0) throw invalidArgument(violations, { organizationId });
  ctx.replica.freshness();
  const org = ctx.replica.organization(organizationId);
  return describe(org.features, org.settingsVersion);
}

export async function updateOrganizationSettings(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly features: readonly { name: string; enabled: boolean }[]; readonly etag: string; readonly requestId?: string },
  call: WriteCall = {},
): Promise<OrganizationSettingsResult> {
  const { organizationId, etag } = request;
  requireOrganizationAdmin(caller, organizationId, "change this organization's settings");
  const violations = [
    ...organizationIdViolations(organizationId, ctx.limits),
    ...featureViolations(request.features, 'settings.features'),
    ...etagViolations(etag),
    ...requestIdViolations(request.requestId ?? ''),
  ];
  if (violations.length > 0) throw invalidArgument(violations, { organizationId });

  const change = await commitChange(ctx, caller, { ...call, ...(request.requestId ? { requestId: request.requestId } : {}) }, { target: 'ORGANIZATION_SETTINGS', organizationId }, () => {
    const org = ctx.replica.organization(organizationId);
    if (!etagMatches(etag, 'organization-settings', org.settingsVersion)) {
      throw etagMismatch("the organization's settings", etag, formatEtag('organization-settings', org.settingsVersion));
    }
    const features = { ...org.features };
    for (const f of request.features) features[f.name as FeatureName] = f.enabled;
    return {
      target: 'ORGANIZATION_SETTINGS',
      organization: { ...org, features, settingsVersion: org.settingsVersion + 1, recordRevision: org.recordRevision + 1 },
    };
  });
  const after = change.organization?.after;
  if (!after) throw new Error('organization change without its record');
  return describe(after.features, after.settingsVersion);
}
