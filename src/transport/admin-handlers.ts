// SessionPolicyAdminService: proto in, use case, proto out. No rules live here. Writes get the call's
// signal and deadline, so a change whose caller has gone is never committed.
import type { ServiceContext } from '../app/service-context';
import { getApplicationSessionPolicy, updateApplicationSessionPolicy } from '../app/use-cases/application-session-policy';
import { listPolicyChanges } from '../app/use-cases/list-policy-changes';
import { getOrganizationSessionPolicy, updateOrganizationSessionPolicy } from '../app/use-cases/organization-session-policy';
import { getOrganizationSettings, updateOrganizationSettings } from '../app/use-cases/organization-settings';
import { createWidgetSession } from '../app/use-cases/create-widget-session';
import { getSessionRules, updateSessionRules } from '../app/use-cases/session-rules';
import type { WidgetTokens } from '../app/widget-tokens';
import type { WriteCall } from '../app/commit-change';
import { listRevocations } from '../app/use-cases/list-revocations';
import { revokeSessions } from '../app/use-cases/revoke-sessions';
import { revocationAuditFields, revocationReasonOf, revocationTargetOf, toRevocationMessage } from './revocation-mapping';
import type { SessionPolicyAdminServiceServer } from '../../gen/ts/sessionpolicy/v1/admin_service';
import type { CallContext, Rpc } from './rpc';
import { sessionRuleSetInput, toSessionRuleSetMessage } from './rules-mapping';
import { applicationPolicyInput, durationMs, organizationPolicyInput, toApplicationSettingsMessage, toOrganizationSettingsMessage, toPolicyChangeMessage, toTimestamp } from './proto-mapping';

/** What a write takes from its call besides the payload. */
const writeCall = ({ signal, deadlineMs }: CallContext): WriteCall => ({ signal, ...(deadlineMs !== undefined ? { deadlineMs } : {}) });

/** Writes one structured audit line (the service logger), beside the call's own line. */
export type AuditLog = (fields: Record<string, unknown>, message: string) => void;

export function adminHandlers(ctx: ServiceContext, rpc: Rpc, audit: AuditLog, widgetTokens?: WidgetTokens): SessionPolicyAdminServiceServer {
  return {
    getOrganizationSessionPolicy: rpc.unary(async (request, { caller }) => {
      const result = await getOrganizationSessionPolicy(ctx, caller, request.organizationId);
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),

    updateOrganizationSessionPolicy: rpc.unary(async (request, call) => {
      const result = await updateOrganizationSessionPolicy(
        ctx,
        call.caller,
        { organizationId: request.organizationId, policy: organizationPolicyInput(request), etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }),

    getApplicationSessionPolicy: rpc.unary(async (_request, { caller }) => {
      const result = await getApplicationSessionPolicy(ctx, caller);
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    updateApplicationSessionPolicy: rpc.unary(async (request, call) => {
      const result = await updateApplicationSessionPolicy(
        ctx,
        call.caller,
        { policy: request.policy ? applicationPolicyInput(request.policy) : undefined, etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    getOrganizationSettings: rpc.unary(async (request, { caller }) => {
      const result = await getOrganizationSettings(ctx, caller, request.organizationId);
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),

    updateOrganizationSettings: rpc.unary(async (request, call) => {
      const result = await updateOrganizationSettings(
        ctx,
        call.caller,
        { organizationId: request.organizationId, features: request.settings?.features ?? [], etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { settings: { features: [...result.features] }, etag: result.etag };
    }),

    listPolicyChanges: rpc.unary(async (request, { caller, signal, deadlineMs }) => {
      // The deadline too: the listing answers DEADLINE_EXCEEDED ahead of it rather than at it.
      const page = await listPolicyChanges(ctx, caller, request, signal, deadlineMs);
      return { policyChanges: page.changes.map(toPolicyChangeMessage), nextPageToken: page.nextPageToken };
    }),

    createWidgetSession: rpc.unary(async (request, { caller }) => {
      const session = createWidgetSession(ctx, widgetTokens, caller, {
        organizationId: request.organizationId,
        subject: request.subject,
        ttlMs: request.ttl ? durationMs(request.ttl) : undefined,
      });
      return { token: session.token, expireTime: toTimestamp(session.expireTimeMs) };
    }),

    getSessionRules: rpc.unary(async (request, { caller }) => {
      const result = await getSessionRules(ctx, caller, request.organizationId);
      return { ruleSet: toSessionRuleSetMessage(result.ruleSet), etag: result.etag };
    }),

    updateSessionRules: rpc.unary(async (request, call) => {
      const result = await updateSessionRules(
        ctx,
        call.caller,
        { organizationId: request.organizationId, ruleSet: sessionRuleSetInput(request.ruleSet), etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { ruleSet: toSessionRuleSetMessage(result.ruleSet), etag: result.etag };
    }),

    revokeSessions: rpc.unary(async (request, call) => {
      const revocation = await revokeSessions(
        ctx,
        call.caller,
        { organizationId: request.organizationId, target: revocationTargetOf(request), reason: revocationReasonOf(request.reason), requestId: request.requestId },
        writeCall(call),
      );
      // The audit event of DESIGN §2.7: one line per revocation (a replayed request_id logs it again).
      audit({ ...revocationAuditFields(revocation, call.requestId), aipRequestId: request.requestId }, 'sessions revoked');
      return { revocation: toRevocationMessage(revocation, ctx.replica.revocationExpiresAt(revocation)) };
    }),

    listRevocations: rpc.unary(async (request, { caller }) => {
      const page = await listRevocations(ctx, caller, request);
      return { revocations: page.revocations.map((r) => toRevocationMessage(r, ctx.replica.revocationExpiresAt(r))), nextPageToken: page.nextPageToken };
    }),
  };
}
