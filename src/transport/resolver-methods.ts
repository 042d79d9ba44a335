// SessionPolicyResolverService, bound once for both faces: the hot path. Bindings only map; the
// replica answers.
import { ErrorReason, invalidArgument, PolicyError } from '../app/errors';
import type { ServiceContext } from '../app/service-context';
import { evaluateSession, resolveEffectivePolicy } from '../app/use-cases/resolve-and-evaluate';
import { watchEffectivePolicies } from '../app/use-cases/watch-effective-policies';
import type { FieldViolation } from '../domain/policy';
import { SessionExpiryReason, SessionPolicyResolverServiceService, WatchEventType, type WatchEffectivePoliciesResponse } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { bindService, unary, type BoundService } from './methods';
import { epochMs, revisionOf, toEffectivePolicyMessage, toTimestamp } from './proto-mapping';
import { toRevocationMessage } from './revocation-mapping';
import { sessionContextInput, toSessionRuleSetMessage } from './rules-mapping';
import { watchParts } from './watch-parts';

const REASONS = {
  MAX_LIFETIME: SessionExpiryReason.SESSION_EXPIRY_REASON_MAX_LIFETIME,
  IDLE_TIMEOUT: SessionExpiryReason.SESSION_EXPIRY_REASON_IDLE_TIMEOUT,
  REVOKED: SessionExpiryReason.SESSION_EXPIRY_REASON_REVOKED,
} as const;

/** After the last message of an event a client holds that whole revision. */
const resumePoint = (last: WatchEffectivePoliciesResponse | undefined): string => (last ? String(last.revision) : '0');

function watcherTooSlow(revision: string): PolicyError {
  return new PolicyError('ABORTED', ErrorReason.WATCHER_TOO_SLOW, `the stream was not read fast enough; resume with resume_after_revision ${revision}`, {
    metadata: { lastRevision: revision },
  });
}

export function resolverMethods(ctx: ServiceContext): BoundService {
  return bindService(SessionPolicyResolverServiceService, {
    // On the HTTP face too, so the widget can show effective values; session context (and so its rules) included.
    resolveEffectivePolicy: unary(async (request, { caller }) => {
      const context = request.context === undefined ? undefined : sessionContextInput(request.context);
      const resolved = await resolveEffectivePolicy(ctx, caller, request.organizationIds, context);
      return { effectivePolicy: toEffectivePolicyMessage(resolved.policy, resolved.revision, resolved.stale) };
    }, true),

    evaluateSession: unary(async (request, { caller }) => {
      const violations: FieldViolation[] = [];
      const times = {
        sessionStartMs: epochMs(request.sessionStartTime, 'sessionStartTime', violations),
        lastActivityMs: epochMs(request.lastActivityTime, 'lastActivityTime', violations),
        evaluationTimeMs: epochMs(request.evaluationTime, 'evaluationTime', violations),
      };
      if (violations.length > 0) throw invalidArgument(violations);
      const decision = await evaluateSession(ctx, caller, {
        organizationIds: request.organizationIds,
        ...times,
        ...(request.context === undefined ? {} : { context: sessionContextInput(request.context) }),
        sessionId: request.sessionId,
        subject: request.subject,
      });
      const e = decision.evaluation;
      return {
        expired: e.expired,
        reason: e.reason ? REASONS[e.reason] : SessionExpiryReason.SESSION_EXPIRY_REASON_UNSPECIFIED,
        maxLifetimeDeadline: toTimestamp(e.maxLifetimeDeadlineMs),
        idleDeadline: e.idleDeadlineMs === undefined ? undefined : toTimestamp(e.idleDeadlineMs),
        nextDeadline: toTimestamp(e.nextDeadlineMs),
        evaluationTime: toTimestamp(decision.evaluationTimeMs),
        effectivePolicy: toEffectivePolicyMessage(decision.policy, decision.revision, decision.stale),
      };
    }),

    watchEffectivePolicies: {
      kind: 'stream',
      async *stream(request, { caller, signal }) {
        const violations: FieldViolation[] = [];
        const resumeAfterRevision = revisionOf(request.resumeAfterRevision, 'resumeAfterRevision', violations);
        if (violations.length > 0) throw invalidArgument(violations);
        for await (const event of watchEffectivePolicies(ctx, caller, { organizationIds: request.organizationIds, resumeAfterRevision }, signal)) {
          const base = {
            type: event.type === 'SNAPSHOT' ? WatchEventType.WATCH_EVENT_TYPE_SNAPSHOT : WatchEventType.WATCH_EVENT_TYPE_CHANGE,
            revision: BigInt(event.revision),
            defaultPolicy: toEffectivePolicyMessage(event.defaultPolicy, event.revision, false),
            applicationRuleSet: toSessionRuleSetMessage(event.applicationRuleSet),
          };
          yield* watchParts(
            base,
            event.policies,
            event.revocations,
            (p) => ({
              organizationId: p.organizationId,
              effectivePolicy: toEffectivePolicyMessage(p.policy, event.revision, false),
              ruleSet: p.ruleSet === undefined ? undefined : toSessionRuleSetMessage(p.ruleSet),
            }),
            // Watch events carry stored revocations; their expiry follows the application policy now.
            (revocation) => toRevocationMessage({ revocation, expireTimeMs: ctx.replica.revocationExpiresAt(revocation) }),
          );
        }
      },
      messages: {
        completes: (message) => !message.moreParts,
        resumePoint,
        tooSlow: watcherTooSlow,
        describe: (last) => ({ 'session_policy.watch.event': WatchEventType[last.type] ?? String(last.type), 'session_policy.revision': String(last.revision) }),
      },
    },
  });
}
