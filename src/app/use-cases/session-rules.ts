// GetSessionRules and UpdateSessionRules (DESIGN §2.6): the rules and compliance profiles of one scope,
// a resource separate from the scope's policy with its own etag and audit records.
import type { FieldViolation } from '../../domain/policy';
import type { SessionRuleSet } from '../../domain/session-rules';
import { validateSessionRuleSet, type SessionRuleSetInput } from '../../domain/validate-session-rules';
import { requireOrganizationAdmin, requireOrganizationReader, requirePlatformAdmin, requirePlatformReader } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import { etagMatches, etagMismatch, formatEtag } from '../etag';
import { etagViolations, organizationIdViolations, requestIdViolations } from '../request-rules';
import type { RequestLimits } from '../service-context';

/** Whose rules: the application's (they apply to every session) or one organization's. */
export type RuleScope = { readonly kind: 'application' } | { readonly kind: 'organization'; readonly organizationId: string };

export interface StoredRuleSet {
  readonly ruleSet: SessionRuleSet;
  /** Version of this scope's rule set; 0 when never written (an empty set). Drives the etag. */
  readonly version: number;
}

export type RuleSetCommit = { readonly committed: true; readonly stored: StoredRuleSet } | { readonly committed: false };

/**
 * What these use cases need from persistence. The storage owner implements it: `ruleSet` answers from
 * the in-memory replica; `commitRuleSet` appends the change (with its audit record: actor, time,
 * before, after, revision) only if the scope is still at `expectedVersion`, else `{committed: false}`.
 */
export interface SessionRuleStore {
  ruleSet(scope: RuleScope): StoredRuleSet;
  commitRuleSet(
    scope: RuleScope,
    expectedVersion: number,
    next: SessionRuleSet,
    actor: string,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<RuleSetCommit>;
}

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

export function getSessionRules(store: SessionRuleStore, limits: RequestLimits, caller: Caller, organizationId: string): SessionRulesResult {
  const scope = ruleScopeOf(organizationId);
  // Permission before anything else, so answers never reveal which organizations exist.
  authorize(caller, scope, 'read');
  const violations = scopeViolations(scope, limits);
  if (violations.length > 0) throw invalidArgument(violations, { organizationId });
  const stored = store.ruleSet(scope);
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
export function nextRuleSet(request: UpdateSessionRulesRequest, current: StoredRuleSet, limits: RequestLimits): SessionRuleSet {
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

const ATTEMPTS = 5;

/**
 * Replaces a scope's rule set. Without an etag a lost race is retried on the newer state (the whole set
 * is replaced, so the answer is the same); with one, it is ABORTED as AIP-154 asks.
 */
export async function updateSessionRules(
  store: SessionRuleStore,
  limits: RequestLimits,
  caller: Caller,
  request: UpdateSessionRulesRequest,
  signal?: AbortSignal,
): Promise<SessionRulesResult> {
  const scope = ruleScopeOf(request.organizationId);
  authorize(caller, scope, 'change');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = store.ruleSet(scope);
    const next = nextRuleSet(request, current, limits);
    const result = await store.commitRuleSet(scope, current.version, next, caller.actor, request.requestId, signal);
    if (result.committed) return { ruleSet: result.stored.ruleSet, etag: ruleSetEtag(scope, result.stored.version) };
    if (request.etag !== '') break;
  }
  throw new PolicyError(
    'ABORTED',
    request.etag !== '' ? ErrorReason.ETAG_MISMATCH : ErrorReason.CONCURRENT_UPDATE,
    `${what(scope)} were changed concurrently; read them again and retry`,
    { metadata: request.etag !== '' ? { etag: request.etag } : {} },
  );
}
