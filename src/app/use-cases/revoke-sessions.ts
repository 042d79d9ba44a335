// RevokeSessions (DESIGN §2.7): revocations are change-log entries, committed like any other change
// (several at once when they arrive together), so they reach every replica, every EvaluateSession and
// every watcher in revision order. Every instance keeps every revocation, so what one caller may make
// them hold is bounded twice: per organization, decided in the commit on the state at the log's head
// (so instances racing at the cap cannot overrun it together), and per principal in time, by a rate
// limit each instance keeps for itself.
import type { FieldViolation } from '../../domain/policy';
import { revocationRefusal, type RevocationReason, type RevocationRefusal, type RevocationTarget } from '../../domain/revocation';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import type { WriteCall } from '../commit-change';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import type { PolicyChangeRecord, StoredRevocation } from '../policy-store';
import { RateLimiter } from '../rate-limiter';
import { RequestConstraint, organizationIdViolations, requestIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

export const RevocationConstraint = {
  TARGET_REQUIRED: 'REVOCATION_TARGET_REQUIRED',
  ID_MALFORMED: 'REVOCATION_ID_MALFORMED',
  REASON_REQUIRED: 'REVOCATION_REASON_REQUIRED',
  ORGANIZATION_REQUIRED: 'REVOCATION_ORGANIZATION_REQUIRED',
} as const;

/** Session ids and subjects as enforcers write them: bounded, printable, no separators we rely on. */
const SESSION_KEY = /^[A-Za-z0-9_.:@+/=-]{1,128}$/;

export function sessionKeyViolations(value: string, field: string): FieldViolation[] {
  return SESSION_KEY.test(value)
    ? []
    : [{ field, constraint: RevocationConstraint.ID_MALFORMED, description: 'must be 1-128 characters of [A-Za-z0-9_.:@+/=-]' }];
}

export interface RevokeSessionsRequest {
  /** '' for a global revocation. */
  readonly organizationId: string;
  /** Undefined when the caller set no target. */
  readonly target: RevocationTarget | undefined;
  /** Undefined when unspecified. */
  readonly reason: RevocationReason | undefined;
  readonly requestId?: string;
}

export async function revokeSessions(ctx: ServiceContext, caller: Caller, request: RevokeSessionsRequest, call: WriteCall = {}): Promise<StoredRevocation> {
  const { organizationId, target, reason } = request;
  // Authorization first: an answer must never tell another organization's admin anything.
  if (organizationId === '') requirePlatformAdmin(caller, 'revoke sessions of every organization');
  else requireOrganizationAdmin(caller, organizationId, "revoke this organization's sessions");

  const violations: FieldViolation[] = [...(organizationId === '' ? [] : organizationIdViolations(organizationId, ctx.limits)), ...requestIdViolations(request.requestId ?? '')];
  if (!target) violations.push({ field: 'target', constraint: RevocationConstraint.TARGET_REQUIRED, description: 'set one of session_id, subject or entire_organization' });
  else if (target.kind === 'SESSION') violations.push(...sessionKeyViolations(target.sessionId, 'session_id'));
  else if (target.kind === 'SUBJECT') violations.push(...sessionKeyViolations(target.subject, 'subject'));
  else if (organizationId === '') {
    violations.push({ field: 'organization_id', constraint: RevocationConstraint.ORGANIZATION_REQUIRED, description: 'is required with entire_organization' });
  }
  if (!reason) violations.push({ field: 'reason', constraint: RevocationConstraint.REASON_REQUIRED, description: 'is required: LOGOUT, ADMIN, COMPROMISED or POLICY_CHANGE' });
  if (violations.length > 0 || !target || !reason) throw invalidArgument(violations);
  const requestId = request.requestId ? request.requestId : undefined;
  if (requestId) {
    // AIP-155: a retry returns what the first call recorded (or says the id named something else),
    // whatever the rate: it records nothing.
    const recorded = await ctx.replica.recordedChange(caller.actor, requestId);
    if (recorded) return replayedRevocation(recorded, caller.actor, requestId, organizationId);
  }
  // Before anything that costs a commit. A global revocation is an application admin's (policy:admin)
  // and is bounded by the global scope's caps instead.
  if (organizationId !== '') takeRevokeCall(ctx, caller);
  return groupCommitter(ctx).submit({ organizationId, target, reason, actor: caller.actor, ...(requestId ? { requestId } : {}) }, call);
}

/** Whether this principal may make another RevokeSessions call now on this instance (RESOURCE_EXHAUSTED if not). */
function takeRevokeCall(ctx: ServiceContext, caller: Caller): void {
  const limiter = rateLimiterFor(ctx, caller);
  const waitMs = limiter.take(caller.actor, ctx.now());
  if (waitMs === 0) return;
  throw new PolicyError(
    'RESOURCE_EXHAUSTED',
    ErrorReason.RATE_LIMITED,
    `this caller may make ${limiter.perSecond} RevokeSessions calls per second on this instance (bursts of ${limiter.burst}); nothing was recorded: retry after ${waitMs} ms, or revoke the subject or the whole organization in one call`,
    { metadata: { limitPerSecond: String(limiter.perSecond), burst: String(limiter.burst), retryAfterMs: String(waitMs) } },
  );
}

/** An organization admin (one user) gets a rate for a person with a script; a service token, for a backend carrying every tenant's logouts. */
function rateLimiterFor(ctx: ServiceContext, caller: Caller): RateLimiter {
  let limiters = rateLimiters.get(ctx.replica);
  if (!limiters) {
    limiters = { organization: new RateLimiter(ctx.limits.revokeRatePerPrincipal), service: new RateLimiter(ctx.limits.revokeRatePerServiceToken) };
    rateLimiters.set(ctx.replica, limiters);
  }
  return caller.kind === 'service' || caller.kind === 'anonymous-dev' ? limiters.service : limiters.organization;
}

const rateLimiters = new WeakMap<ServiceContext['replica'], { readonly organization: RateLimiter; readonly service: RateLimiter }>();

/** The answer when a scope has no room left: nothing recorded, and what to revoke instead. */
function limitReached(organizationId: string, refusal: RevocationRefusal): PolicyError {
  const scope = organizationId === '' ? 'the global scope' : `organization ${organizationId}`;
  const kind = { session_id: 'session-id', subject: 'subject', entire_organization: 'organization-wide' }[refusal.target];
  const instead =
    refusal.instead.length === 0
      ? 'the newest organization-wide revocation covers every session started before it; retry once the oldest lapses (its revoke time + the application absolute timeout)'
      : `revoke ${refusal.instead
          .map((target) => (target === 'subject' ? `the subject${organizationId === '' ? ' globally' : ''} (subject)` : organizationId === '' ? 'each organization as a whole (entire_organization)' : 'the whole organization (entire_organization)'))
          .join(' or ')} instead`;
  return new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.REVOCATION_LIMIT_REACHED, `${scope} keeps ${refusal.kept} ${kind} revocations, the most it may; nothing was recorded: ${instead}`, {
    metadata: {
      ...(organizationId === '' ? {} : { organizationId }),
      target: refusal.target,
      kept: String(refusal.kept),
      limit: String(refusal.limit),
      instead: refusal.instead.join(','),
    },
  });
}

function replayedRevocation(change: PolicyChangeRecord, actor: string, requestId: string, organizationId: string): StoredRevocation {
  // Like every change: a retry names the same target and organization, else the id was reused.
  const mine = change.revocations?.find((r) => r.actor === actor && r.requestId === requestId);
  if (mine && mine.organizationId === organizationId) return mine;
  throw new PolicyError('INVALID_ARGUMENT', ErrorReason.REQUEST_ID_REUSED, 'request_id was already used for a different change', {
    violations: [{ field: 'request_id', constraint: RequestConstraint.REQUEST_ID_REUSED, description: 'already used for a different change; use a fresh id per change' }],
    metadata: { revision: String(change.revision) },
  });
}

type Draft = Omit<StoredRevocation, 'revision' | 'index' | 'revokedAtMs'>;

interface Pending {
  readonly draft: Draft;
  readonly call: WriteCall;
  /** The replica's revision when the request id was last found not recorded (only ids newer than it are looked for again). */
  readonly checkedAt: number;
  readonly resolve: (revocation: StoredRevocation) => void;
  readonly reject: (error: unknown) => void;
}

/** Most revocations in one log entry: bounds the entry's size (about 150 bytes each). */
const MAX_GROUP = 256;

/** Every revocation of a group turned out to be a retry of one already in the log: nothing to append. */
class NothingToCommit extends Error {}

/**
 * Group commit: while one log entry is being appended, the revocations that arrive queue up and go
 * into the next entry together. One append costs about the same for one revocation or a few hundred,
 * so throughput follows the store's append latency times the group size, not one append per call.
 *
 * A group is decided again after every lost slot, on the newer state: a retry of the same request id
 * that another instance committed meanwhile leaves the group then and is answered with that revocation.
 */
class GroupCommitter {
  private readonly pending: Pending[] = [];
  private running = false;
  /** Requests with an id still on their way to the log: a concurrent retry waits for the same one. */
  private readonly inFlight = new Map<string, Promise<StoredRevocation>>();

  constructor(private readonly ctx: ServiceContext) {}

  submit(draft: Draft, call: WriteCall): Promise<StoredRevocation> {
    const key = draft.requestId ? `${draft.actor}\u0000${draft.requestId}` : undefined;
    const same = key ? this.inFlight.get(key) : undefined;
    if (same) return same;
    const checkedAt = this.ctx.replica.revision;
    const promise = new Promise<StoredRevocation>((resolve, reject) => {
      this.enqueue({ draft, call, checkedAt, resolve, reject });
    });
    if (key) {
      this.inFlight.set(key, promise);
      const forget = (): void => void this.inFlight.delete(key);
      promise.then(forget, forget);
    }
    return promise;
  }

  private enqueue(pending: Pending): void {
    this.pending.push(pending);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const group: Pending[] = [];
        for (const p of this.pending.splice(0, MAX_GROUP)) {
          // Never commit for a caller that has gone.
          if (p.call.signal?.aborted || (p.call.deadlineMs !== undefined && this.ctx.now() >= p.call.deadlineMs)) {
            p.reject(new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed; nothing was changed'));
          } else {
            group.push(p);
          }
        }
        if (group.length > 0) await this.commitGroup(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async commitGroup(group: readonly Pending[]): Promise<void> {
    const replica = this.ctx.replica;
    let { included, replayed, refused } = this.decide(group);
    // Nothing to append and some refused at the cap: answered as decided on the replica as it is, with
    // no store read. The log only ever adds revocations, so a scope that is full at the replica's
    // revision is full at the head too (purging goes by the clock alike); only an application policy
    // change that shortens retention, not yet polled, could have freed room a little sooner. Room the
    // other way, a revocation recorded, is only ever decided in the commit below.
    if (included.length === 0 && refused.size > 0) {
      this.answer(refused, replayed);
      return;
    }
    try {
      const change = await replica.commit({ actor: group[0]?.draft.actor ?? '' }, () => {
        // Taken on the state at the log's head, again after each lost slot: what is recorded fits the
        // cap because its entry is appended right after the state it was counted on (or the replica
        // catches up and decides again when nothing is appended).
        ({ included, replayed, refused } = this.decide(group));
        if (included.length === 0) throw new NothingToCommit();
        return { target: 'SESSION_REVOCATION', revocations: included.map((p) => p.draft) };
      });
      included.forEach((p, i) => {
        const revocation = change.revocations?.[i];
        if (revocation) p.resolve(revocation);
        else p.reject(new Error(`change ${change.revision} holds no revocation ${i}`));
      });
    } catch (error) {
      if (!(error instanceof NothingToCommit)) {
        // Nothing was appended: every one not answered by an earlier commit gets the failure.
        for (const p of group) if (!replayed.has(p)) p.reject(error);
        refused = new Map();
      }
    }
    this.answer(refused, replayed);
  }

  /** Sorts a group on the replica's current state: retries of recorded requests, refusals at the cap, and what to record. */
  private decide(group: readonly Pending[]): { included: Pending[]; replayed: Map<Pending, PolicyChangeRecord | 'unheld'>; refused: Map<Pending, PolicyError> } {
    const replica = this.ctx.replica;
    const included: Pending[] = [];
    const replayed = new Map<Pending, PolicyChangeRecord | 'unheld'>();
    const refused = new Map<Pending, PolicyError>();
    // Counts leave out what has lapsed by now, not only what the last poll purged.
    replica.purgeRevocations();
    const added = new Map<string, [number, number, number]>();
    for (const p of group) {
      const earlier = p.draft.requestId ? replica.recordedAfter(p.draft.actor, p.draft.requestId, p.checkedAt) : undefined;
      if (earlier) {
        replayed.set(p, earlier);
        continue;
      }
      const refusal = this.refusal(p.draft, added);
      if (refusal) refused.set(p, refusal);
      else included.push(p);
    }
    return { included, replayed, refused };
  }

  private answer(refused: ReadonlyMap<Pending, PolicyError>, replayed: ReadonlyMap<Pending, PolicyChangeRecord | 'unheld'>): void {
    for (const [p, refusal] of refused) p.reject(refusal);
    for (const [p, earlier] of replayed) {
      if (earlier !== 'unheld') this.answerRetry(p, earlier);
      else void this.recheck(p);
    }
  }

  /**
   * Whether the draft's scope has room, counting what the replica keeps and what this group already
   * takes (`added`, by scope: session ids, subjects, organization-wide); takes its room if so.
   */
  private refusal(draft: Draft, added: Map<string, [number, number, number]>): PolicyError | undefined {
    const scope = draft.organizationId;
    const kept = this.ctx.replica.revocations.kept(scope);
    const group = added.get(scope) ?? [0, 0, 0];
    const refusal = revocationRefusal(
      { sessionIds: kept.sessionIds + group[0], subjects: kept.subjects + group[1], organizationWide: kept.organizationWide + group[2] },
      draft.target,
      scope === '',
      this.ctx.limits.maxRevocationsPerOrganization,
    );
    if (refusal) return limitReached(scope, refusal);
    group[draft.target.kind === 'SESSION' ? 0 : draft.target.kind === 'SUBJECT' ? 1 : 2] += 1;
    added.set(scope, group);
    return undefined;
  }

  private answerRetry(p: Pending, change: PolicyChangeRecord): void {
    try {
      p.resolve(replayedRevocation(change, p.draft.actor, p.draft.requestId ?? '', p.draft.organizationId));
    } catch (error) {
      p.reject(error);
    }
  }

  /** A candidate change no longer in memory: ask the log, then answer the retry or queue it again. */
  private async recheck(p: Pending): Promise<void> {
    try {
      const recorded = await this.ctx.replica.recordedChange(p.draft.actor, p.draft.requestId ?? '');
      if (recorded) this.answerRetry(p, recorded);
      else this.enqueue({ ...p, checkedAt: this.ctx.replica.revision });
    } catch (error) {
      p.reject(error);
    }
  }
}

const committers = new WeakMap<ServiceContext['replica'], GroupCommitter>();

function groupCommitter(ctx: ServiceContext): GroupCommitter {
  let committer = committers.get(ctx.replica);
  if (!committer) committers.set(ctx.replica, (committer = new GroupCommitter(ctx)));
  return committer;
}
