// SessionPolicyAdminService: proto in, use case, proto out. No rules live here.
import type { ServiceContext } from '../app/service-context';
import { getApplicationSessionPolicy, updateApplicationSessionPolicy } from '../app/use-cases/application-session-policy';
import { listPolicyChanges } from '../app/use-cases/list-policy-changes';
import { getOrganizationSessionPolicy, updateOrganizationSessionPolicy } from '../app/use-cases/organization-session-policy';
import { getOrganizationSettings, updateOrganizationSettings } from '../app/use-cases/organization-settings';
import { createWidgetSession } from '../app/use-cases/create-widget-session';
import type { WidgetTokens } from '../app/widget-tokens';
import { listRevocations } from '../app/use-cases/list-revocations';
import { revokeSessions } from '../app/use-cases/revoke-sessions';
import { revocationAuditFields, revocationReasonOf, revocationTargetOf, toRevocationMessage } from './revocation-mapping';
import type { SessionPolicyAdminServiceServer } from '../../gen/ts/sessionpolicy/v1/admin_service';
import type { CallBoundary } from './call-boundary';
import { applicationPolicyInput, organizationPolicyInput, toApplicationSettingsMessage, toOrganizationSettingsMessage, toPolicyChangeMessage } from './proto-mapping';

const SERVICE = 'sessionpolicy.v1.SessionPolicyAdminService';
const none = (): string => '';

export function adminHandlers(ctx: ServiceContext, boundary: CallBoundary, widgetTokens?: WidgetTokens): SessionPolicyAdminServiceServer {
  return {
    getOrganizationSessionPolicy: boundary.unary(`${SERVICE}/GetOrganizationSessionPolicy`, (r) => r.organizationId, async (request, { caller }) => {
      const result = await getOrganizationSessionPolicy(ctx, caller, request.organizationId);
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),

    updateOrganizationSessionPolicy: boundary.unary(`${SERVICE}/UpdateOrganizationSessionPolicy`, (r) => r.organizationId, async (request, { caller }) => {
      const result = await updateOrganizationSessionPolicy(ctx, caller, {
        organizationId: request.organizationId,
        policy: organizationPolicyInput(request),
        etag: request.etag,
        requestId: request.requestId,
      });
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),

    getApplicationSessionPolicy: boundary.unary(`${SERVICE}/GetApplicationSessionPolicy`, none, async (_request, { caller }) => {
      const result = await getApplicationSessionPolicy(ctx, caller);
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    updateApplicationSessionPolicy: boundary.unary(`${SERVICE}/UpdateApplicationSessionPolicy`, none, async (request, { caller }) => {
      const result = await updateApplicationSessionPolicy(ctx, caller, {
        policy: request.policy ? applicationPolicyInput(request.policy) : undefined,
        etag: request.etag,
        requestId: request.requestId,
      });
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    getOrganizationSettings: boundary.unary(`${SERVICE}/GetOrganizationSettings`, (r) => r.organizationId, async (request, { caller }) => {
      const result = await getOrganizationSettings(ctx, caller, request.organizationId);
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),

    updateOrganizationSettings: boundary.unary(`${SERVICE}/UpdateOrganizationSettings`, (r) => r.organizationId, async (request, { caller }) => {
      const result = await updateOrganizationSettings(ctx, caller, {
        organizationId: request.organizationId,
        features: request.settings?.features ?? [],
        etag: request.etag,
        requestId: request.requestId,
      });
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),

    listPolicyChanges: boundary.unary(`${SERVICE}/ListPolicyChanges`, (r) => r.organizationId, async (request, { caller }) => {
      const page = await listPolicyChanges(ctx, caller, request);
      return { policyChanges: page.changes.map(toPolicyChangeMessage), nextPageToken: page.nextPageToken };
    }),

    createWidgetSession: boundary.unary(`${SERVICE}/CreateWidgetSession`, (r) => r.organizationId, async (request, { caller }) => {
      const session = createWidgetSession(ctx, widgetTokens, caller, {
        organizationId: request.organizationId,
        subject: request.subject,
        ttlMs: request.ttl ? request.ttl.seconds * 1000 + Math.trunc(request.ttl.nanos / 1e6) : undefined,
      });
      return { token: session.token, expireTime: new Date(session.expireTimeMs) };
    }),

    revokeSessions: boundary.unary(`${SERVICE}/RevokeSessions`, (r) => r.organizationId, async (request, { caller, requestId }) => {
      const revocation = await revokeSessions(ctx, caller, {
        organizationId: request.organizationId,
        target: revocationTargetOf(request),
        reason: revocationReasonOf(request.reason),
        requestId: request.requestId,
      });
      // The audit event of DESIGN §2.7: one line per revocation (a replayed request_id logs it again).
      boundary.audit({ ...revocationAuditFields(revocation, requestId), aipRequestId: request.requestId }, 'sessions revoked');
      return { revocation: toRevocationMessage(revocation, ctx.replica.revocationExpiresAt(revocation)) };
    }),

    listRevocations: boundary.unary(`${SERVICE}/ListRevocations`, (r) => r.organizationId, async (request, { caller }) => {
      const page = await listRevocations(ctx, caller, request);
      return { revocations: page.revocations.map((r) => toRevocationMessage(r, ctx.replica.revocationExpiresAt(r))), nextPageToken: page.nextPageToken };
    }),
  };
}
