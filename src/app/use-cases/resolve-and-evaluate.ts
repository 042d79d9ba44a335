// ResolveEffectivePolicy and EvaluateSession: the hot path, answered from the cache.
import { evaluateSession as evaluateAt } from '../../domain/evaluate-session';
import { resolveEffectivePolicy as resolveFrom, type SessionRuleInputs } from '../../domain/resolve-effective-policy';
import type { SessionContext, SessionRuleSet } from '../../domain/session-rules';
import { validateSessionContext, type SessionContextInput } from '../../domain/validate-session-rules';
import type { EffectivePolicy, FieldViolation, OrganizationState, SessionEvaluation } from '../../domain/policy';
import { requireResolver } from '../authorize';
import type { Caller } from '../caller';
import { invalidArgument } from '../errors';
import type { StoredOrganization } from '../policy-store';
import { RequestConstraint, organizationIdListViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

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

/** The rule sets resolution takes into account; none until a rule store is wired into the context. */
function ruleInputs(ctx: ServiceContext, organizationIds: readonly string[], context: SessionContext | undefined): SessionRuleInputs {
  const rules = ctx.sessionRules;
  if (rules === undefined) return context === undefined ? {} : { context };
  const organizationRuleSets = new Map<string, SessionRuleSet>(
    organizationIds.map((organizationId) => [organizationId, rules.ruleSet({ kind: 'organization', organizationId }).ruleSet]),
  );
  return { applicationRuleSet: rules.ruleSet({ kind: 'application' }).ruleSet, organizationRuleSets, ...(context === undefined ? {} : { context }) };
}

/** Resolutions by organization set, valid for one cache generation: the hot path resolves once per change. */
const memos = new WeakMap<ServiceContext['cache'], Map<string, { generation: number; policy: EffectivePolicy }>>();
const MEMO_ENTRIES = 10_000;

async function resolveChecked(ctx: ServiceContext, organizationIds: readonly string[], context?: SessionContext): Promise<ResolvedPolicy> {
  // Read before the view: a change landing meanwhile bumps the generation, so nothing older is reused.
  const generation = ctx.cache.generation;
  const view = await ctx.cache.view(organizationIds);
  // The memo is keyed by organizations and cache generation only, which neither a context nor a rule
  // change varies; such resolutions are computed afresh until rule sets are part of the cache generation.
  if (context !== undefined || ctx.sessionRules !== undefined) {
    const policy = resolveFrom(view.application.policy, view.organizations.map(organizationState), ruleInputs(ctx, organizationIds, context));
    return { policy, revision: view.revision, stale: view.stale };
  }
  let memo = memos.get(ctx.cache);
  if (!memo) memos.set(ctx.cache, (memo = new Map()));
  const key = organizationIds.join('\n');
  const memoized = memo.get(key);
  let policy = memoized?.generation === generation ? memoized.policy : undefined;
  if (!policy) {
    policy = resolveFrom(view.application.policy, view.organizations.map(organizationState));
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(key, { generation, policy });
  }
  return { policy, revision: view.revision, stale: view.stale };
}

export interface SessionDecision extends ResolvedPolicy {
  readonly evaluation: SessionEvaluation;
  readonly evaluationTimeMs: number;
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
  },
): Promise<SessionDecision> {
  requireResolver(caller, request.organizationIds, 'evaluate sessions of these organizations');
  const violations: FieldViolation[] = organizationIdListViolations(request.organizationIds, ctx.limits);
  const required = (field: string, value: number | undefined): void => {
    if (value === undefined) violations.push({ field, constraint: RequestConstraint.FIELD_REQUIRED, description: `${field} is required` });
  };
  required('sessionStartTime', request.sessionStartMs);
  required('lastActivityTime', request.lastActivityMs);
  const context = checkedContext(request.context, violations);
  if (violations.length > 0 || request.sessionStartMs === undefined || request.lastActivityMs === undefined) throw invalidArgument(violations);

  const resolved = await resolveChecked(ctx, request.organizationIds, context);
  const evaluationTimeMs = request.evaluationTimeMs ?? ctx.now();
  const evaluation = evaluateAt(
    resolved.policy,
    { sessionStartMs: request.sessionStartMs, lastActivityMs: request.lastActivityMs },
    evaluationTimeMs,
    ctx.limits.maxClockSkewMs,
  );
  if (!evaluation.ok) throw invalidArgument(evaluation.violations);
  return { ...resolved, evaluation: evaluation.value, evaluationTimeMs };
}
