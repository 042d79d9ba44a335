// The methods the HTTP face serves as Connect unary JSON: the org-admin methods (and the resolver, so
// the widget can show effective values). Same use cases and authorization as gRPC; JSON via the
// generated toJSON/fromJSON.
import type { Caller } from '../../app/caller';
import { invalidArgument } from '../../app/errors';
import type { ServiceContext } from '../../app/service-context';
import { getApplicationSessionPolicy } from '../../app/use-cases/application-session-policy';
import { listPolicyChanges } from '../../app/use-cases/list-policy-changes';
import { getOrganizationSessionPolicy, updateOrganizationSessionPolicy } from '../../app/use-cases/organization-session-policy';
import { getOrganizationSettings, updateOrganizationSettings } from '../../app/use-cases/organization-settings';
import { resolveEffectivePolicy } from '../../app/use-cases/resolve-and-evaluate';
import {
  GetApplicationSessionPolicyRequest,
  GetApplicationSessionPolicyResponse,
  GetOrganizationSessionPolicyRequest,
  GetOrganizationSessionPolicyResponse,
  GetOrganizationSettingsRequest,
  GetOrganizationSettingsResponse,
  ListPolicyChangesRequest,
  ListPolicyChangesResponse,
  UpdateOrganizationSessionPolicyRequest,
  UpdateOrganizationSessionPolicyResponse,
  UpdateOrganizationSettingsRequest,
  UpdateOrganizationSettingsResponse,
} from '../../../gen/ts/sessionpolicy/v1/admin_service';
import { ResolveEffectivePolicyRequest, ResolveEffectivePolicyResponse } from '../../../gen/ts/sessionpolicy/v1/resolver_service';
import { organizationPolicyInput, toApplicationSettingsMessage, toEffectivePolicyMessage, toOrganizationSettingsMessage, toPolicyChangeMessage } from '../proto-mapping';

interface JsonCodec<T> {
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

export interface ConnectMethod {
  /** For the log line: which organization(s) the request names. */
  organizationOf(request: unknown): string;
  /** Decodes JSON, runs the use case, encodes the answer as JSON. */
  run(json: unknown, caller: Caller): Promise<unknown>;
}

function method<Req, Res>(
  requestCodec: JsonCodec<Req>,
  responseCodec: JsonCodec<Res>,
  organizationOf: (request: Req) => string,
  handler: (request: Req, caller: Caller) => Promise<Res>,
): ConnectMethod {
  return {
    organizationOf: (request) => organizationOf(request as Req),
    async run(json, caller) {
      return responseCodec.toJSON(await handler(requestCodec.fromJSON(json), caller));
    },
  };
}

/** Paths are `/<package>.<Service>/<Method>`, exactly as Connect clients form them. */
export function connectMethods(ctx: ServiceContext): ReadonlyMap<string, ConnectMethod> {
  const admin = 'sessionpolicy.v1.SessionPolicyAdminService';
  const resolver = 'sessionpolicy.v1.SessionPolicyResolverService';
  return new Map<string, ConnectMethod>([
    [
      `/${admin}/GetOrganizationSessionPolicy`,
      method(GetOrganizationSessionPolicyRequest, GetOrganizationSessionPolicyResponse, (r) => r.organizationId, async (request, caller) => {
        const result = await getOrganizationSessionPolicy(ctx, caller, request.organizationId);
        return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
      }),
    ],
    [
      `/${admin}/UpdateOrganizationSessionPolicy`,
      method(UpdateOrganizationSessionPolicyRequest, UpdateOrganizationSessionPolicyResponse, (r) => r.organizationId, async (request, caller) => {
        const result = await updateOrganizationSessionPolicy(ctx, caller, {
          organizationId: request.organizationId,
          policy: organizationPolicyInput(request),
          etag: request.etag,
          requestId: request.requestId,
        });
        return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
      }),
    ],
    [
      `/${admin}/GetApplicationSessionPolicy`,
      method(GetApplicationSessionPolicyRequest, GetApplicationSessionPolicyResponse, () => '', async (_request, caller) => {
        const result = await getApplicationSessionPolicy(ctx, caller);
        return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
      }),
    ],
    [
      `/${admin}/GetOrganizationSettings`,
      method(GetOrganizationSettingsRequest, GetOrganizationSettingsResponse, (r) => r.organizationId, async (request, caller) => {
        const result = await getOrganizationSettings(ctx, caller, request.organizationId);
        return { settings: { features: [...result.features] }, etag: result.etag };
      }),
    ],
    [
      `/${admin}/UpdateOrganizationSettings`,
      method(UpdateOrganizationSettingsRequest, UpdateOrganizationSettingsResponse, (r) => r.organizationId, async (request, caller) => {
        const result = await updateOrganizationSettings(ctx, caller, {
          organizationId: request.organizationId,
          features: request.settings?.features ?? [],
          etag: request.etag,
          requestId: request.requestId,
        });
        return { settings: { features: [...result.features] }, etag: result.etag };
      }),
    ],
    [
      `/${admin}/ListPolicyChanges`,
      method(ListPolicyChangesRequest, ListPolicyChangesResponse, (r) => r.organizationId, async (request, caller) => {
        // The HTTP face lists one organization's history only; the whole history stays on gRPC.
        if (request.organizationId === '') {
          throw invalidArgument([{ field: 'organization_id', constraint: 'FIELD_REQUIRED', description: 'is required on the HTTP API' }]);
        }
        const page = await listPolicyChanges(ctx, caller, request);
        return { policyChanges: page.changes.map(toPolicyChangeMessage), nextPageToken: page.nextPageToken };
      }),
    ],
    [
      `/${resolver}/ResolveEffectivePolicy`,
      method(ResolveEffectivePolicyRequest, ResolveEffectivePolicyResponse, (r) => r.organizationIds.join(','), async (request, caller) => {
        const resolved = await resolveEffectivePolicy(ctx, caller, request.organizationIds);
        return { effectivePolicy: toEffectivePolicyMessage(resolved.policy, resolved.revision, resolved.stale) };
      }),
    ],
  ]);
}
