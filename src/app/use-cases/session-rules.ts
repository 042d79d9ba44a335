// GetSessionRules and UpdateSessionRules (docs/design.md §2.6): the rules and compliance profiles of
// one scope, a resource separate from the scope's policy with its own etag and audit records.
import type { FieldViolation } from '../../domain/policy';
import type { SessionRuleSet } from '../../domain/session-rules';
import { validateSessionRuleSet, type SessionRuleSetInput } from '../../domain/validate-session-rules';
import { requireOrganizationAdmin, requireOrganizationReader, requirePlatformAdmin, requirePlatformReader } from '../authorize';
import type { Caller } from '../caller';
import { commitChange, type WriteCall } from '../commit-change';
import { invalidArgument } from '../errors';
import type { StoredRuleSet } from '../policy-store';
import { etagMatches, etagMismatch, formatEtag } from '../etag';
import { etagViolations, organizationIdViolations, requestIdViolations } from '../request-rules';
import type { RequestLimits, ServiceContext } from '../service-context';

/** Whose rules: the application's (they apply to every session) or one organization's. */
export type RuleScope = { readonly kind: 'application' } | { readonly kind: 'organization'; readonly organizationId: string };

export interface SessionRulesResult {
  readonly ruleSet: SessionRuleSet;
  readonly etag: string;
}

/** The scope an organization_id names: empty is the application. */
export function ruleScopeOf(organizationId: string): RuleScope {
  return organizationId === '' ? { kind: 'application' } : { kind: 'organization', organizationId };
}

export function ruleSetEtag(scope: RuleScope, version: number): string {
  return formatEtag(scope.kind === 'application' ? 'application-rules' : 'organization-rules', version);
}

const what = (scope: RuleScope): string =>
  scope.kind === 'application' ? 'the application session rules' : `the session rules of organization ${scope.organizationId}`;

function authorize(caller: Caller, scope: RuleScope, access: 'read' | 'change'): void {
  const action = `${access} ${what(scope)}`;
  if (scope.kind === 'application') {
    if (access === 'read') requirePlatformReader(caller, action);
    else requirePlatformAdmin(caller, action);
  } else if (access === 'read') requireOrganizationReader(caller, scope.organizationId, action);
  else requireOrganizationAdmin(caller, scope.organizationId, action);
}

function scopeViolations(scope: RuleScope, limits: RequestLimits): FieldViolation[] {
  return scope.kind === 'application' ? [] : organizationIdViolations(scope.organizationId, limits, 'organization_id');
}

export async function getSessionRules(ctx: ServiceContext, caller: Caller, organizationId: string): Promise<SessionRulesResult> {
  const scope = ruleScopeOf(organizationId);
  // Permission before anything else, so answers never reveal which organizations exist.
  authorize(caller, scope, 'read');
  const violations = scopeViolations(scope, ctx.limits);
  if (violations.length > 0) throw invalidArgument(violations, { organizationId });
  ctx.replica.freshness();
  const stored = ctx.replica.ruleSet(organizationId);
  return { ruleSet: stored.ruleSet, etag: ruleSetEtag(scope, stored.version) };
}

export interface UpdateSessionRulesRequest {
  readonly organizationId: string;
  readonly ruleSet: SessionRuleSetInput;
  readonly etag: string;
  readonly requestId: string;
}

/**
 * The pure decision of an update on the current state: the validated next rule set, or the error to
 * answer with. Every violation of the request (scope, etag, request id, rule set) is listed at once;
 * a well-formed etag that is no longer current is ABORTED.
 */
export function nextRuleSet(request: UpdateSessionRulesRequest, current: Pick<StoredRuleSet, 'version'>, limits: RequestLimits): SessionRuleSet {
  const scope = ruleScopeOf(request.organizationId);
  const violations: FieldViolation[] = [...scopeViolations(scope, limits), ...etagViolations(request.etag), ...requestIdViolations(request.requestId)];
  const validated = validateSessionRuleSet(request.ruleSet, 'rule_set.');
  if (!validated.ok) violations.push(...validated.violations);
  if (violations.length > 0 || !validated.ok) throw invalidArgument(violations, request.organizationId === '' ? {} : { organizationId: request.organizationId });
  const etag = request.etag;
  const kind = scope.kind === 'application' ? 'application-rules' : 'organization-rules';
  if (!etagMatches(etag, kind, current.version)) throw etagMismatch(what(scope), etag, ruleSetEtag(scope, current.version));
  return validated.value;
}

/**
 * Replaces a scope's rule set: decided on the state at the log's head and committed as one append, so
 * without an etag a lost race is simply decided again; with one, a change in between is ABORTED.
 */
export async function updateSessionRules(
  ctx: ServiceContext,
  caller: Caller,
  request: UpdateSessionRulesRequest,
  call: WriteCall = {},
): Promise<SessionRulesResult> {
  const scope = ruleScopeOf(request.organizationId);
  authorize(caller, scope, 'change');
  // Everything about the request itself is checked before anything is committed (current: version 0
  // passes any etag check, which is decided again on the head's state below).
  nextRuleSet({ ...request, etag: '' }, { version: 0 }, ctx.limits);
  const change = await commitChange(
    ctx,
    caller,
    { ...call, ...(request.requestId ? { requestId: request.requestId } : {}) },
    { target: 'SESSION_RULES', ...(request.organizationId !== '' ? { organizationId: request.organizationId } : {}) },
    () => {
      const current = ctx.replica.ruleSet(request.organizationId);
      const next = nextRuleSet(request, current, ctx.limits);
      return { target: 'SESSION_RULES', organizationId: request.organizationId, rules: { ruleSet: next, version: current.version + 1 } };
    },
  );
  const after = change.rules?.after;
  if (!after) throw new Error('rules change without its rule set');
  return { ruleSet: after.ruleSet, etag: ruleSetEtag(scope, after.version) };
}
