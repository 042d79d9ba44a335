// SessionPolicyAdminService, bound once for both faces: proto in, use case, proto out. No rules live
// here. Writes get the call's signal and deadline, so a change whose caller has gone is never committed.
import { invalidArgument } from '../app/errors';
import type { ServiceContext } from '../app/service-context';
import { getApplicationSessionPolicy, updateApplicationSessionPolicy } from '../app/use-cases/application-session-policy';
import { createWidgetSession } from '../app/use-cases/create-widget-session';
import { listPolicyChanges } from '../app/use-cases/list-policy-changes';
import { listRevocations } from '../app/use-cases/list-revocations';
import { getOrganizationSessionPolicy, updateOrganizationSessionPolicy } from '../app/use-cases/organization-session-policy';
import { getOrganizationSettings, updateOrganizationSettings } from '../app/use-cases/organization-settings';
import { revokeSessions } from '../app/use-cases/revoke-sessions';
import { getSessionRules, updateSessionRules } from '../app/use-cases/session-rules';
import { SessionPolicyAdminServiceService } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { bindService, unary, writeCall, type BoundService } from './methods';
import { applicationPolicyInput, durationMs, organizationPolicyInput, toApplicationSettingsMessage, toOrganizationSettingsMessage, toPolicyChangeMessage, toTimestamp } from './proto-mapping';
import { revocationReasonOf, revocationTargetOf, toRevocationMessage } from './revocation-mapping';
import { sessionRuleSetInput, toSessionRuleSetMessage } from './rules-mapping';

/** `true`: served on the HTTP face too (the org-admin methods the widget uses). */
const HTTP = true;

export function adminMethods(ctx: ServiceContext): BoundService {
  return bindService(SessionPolicyAdminServiceService, {
    getOrganizationSessionPolicy: unary(async (request, { caller }) => {
      const result = await getOrganizationSessionPolicy(ctx, caller, request.organizationId);
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }, HTTP),

    updateOrganizationSessionPolicy: unary(async (request, call) => {
      const result = await updateOrganizationSessionPolicy(
        ctx,
        call.caller,
        { organizationId: request.organizationId, policy: organizationPolicyInput(request), etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { policy: toOrganizationSettingsMessage(result.policy), etag: result.etag };
    }, HTTP),

    // Read-only on the HTTP face: the widget shows the values an organization inherits.
    getApplicationSessionPolicy: unary(async (_request, { caller }) => {
      const result = await getApplicationSessionPolicy(ctx, caller);
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }, HTTP),

    updateApplicationSessionPolicy: unary(async (request, call) => {
      const result = await updateApplicationSessionPolicy(
        ctx,
        call.caller,
        { policy: request.policy ? applicationPolicyInput(request.policy) : undefined, etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { policy: toApplicationSettingsMessage(result.policy), etag: result.etag };
    }),

    getOrganizationSettings: unary(async (request, { caller }) => {
      const result = await getOrganizationSettings(ctx, caller, request.organizationId);
      return { settings: { features: [...result.features] }, etag: result.etag };
    }, HTTP),

    updateOrganizationSettings: unary(async (request, call) => {
      const result = await updateOrganizationSettings(
        ctx,
        call.caller,
        { organizationId: request.organizationId, features: request.settings?.features ?? [], etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { settings: { features: [...result.features] }, etag: result.etag };
    }, HTTP),

    listPolicyChanges: unary(
      async (request, { caller, signal, deadlineMs }) => {
        // The deadline too: the listing answers DEADLINE_EXCEEDED ahead of it rather than at it.
        const page = await listPolicyChanges(ctx, caller, request, signal, deadlineMs);
        return { policyChanges: page.changes.map(toPolicyChangeMessage), nextPageToken: page.nextPageToken };
      },
      {
        // The HTTP face lists one organization's history only; the whole history stays on gRPC.
        admit(request) {
          if (request.organizationId === '') throw invalidArgument([{ field: 'organization_id', constraint: 'FIELD_REQUIRED', description: 'is required on the HTTP API' }]);
        },
      },
    ),

    createWidgetSession: unary(async (request, { caller }) => {
      const session = createWidgetSession(ctx, caller, {
        organizationId: request.organizationId,
        subject: request.subject,
        ttlMs: request.ttl ? durationMs(request.ttl) : undefined,
      });
      return { token: session.token, expireTime: toTimestamp(session.expireTimeMs) };
    }),

    getSessionRules: unary(async (request, { caller }) => {
      const result = await getSessionRules(ctx, caller, request.organizationId);
      return { ruleSet: toSessionRuleSetMessage(result.ruleSet), etag: result.etag };
    }),

    updateSessionRules: unary(async (request, call) => {
      const result = await updateSessionRules(
        ctx,
        call.caller,
        { organizationId: request.organizationId, ruleSet: sessionRuleSetInput(request.ruleSet), etag: request.etag, requestId: request.requestId },
        writeCall(call),
      );
      return { ruleSet: toSessionRuleSetMessage(result.ruleSet), etag: result.etag };
    }),

    revokeSessions: unary(async (request, call) => {
      const kept = await revokeSessions(
        ctx,
        call.caller,
        { organizationId: request.organizationId, target: revocationTargetOf(request), reason: revocationReasonOf(request.reason), requestId: request.requestId },
        writeCall(call),
      );
      return { revocation: toRevocationMessage(kept) };
    }),

    listRevocations: unary(async (request, { caller }) => {
      const page = await listRevocations(ctx, caller, request);
      return { revocations: page.revocations.map(toRevocationMessage), nextPageToken: page.nextPageToken };
    }),
  });
}
