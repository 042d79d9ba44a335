// SessionPolicyAdminService: proto in, use case, proto out. No rules live here.
import type { ServiceContext } from '../app/service-context';
import { getApplicationSessionPolicy, updateApplicationSessionPolicy } from '../app/use-cases/application-session-policy';
import { listPolicyChanges } from '../app/use-cases/list-policy-changes';
import { getOrganizationSessionPolicy, updateOrganizationSessionPolicy } from '../app/use-cases/organization-session-policy';
import { getOrganizationSettings, updateOrganizationSettings } from '../app/use-cases/organization-settings';
import type { SessionPolicyAdminServiceServer } from '../../gen/ts/sessionpolicy/v1/admin_service';
import type { Rpc } from './rpc';
import { applicationPolicyInput, organizationPolicyInput, toApplicationSettingsMessage, toOrganizationSettingsMessage, toPolicyChangeMessage } from './proto-mapping';

export function adminHandlers(ctx: ServiceContext, rpc: Rpc): SessionPolicyAdminServiceServer {
  return {
    getOrganizationSessionPolicy: rpc.unary(async (request, { caller }) => {
      const result = await getOrganizationSessionPolicy(ctx, caller, request.organizationId);
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),

    updateOrganizationSessionPolicy: rpc.unary(async (request, { caller }) => {
      const result = await updateOrganizationSessionPolicy(ctx, caller, {
        organizationId: request.organizationId,
        policy: organizationPolicyInput(request),
        etag: request.etag,
      });
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),

    getApplicationSessionPolicy: rpc.unary(async (_request, { caller }) => {
      const result = await getApplicationSessionPolicy(ctx, caller);
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    updateApplicationSessionPolicy: rpc.unary(async (request, { caller }) => {
      const result = await updateApplicationSessionPolicy(ctx, caller, {
        policy: request.policy ? applicationPolicyInput(request.policy) : undefined,
        etag: request.etag,
      });
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    getOrganizationSettings: rpc.unary(async (request, { caller }) => {
      const result = await getOrganizationSettings(ctx, caller, request.organizationId);
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),

    updateOrganizationSettings: rpc.unary(async (request, { caller }) => {
      const result = await updateOrganizationSettings(ctx, caller, {
        organizationId: request.organizationId,
        features: request.settings?.features ?? [],
        etag: request.etag,
      });
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),

    listPolicyChanges: rpc.unary(async (request, { caller }) => {
      const page = await listPolicyChanges(ctx, caller, request);
      return { policyChanges: page.changes.map(toPolicyChangeMessage), nextPageToken: page.nextPageToken };
    }),
  };
}
