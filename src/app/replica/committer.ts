// The commit protocol: decide on the state at the log's head, append as head + 1; a lost slot means
// another writer committed first, so read up to the head and decide again; an append whose outcome
// is unknown (the store failed mid-call) is settled before anyone is answered; a retry with the same
// request id gets the change it made (AIP-155). It reads the log through the follower; the follower
// never knows about it.
import { randomUUID } from 'node:crypto';
import { sleep } from '../clock';
import { ErrorReason, PolicyError } from '../errors';
import type { PolicyChangeRecord, PolicyStore } from '../policy-store';
import { requestHash } from '../recent-requests';
import { inStoreSpan, noteEvent } from '../store-spans';
import type { Follower } from './follower';
import { draftChange, type ChangeDraft } from './projection';

export interface CommitCall {
  readonly actor: string;
  readonly requestId?: string;
  /** Aborted when the caller has gone: nothing is committed after that. */
  readonly signal?: AbortSignal;
  readonly deadlineMs?: number;
}

/** Attempts at a commit slot before answering ABORTED: each lost one means another writer committed. */
const COMMIT_ATTEMPTS = 8;

/** Whether `change` is what this actor's request id committed: the whole change, or one revocation of a group. */
export function isRequestOf(change: PolicyChangeRecord, actor: string, requestId: string): boolean {
  return (change.actor === actor && change.requestId === requestId) || change.revocations?.some((r) => r.actor === actor && r.requestId === requestId) === true;
}

export class Committer {
  private commits: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PolicyStore,
    private readonly follower: Follower,
  ) {}

  /**
   * Commits a change: decides it on the state at the log's head and appends it as head + 1. A lost slot
   * means another writer committed first; the decision is then taken again on the newer state (a
   * use case that holds an etag answers ABORTED from `decide`). Never commits once the caller has gone.
   */
  commit(call: CommitCall, decide: () => ChangeDraft): Promise<PolicyChangeRecord> {
    // One local commit at a time: they would only race each other for the same slot.
    const run = this.commits.then(() =>
      inStoreSpan('commit', async (span) => {
        const change = await this.commitNow(call, decide);
        span.setAttributes({ 'session_policy.revision': change.revision, 'session_policy.change.target': change.target });
        return change;
      }),
    );
    this.commits = run.catch(() => undefined);
    return run;
  }

  private async commitNow(call: CommitCall, decide: () => ChangeDraft): Promise<PolicyChangeRecord> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      this.requireCaller(call);
      const replayed = await this.replayed(call);
      if (replayed) return replayed;
      const outcome = await this.attempt(call, decide);
      if (outcome.committed) return outcome.committed;
      if (!outcome.lost) continue;
      noteEvent('commit slot taken by another writer', { 'session_policy.revision': outcome.lost.revision });
      // Another writer took the slot: read from it straight away (no head hint, no probe), so a
      // writer on a busy store gets back to the head as fast as it can.
      const mine = await this.readAfterLosing(outcome.lost, call);
      if (mine) return mine;
    }
    throw new PolicyError('ABORTED', ErrorReason.CONCURRENT_UPDATE, 'too many concurrent changes; nothing was changed, retry');
  }

  /**
   * One attempt: decide on the replica's state and append at its head + 1. Answers the committed
   * change, the change whose slot was taken, or neither when the decision must be taken again.
   */
  private async attempt(call: CommitCall, decide: () => ChangeDraft): Promise<{ readonly committed?: PolicyChangeRecord; readonly lost?: PolicyChangeRecord }> {
    const follower = this.follower;
    follower.freshness();
    if (follower.storeFailing) throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is unavailable; nothing was changed');
    const at = follower.revision;
    let draft: ChangeDraft;
    try {
      draft = decide();
    } catch (rejection) {
      // A refusal must hold at the log's head, not on a replica a few milliseconds behind it.
      await follower.catchUp();
      if (follower.storeFailing) throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is unavailable; nothing was changed');
      if (follower.revision !== at) return {};
      throw rejection;
    }
    const change = draftChange(follower.state, draft, {
      revision: at + 1,
      commitId: randomUUID(),
      actor: call.actor,
      time: new Date(follower.options.now()),
      ...(call.requestId ? { requestId: call.requestId } : {}),
    });
    let outcome: 'committed' | 'taken';
    try {
      outcome = await this.store.append(change, { ...(call.signal ? { signal: call.signal } : {}), ...(call.deadlineMs !== undefined ? { deadlineMs: call.deadlineMs } : {}) });
    } catch (error) {
      if (error instanceof PolicyError && error.details.outcome === 'not-applied') throw error;
      outcome = await this.settleUnknownOutcome(change, call, error);
    }
    if (outcome === 'taken') return { lost: change };
    follower.applyInOrder([change]);
    return { committed: this.committed(change) };
  }

  /** What every commit does once its entry is in the log. */
  private committed(change: PolicyChangeRecord): PolicyChangeRecord {
    void this.store.advanceHeadHint(change.revision).catch(() => undefined);
    if (change.revision % this.follower.options.snapshotEveryChanges === 0) this.follower.writeSnapshot();
    return change;
  }

  /**
   * Reads from the slot `change` lost up to the head. The slot may hold this very entry (a driver's
   * retry of an insert that had landed): then it is committed. If the store fails here, the slot's
   * owner is found out before answering, as after a failed append.
   */
  private async readAfterLosing(change: PolicyChangeRecord, call: CommitCall): Promise<PolicyChangeRecord | undefined> {
    try {
      await this.follower.readFrom(change.revision);
    } catch (error) {
      if ((await this.settleUnknownOutcome(change, call, error)) === 'taken') throw error;
      this.follower.applyInOrder([change]);
      return this.committed(change);
    }
    const there = await this.changeAt(change.revision);
    return there?.commitId === change.commitId ? this.committed(there) : undefined;
  }

  /**
   * The store failed during the append: the entry may or may not be in the log. Find out before
   * answering, by reading its slot (which then holds it or another) until the store answers or the
   * caller's deadline passes.
   */
  private async settleUnknownOutcome(change: PolicyChangeRecord, call: CommitCall, cause: unknown): Promise<'committed' | 'taken'> {
    for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
      const there = await this.store.readChange(change.revision).catch(() => null);
      if (there) return there.commitId === change.commitId ? 'committed' : 'taken';
      if (there === undefined) {
        // The store answers and the slot is free: our append did not land. Nothing is committed.
        throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store failed; nothing was changed, retry', { cause });
      }
      if (this.callerGone(call)) {
        throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.COMMIT_OUTCOME_UNKNOWN, 'the store failed mid-commit and could not be asked before the deadline; retry with the same request_id to learn the outcome', {
          cause,
          metadata: { revision: String(change.revision) },
        });
      }
      await sleep(this.follower.timers, wait);
    }
  }

  private requireCaller(call: CommitCall): void {
    if (this.callerGone(call)) {
      throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed; nothing was changed');
    }
  }

  private callerGone(call: CommitCall): boolean {
    return call.signal?.aborted === true || (call.deadlineMs !== undefined && this.follower.options.now() >= call.deadlineMs);
  }

  /** The log entry at `revision`: from memory while it is held there, else from the store. */
  async changeAt(revision: number): Promise<PolicyChangeRecord | undefined> {
    const held = this.follower.retained.at(revision, this.follower.revision);
    return held ?? this.store.readChange(revision);
  }

  /** The change a retry of the same request already committed (AIP-155), if any. */
  async replayed(call: Pick<CommitCall, 'actor' | 'requestId'>): Promise<PolicyChangeRecord | undefined> {
    const { actor, requestId } = call;
    if (!requestId) return undefined;
    // Ids are remembered by hash: the entry itself says whether it is this caller's request.
    for (const revision of this.follower.requests.candidates(requestHash(actor, requestId))) {
      const change = await this.changeAt(revision);
      if (!change) throw new Error(`change ${revision} of a recorded request is missing from the log`);
      if (isRequestOf(change, actor, requestId)) return change;
    }
    return undefined;
  }
}
