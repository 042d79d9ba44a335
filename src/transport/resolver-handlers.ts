// SessionPolicyResolverService: the hot path. Handlers only map; the cache answers.
import type { ServiceContext } from '../app/service-context';
import { evaluateSession, resolveEffectivePolicy } from '../app/use-cases/resolve-and-evaluate';
import { watchEffectivePolicies } from '../app/use-cases/watch-effective-policies';
import {
  SessionExpiryReason,
  WatchEventType,
  type EffectivePolicy,
  type ResolveEffectivePolicyResponse,
  type SessionPolicyResolverServiceServer,
  type WatchEffectivePoliciesResponse,
} from '../../gen/ts/sessionpolicy/v1/resolver_service';
import type { CallBoundary } from './call-boundary';
import { epochMs, toEffectivePolicyMessage } from './proto-mapping';
import { toRevocationMessage } from './revocation-mapping';

const SERVICE = 'sessionpolicy.v1.SessionPolicyResolverService';

const REASONS = {
  MAX_LIFETIME: SessionExpiryReason.SESSION_EXPIRY_REASON_MAX_LIFETIME,
  IDLE_TIMEOUT: SessionExpiryReason.SESSION_EXPIRY_REASON_IDLE_TIMEOUT,
  REVOKED: SessionExpiryReason.SESSION_EXPIRY_REASON_REVOKED,
} as const;

/** One response object per effective-policy message, so its encoding can be reused (see server.ts). */
const responses = new WeakMap<EffectivePolicy, ResolveEffectivePolicyResponse>();

function resolveResponse(effectivePolicy: EffectivePolicy): ResolveEffectivePolicyResponse {
  let response = responses.get(effectivePolicy);
  if (!response) responses.set(effectivePolicy, (response = { effectivePolicy }));
  return response;
}

export function resolverHandlers(ctx: ServiceContext, boundary: CallBoundary): SessionPolicyResolverServiceServer {
  return {
    resolveEffectivePolicy: boundary.unary(`${SERVICE}/ResolveEffectivePolicy`, (r) => r.organizationIds.join(','), async (request, { caller }) => {
      const resolved = await resolveEffectivePolicy(ctx, caller, request.organizationIds);
      return resolveResponse(toEffectivePolicyMessage(resolved.policy, resolved.revision, resolved.stale));
    }),

    evaluateSession: boundary.unary(`${SERVICE}/EvaluateSession`, (r) => r.organizationIds.join(','), async (request, { caller }) => {
      const decision = await evaluateSession(ctx, caller, {
        organizationIds: request.organizationIds,
        sessionStartMs: epochMs(request.sessionStartTime),
        lastActivityMs: epochMs(request.lastActivityTime),
        evaluationTimeMs: epochMs(request.evaluationTime),
        sessionId: request.sessionId,
        subject: request.subject,
      });
      const e = decision.evaluation;
      return {
        expired: e.expired,
        reason: e.reason ? REASONS[e.reason] : SessionExpiryReason.SESSION_EXPIRY_REASON_UNSPECIFIED,
        maxLifetimeDeadline: new Date(e.maxLifetimeDeadlineMs),
        idleDeadline: e.idleDeadlineMs === undefined ? undefined : new Date(e.idleDeadlineMs),
        nextDeadline: new Date(e.nextDeadlineMs),
        evaluationTime: new Date(decision.evaluationTimeMs),
        effectivePolicy: toEffectivePolicyMessage(decision.policy, decision.revision, decision.stale),
      };
    }),

    watchEffectivePolicies: boundary.serverStream(`${SERVICE}/WatchEffectivePolicies`, (r) => r.organizationIds.join(','), async function* (request, { caller, signal }) {
      for await (const event of watchEffectivePolicies(ctx, caller, request, signal)) {
        const message: WatchEffectivePoliciesResponse = {
          type: event.type === 'SNAPSHOT' ? WatchEventType.WATCH_EVENT_TYPE_SNAPSHOT : WatchEventType.WATCH_EVENT_TYPE_CHANGE,
          revision: event.revision,
          defaultPolicy: toEffectivePolicyMessage(event.defaultPolicy, event.revision, false),
          policies: event.policies.map((p) => ({ organizationId: p.organizationId, effectivePolicy: toEffectivePolicyMessage(p.policy, event.revision, false) })),
          revocations: event.revocations.map((r) => toRevocationMessage(r, ctx.replica.revocationExpiresAt(r))),
        };
        yield message;
      }
    }),
  };
}
