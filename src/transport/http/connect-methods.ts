// The methods the HTTP face serves as Connect unary JSON: the org-admin methods (and the resolver, so
// the widget can show effective values). Same use cases, authorization, deadlines and cancellation as
// gRPC; proto3 JSON through proto-json.ts.
import type { JsonValue } from '@bufbuild/protobuf';
import type { Caller } from '../../app/caller';
import type { WriteCall } from '../../app/commit-change';
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
import { protoRegistry } from '../descriptors';
import { sessionContextInput } from '../rules-mapping';
import { type BinaryCodec, ProtoJson } from './proto-json';
import { organizationPolicyInput, toApplicationSettingsMessage, toEffectivePolicyMessage, toOrganizationSettingsMessage, toPolicyChangeMessage } from '../proto-mapping';

/** What a method takes from its HTTP request besides the body (the gRPC face's CallContext, for HTTP). */
export interface HttpCall {
  readonly caller: Caller;
  /** Aborted when the client goes away or its connect-timeout-ms passes. */
  readonly signal: AbortSignal;
  readonly deadlineMs: number | undefined;
}

export interface ConnectMethod {
  /**
   * Decodes the proto3 JSON body strictly (INVALID_ARGUMENT before any use case runs); answers the
   * organization(s) the request names, for the log line, and the call that encodes its answer.
   */
  accept(json: JsonValue): { readonly organizationId: string; run(call: HttpCall): Promise<JsonValue> };
}

/** The message types come from the method's descriptor, so a path can never pair with another message. */
function method<Req, Res>(
  path: string,
  requestFns: BinaryCodec<Req>,
  responseFns: BinaryCodec<Res>,
  organizationOf: (request: Req) => string,
  handler: (request: Req, call: HttpCall) => Promise<Res>,
): [string, ConnectMethod] {
  const [service = '', name = ''] = path.slice(1).split('/');
  const descriptor = protoRegistry().getService(service)?.methods.find((m) => m.name === name);
  if (!descriptor) throw new Error(`${path} is not a method in gen/descriptor`);
  const requestJson = ProtoJson.of(descriptor.input.typeName, requestFns);
  const responseJson = ProtoJson.of(descriptor.output.typeName, responseFns);
  return [
    path,
    {
      accept(json) {
        const request = requestJson.decode(json);
        return { organizationId: organizationOf(request), run: async (call) => responseJson.encode(await handler(request, call)) };
      },
    },
  ];
}

const writeCall = ({ signal, deadlineMs }: HttpCall): WriteCall => ({ signal, ...(deadlineMs !== undefined ? { deadlineMs } : {}) });

const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';

/** Paths are `/<package>.<Service>/<Method>`, exactly as Connect clients form them. */
export function connectMethods(ctx: ServiceContext): ReadonlyMap<string, ConnectMethod> {
  return new Map<string, ConnectMethod>([
    method(`/${ADMIN}/GetOrganizationSessionPolicy`, GetOrganizationSessionPolicyRequest, GetOrganizationSessionPolicyResponse, (r) => r.organizationId, async (request, { caller }) => {
      const result = await getOrganizationSessionPolicy(ctx, caller, request.organizationId);
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),
    method(`/${ADMIN}/UpdateOrganizationSessionPolicy`, UpdateOrganizationSessionPolicyRequest, UpdateOrganizationSessionPolicyResponse, (r) => r.organizationId, async (request, call) => {
      const result = await updateOrganizationSessionPolicy(
        ctx,
        call.caller,
        { organizationId: request.organizationId, policy: organizationPolicyInput(request), etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),
    method(`/${ADMIN}/GetApplicationSessionPolicy`, GetApplicationSessionPolicyRequest, GetApplicationSessionPolicyResponse, () => '', async (_request, { caller }) => {
      const result = await getApplicationSessionPolicy(ctx, caller);
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),
    method(`/${ADMIN}/GetOrganizationSettings`, GetOrganizationSettingsRequest, GetOrganizationSettingsResponse, (r) => r.organizationId, async (request, { caller }) => {
      const result = await getOrganizationSettings(ctx, caller, request.organizationId);
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),
    method(`/${ADMIN}/UpdateOrganizationSettings`, UpdateOrganizationSettingsRequest, UpdateOrganizationSettingsResponse, (r) => r.organizationId, async (request, call) => {
      const result = await updateOrganizationSettings(
        ctx,
        call.caller,
        { organizationId: request.organizationId, features: request.settings?.features ?? [], etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),
    method(`/${ADMIN}/ListPolicyChanges`, ListPolicyChangesRequest, ListPolicyChangesResponse, (r) => r.organizationId, async (request, { caller, signal, deadlineMs }) => {
      // The HTTP face lists one organization's history only; the whole history stays on gRPC.
      if (request.organizationId === '') {
        throw invalidArgument([{ field: 'organization_id', constraint: 'FIELD_REQUIRED', description: 'is required on the HTTP API' }]);
      }
      const page = await listPolicyChanges(ctx, caller, request, signal, deadlineMs);
      return { policyChanges: page.changes.map(toPolicyChangeMessage), nextPageToken: page.nextPageToken };
    }),
    method(`/${RESOLVER}/ResolveEffectivePolicy`, ResolveEffectivePolicyRequest, ResolveEffectivePolicyResponse, (r) => r.organizationIds.join(','), async (request, { caller }) => {
      // The same answer as the gRPC face, session context (and so its rules) included.
      const context = request.context === undefined ? undefined : sessionContextInput(request.context);
      const resolved = await resolveEffectivePolicy(ctx, caller, request.organizationIds, context);
      return { effectivePolicy: toEffectivePolicyMessage(resolved.policy, resolved.revision, resolved.stale) };
    }),
  ]);
}
