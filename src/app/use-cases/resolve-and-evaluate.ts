// ResolveEffectivePolicy and EvaluateSession: the hot path, answered from the replica alone.
import { evaluateSession as evaluateAt, sessionTimesViolations } from '../../domain/evaluate-session';
import { resolveEffectivePolicy as resolveFrom, type SessionRuleInputs } from '../../domain/resolve-effective-policy';
import type { SessionContext, SessionRuleSet } from '../../domain/session-rules';
import { validateSessionContext, type SessionContextInput } from '../../domain/validate-session-rules';
import type { EffectivePolicy, FieldViolation, OrganizationState, SessionEvaluation } from '../../domain/policy';
import { requireResolver } from '../authorize';
import type { Caller } from '../caller';
import { invalidArgument } from '../errors';
import type { StoredOrganization, StoredRevocation } from '../policy-store';
import { RequestConstraint, organizationIdListViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import { sessionKeyViolations } from './revoke-sessions';

export interface ResolvedPolicy {
  readonly policy: EffectivePolicy;
  readonly revision: number;
  readonly stale: boolean;
}

export function organizationState(org: StoredOrganization): OrganizationState {
  return { organizationId: org.organizationId, policy: org.policy, sessionPolicyEnabled: org.features.session_policy };
}

/**
 * `context` is the request's SessionContext as received (absent = empty); it is validated here and
 * matched against the session rules of the application and of the organizations.
 */
export async function resolveEffectivePolicy(
  ctx: ServiceContext,
  caller: Caller,
  organizationIds: readonly string[],
  context?: SessionContextInput,
): Promise<ResolvedPolicy> {
  requireResolver(caller, organizationIds, 'resolve the policy of these organizations');
  const violations = organizationIdListViolations(organizationIds, ctx.limits);
  const validContext = checkedContext(context, violations);
  if (violations.length > 0) throw invalidArgument(violations);
  return resolveChecked(ctx, organizationIds, validContext);
}

/** The validated context (undefined when absent), its violations appended to `violations`. */
function checkedContext(context: SessionContextInput | undefined, violations: FieldViolation[]): SessionContext | undefined {
  if (context === undefined) return undefined;
  const validated = validateSessionContext(context, 'context.');
  if (validated.ok) return validated.value;
  violations.push(...validated.violations);
  return undefined;
}

/** The rule sets resolution takes into account: the application's and each named organization's. */
function ruleInputs(ctx: ServiceContext, organizationIds: readonly string[], context: SessionContext | undefined): SessionRuleInputs {
  const organizationRuleSets = new Map<string, SessionRuleSet>(organizationIds.map((id) => [id, ctx.replica.ruleSet(id).ruleSet]));
  return { applicationRuleSet: ctx.replica.ruleSet('').ruleSet, organizationRuleSets, ...(context === undefined ? {} : { context }) };
}

/** Reads only the replica: an organization absent from it has no stored policy. */
function resolveChecked(ctx: ServiceContext, organizationIds: readonly string[], context?: SessionContext): ResolvedPolicy {
  const { stale } = ctx.replica.freshness();
  const revision = ctx.replica.revision;
  const policy = resolveFrom(
    ctx.replica.applicationPolicy().policy,
    organizationIds.map((id) => organizationState(ctx.replica.organization(id))),
    ruleInputs(ctx, organizationIds, context),
  );
  return { policy, revision, stale };
}

export interface SessionDecision extends ResolvedPolicy {
  readonly evaluation: SessionEvaluation;
  readonly evaluationTimeMs: number;
  /** The kept revocation that ended the session (reason REVOKED), if any. */
  readonly revocation?: StoredRevocation;
}

export async function evaluateSession(
  ctx: ServiceContext,
  caller: Caller,
  request: {
    readonly organizationIds: readonly string[];
    readonly sessionStartMs: number | undefined;
    readonly lastActivityMs: number | undefined;
    readonly evaluationTimeMs: number | undefined;
    /** The request's SessionContext as received; absent = empty. */
    readonly context?: SessionContextInput;
    /** '' or absent: not checked against session-id revocations. */
    readonly sessionId?: string;
    /** '' or absent: not checked against subject revocations. */
    readonly subject?: string;
  },
): Promise<SessionDecision> {
  requireResolver(caller, request.organizationIds, 'evaluate sessions of these organizations');
  const violations: FieldViolation[] = organizationIdListViolations(request.organizationIds, ctx.limits);
  const required = (field: string, value: number | undefined): void => {
    if (value === undefined) violations.push({ field, constraint: RequestConstraint.FIELD_REQUIRED, description: 'is required' });
  };
  required('session_start_time', request.sessionStartMs);
  required('last_activity_time', request.lastActivityMs);
  const context = checkedContext(request.context, violations);
  if (request.sessionId) violations.push(...sessionKeyViolations(request.sessionId, 'session_id'));
  if (request.subject) violations.push(...sessionKeyViolations(request.subject, 'subject'));
  const evaluationTimeMs = request.evaluationTimeMs ?? ctx.now();
  // The instants' own mistakes are listed with the request's others, as the contract promises.
  if (request.sessionStartMs !== undefined && request.lastActivityMs !== undefined) {
    violations.push(...sessionTimesViolations({ sessionStartMs: request.sessionStartMs, lastActivityMs: request.lastActivityMs }, evaluationTimeMs, ctx.limits.maxClockSkewMs));
  }
  if (violations.length > 0 || request.sessionStartMs === undefined || request.lastActivityMs === undefined) throw invalidArgument(violations);

  const resolved = resolveChecked(ctx, request.organizationIds, context);
  const revocation = ctx.replica.revocationCovering({
    organizationIds: request.organizationIds,
    sessionStartMs: request.sessionStartMs,
    ...(request.sessionId ? { sessionId: request.sessionId } : {}),
    ...(request.subject ? { subject: request.subject } : {}),
  });
  const evaluation = evaluateAt(
    resolved.policy,
    { sessionStartMs: request.sessionStartMs, lastActivityMs: request.lastActivityMs },
    evaluationTimeMs,
    ctx.limits.maxClockSkewMs,
    revocation !== undefined,
  );
  if (!evaluation.ok) throw invalidArgument(evaluation.violations);
  return { ...resolved, evaluation: evaluation.value, evaluationTimeMs, ...(revocation ? { revocation } : {}) };
}
