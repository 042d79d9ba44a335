// Group commit of revocations: while one log entry is being appended, the revocations that arrive
// queue up and go into the next entry together. One append costs about the same for one revocation
// or a few hundred, so throughput follows the store's append latency times the group size, not one
// append per call. A group commits through commitChange like any change, with its callers' signals
// and deadlines: a caller that has gone before its group commits is answered DEADLINE_EXCEEDED and
// left out, and a group whose callers have all gone commits nothing. Each revocation names its own
// actor and request id inside the entry.
import { revocationRefusal, type RevocationRefusal } from '../domain/revocation';
import { commitChange, type WriteCall } from './commit-change';
import { ErrorReason, PolicyError } from './errors';
import type { PolicyChangeRecord, StoredRevocation } from './policy-store';
import type { Replica } from './replica';
import { RequestConstraint } from './request-rules';

/** A revocation as a caller asks for it; revision, index and time come from the commit. */
export type RevocationDraft = Omit<StoredRevocation, 'revision' | 'index' | 'revokedAtMs'>;

interface Pending {
  readonly draft: RevocationDraft;
  readonly call: WriteCall;
  /** The replica's revision when the request id was last found not recorded (only ids newer than it are looked for again). */
  readonly checkedAt: number;
  readonly resolve: (revocation: StoredRevocation) => void;
  readonly reject: (error: unknown) => void;
}

/** Most revocations in one log entry: bounds the entry's size (about 150 bytes each). */
const MAX_GROUP = 256;

/** The entry's own actor when its revocations come from several callers (each names its own). */
export const SEVERAL_ACTORS = 'revocation-group';

/** Every revocation of a group was answered otherwise (a retry, a refusal, a caller gone): nothing to append. */
class NothingToCommit extends Error {}

/** How one decision sorted a group, on the replica's state at that moment. */
interface Sorted {
  readonly included: Pending[];
  readonly replayed: Map<Pending, PolicyChangeRecord | 'unheld'>;
  refused: Map<Pending, PolicyError>;
}

export class RevocationCommits {
  private readonly pending: Pending[] = [];
  private running = false;
  /** Requests with an id still on their way to the log: a concurrent retry waits for the same one. */
  private readonly inFlight = new Map<string, Promise<StoredRevocation>>();

  constructor(
    private readonly replica: Replica,
    private readonly options: {
      /** Kept session-id revocations a scope may hold, and as many subject ones. */
      readonly maxPerScope: number;
      readonly now: () => number;
    },
  ) {}

  /** Commits `draft` in the next group; answers the revocation as recorded (or as a retry finds it). */
  submit(draft: RevocationDraft, call: WriteCall): Promise<StoredRevocation> {
    const key = draft.requestId ? `${draft.actor}\u0000${draft.requestId}` : undefined;
    const same = key ? this.inFlight.get(key) : undefined;
    if (same) return same;
    const checkedAt = this.replica.revision;
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
        await this.commitGroup(this.pending.splice(0, MAX_GROUP));
      }
    } finally {
      this.running = false;
    }
  }

  /** Whether the caller still waits; one that has gone is answered now, and nothing is committed for it. */
  private waiting(p: Pending): boolean {
    const { signal, deadlineMs } = p.call;
    if (!signal?.aborted && (deadlineMs === undefined || this.options.now() < deadlineMs)) return true;
    p.reject(new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed; nothing was changed'));
    return false;
  }

  private async commitGroup(group: readonly Pending[]): Promise<void> {
    let sorted = this.sort(group);
    // Nothing to append (every caller gone, replayed or refused): answered as decided on the replica
    // as it is, with no store read. The log only ever adds revocations, so a scope that is full at
    // the replica's revision is full at the head too (purging goes by the clock alike); only an
    // application policy change that shortens retention, not yet polled, could have freed room a
    // little sooner. Room the other way, a revocation recorded, is only ever decided in the commit below.
    if (sorted.included.length === 0) {
      this.answer(sorted);
      return;
    }
    // Those the commit may still record for: what it decides again after a lost slot is among them.
    const candidates = [...sorted.included, ...sorted.refused.keys()];
    const call = groupCall(candidates);
    const actors = new Set(candidates.map((p) => p.draft.actor));
    const [actor = SEVERAL_ACTORS] = actors.size === 1 ? actors : [];
    try {
      const change = await commitChange({ replica: this.replica }, { actor }, call, { target: 'SESSION_REVOCATION' }, () => {
        // Taken on the state at the log's head, again after each lost slot: what is recorded fits the
        // cap because its entry is appended right after the state it was counted on (or the replica
        // catches up and decides again when nothing is appended).
        sorted = this.sort(group);
        if (sorted.included.length === 0) throw new NothingToCommit();
        return { target: 'SESSION_REVOCATION', revocations: sorted.included.map((p) => p.draft) };
      });
      sorted.included.forEach((p, i) => {
        const revocation = change.revocations?.[i];
        if (revocation) p.resolve(revocation);
        else p.reject(new Error(`change ${change.revision} holds no revocation ${i}`));
      });
    } catch (error) {
      if (!(error instanceof NothingToCommit)) {
        // Nothing was appended: every one not answered otherwise gets the failure.
        for (const p of sorted.included) p.reject(error);
        for (const p of sorted.refused.keys()) p.reject(error);
        sorted.refused = new Map();
      }
    } finally {
      call.release();
    }
    this.answer(sorted);
  }

  /**
   * Sorts a group on the replica's current state: callers gone (answered now), retries of recorded
   * requests, refusals at the cap, and what to record.
   */
  private sort(group: readonly Pending[]): Sorted {
    const sorted: Sorted = { included: [], replayed: new Map(), refused: new Map() };
    // Counts leave out what has lapsed by now, not only what the last poll purged.
    this.replica.purgeRevocations();
    const added = new Map<string, [number, number, number]>();
    for (const p of group) {
      const earlier = p.draft.requestId ? this.replica.recordedAfter(p.draft.actor, p.draft.requestId, p.checkedAt) : undefined;
      if (earlier) {
        sorted.replayed.set(p, earlier);
        continue;
      }
      if (!this.waiting(p)) continue;
      const refusal = this.refusal(p.draft, added);
      if (refusal) sorted.refused.set(p, refusal);
      else sorted.included.push(p);
    }
    return sorted;
  }

  private answer({ refused, replayed }: Sorted): void {
    for (const [p, refusal] of refused) p.reject(refusal);
    for (const [p, earlier] of replayed) {
      if (earlier !== 'unheld') answerRetry(p, earlier);
      else void this.recheck(p);
    }
  }

  /**
   * Whether the draft's scope has room, counting what the replica keeps and what this group already
   * takes (`added`, by scope: session ids, subjects, organization-wide); takes its room if so.
   */
  private refusal(draft: RevocationDraft, added: Map<string, [number, number, number]>): PolicyError | undefined {
    const scope = draft.organizationId;
    const kept = this.replica.revocations.kept(scope);
    const group = added.get(scope) ?? [0, 0, 0];
    const refusal = revocationRefusal(
      { sessionIds: kept.sessionIds + group[0], subjects: kept.subjects + group[1], organizationWide: kept.organizationWide + group[2] },
      draft.target,
      scope === '',
      this.options.maxPerScope,
    );
    if (refusal) return limitReached(scope, refusal);
    group[draft.target.kind === 'SESSION' ? 0 : draft.target.kind === 'SUBJECT' ? 1 : 2] += 1;
    added.set(scope, group);
    return undefined;
  }

  /** A candidate change no longer in memory: ask the log, then answer the retry or queue it again. */
  private async recheck(p: Pending): Promise<void> {
    try {
      const recorded = await this.replica.recordedChange(p.draft.actor, p.draft.requestId ?? '');
      if (recorded) answerRetry(p, recorded);
      else this.enqueue({ ...p, checkedAt: this.replica.revision });
    } catch (error) {
      p.reject(error);
    }
  }
}

/**
 * The call a group commits with: gone only once every caller in it has gone (its signal aborts when
 * the last one's does; its deadline is the latest), so one caller leaving never costs the others
 * their commit, and a group nobody waits for any more is not appended. `release` detaches it from
 * the callers' signals.
 */
function groupCall(group: readonly Pending[]): WriteCall & { release(): void } {
  const deadlines = group.map((p) => p.call.deadlineMs);
  const deadlineMs = deadlines.every((d) => d !== undefined) ? Math.max(...(deadlines as number[])) : undefined;
  const signals = group.map((p) => p.call.signal);
  if (!signals.every((s) => s !== undefined)) return { ...(deadlineMs !== undefined ? { deadlineMs } : {}), release: () => undefined };
  const all = new AbortController();
  let waiting = signals.length;
  const gone = (): void => {
    waiting -= 1;
    if (waiting === 0) all.abort();
  };
  for (const signal of signals as AbortSignal[]) {
    if (signal.aborted) gone();
    else signal.addEventListener('abort', gone, { once: true });
  }
  return {
    signal: all.signal,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    release: () => {
      for (const signal of signals as AbortSignal[]) signal.removeEventListener('abort', gone);
    },
  };
}

function answerRetry(p: Pending, change: PolicyChangeRecord): void {
  try {
    p.resolve(replayedRevocation(change, p.draft.actor, p.draft.requestId ?? '', p.draft.organizationId));
  } catch (error) {
    p.reject(error);
  }
}

/** What a retry of a recorded request id gets: its revocation, or REQUEST_ID_REUSED if the id named another. */
export function replayedRevocation(change: PolicyChangeRecord, actor: string, requestId: string, organizationId: string): StoredRevocation {
  // Like every change: a retry names the same target and organization, else the id was reused.
  const mine = change.revocations?.find((r) => r.actor === actor && r.requestId === requestId);
  if (mine && mine.organizationId === organizationId) return mine;
  throw new PolicyError('INVALID_ARGUMENT', ErrorReason.REQUEST_ID_REUSED, 'request_id was already used for a different change', {
    violations: [{ field: 'request_id', constraint: RequestConstraint.REQUEST_ID_REUSED, description: 'already used for a different change; use a fresh id per change' }],
    metadata: { revision: String(change.revision) },
  });
}

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
