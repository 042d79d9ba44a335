// Following the change log: load the newest snapshot that verifies and every change after it, then
// poll the head and apply each new entry through the projection. It also keeps what the entries
// teach besides state: request ids (AIP-155 retries), history chain links, the newest changes (Watch
// resumes), and the freshness of all of it. Writes nothing but snapshots. Modelled on flagd's
// in-process provider and eventstore projections: a snapshot, then an ordered stream of changes, an
// explicit stale state when the stream is lost.
import { ErrorReason, PolicyError } from '../errors';
import { realTimers, type Timers } from '../clock';
import { HistoryLinks } from '../history-links';
import type { PolicyChangeRecord, PolicyStore, StateSnapshot } from '../policy-store';
import { RecentRequests, requestHash } from '../recent-requests';
import { RevocationSet } from '../revocation-set';
import { inStoreSpan, linkToActive } from '../store-spans';
import type { ReplicaOptions } from './options';
import { applyChange, emptyState, type ProjectedState } from './projection';
import { RetainedChanges } from './retained-changes';

export type ChangeListener = (change: PolicyChangeRecord) => void;

/**
 * How often a follower looks one revision past the head hint, in case a writer died before moving it
 * or a racing writer set it back (FerretDB updates are not atomic); the next commit anywhere moves it
 * too. Once a second keeps such an entry within the 1 s propagation target, for one segment scan on
 * FerretDB (an index lookup on MongoDB).
 */
const PROBE_EVERY_MS = 1000;
/** Revisions a probe reads at once after finding entries past the hint, and how many such reads at most. */
const LOOK_AHEAD = 16;
const PROBE_WINDOWS = 8;
/**
 * Entries read at once when reading up to the head (after losing a commit slot): one range read (by
 * the `_id` index on MongoDB; one scan of the segment on FerretDB, which costs the same as one read by
 * `_id`). Reading a few at a time, a writer behind a busier instance fell further back with every read.
 */
const CATCH_UP_WINDOW = 1024;

export class Follower {
  /** The projected state; its revocations are the kept ones. */
  state: ProjectedState;
  revocationSet = new RevocationSet();
  requests = new RecentRequests();
  /** Every history chain link this instance has applied or read (ListPolicyChanges plans its reads by them). */
  readonly history = new HistoryLinks();
  readonly retained: RetainedChanges;
  private readonly listeners = new Set<ChangeListener>();
  private loadedFlag = false;
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  private failing = false;
  private polling: Promise<void> | undefined;
  private cancelPoll: (() => void) | undefined;
  private stopped = false;
  private snapshotting: Promise<void> | undefined;
  readonly timers: Timers;

  constructor(
    private readonly store: PolicyStore,
    readonly options: ReplicaOptions,
  ) {
    this.state = emptyState(this.revocationSet);
    this.retained = new RetainedChanges(options.retainedChanges);
    this.timers = options.timers ?? realTimers;
  }

  get revision(): number {
    return this.state.revision;
  }

  get loaded(): boolean {
    return this.loadedFlag;
  }

  /** True while the store answers the polls. */
  get healthy(): boolean {
    return this.loadedFlag && !this.failing;
  }

  /** The last poll failed: a commit meets a failing store, and says so. */
  get storeFailing(): boolean {
    return this.failing;
  }

  /** True while answers can be served (stale-marked or not): loaded, and confirmed within the maximum stale age. */
  get readable(): boolean {
    return this.loadedFlag && this.options.now() - this.confirmedAt <= this.options.maxStaleMs;
  }

  /**
   * True while answers are not marked stale: loaded, the last poll did not fail, and the store
   * confirmed the replica within STALE_AFTER. A store that hangs turns this false after STALE_AFTER,
   * when answers turn stale, not when the driver finally gives up.
   */
  get fresh(): boolean {
    return this.healthy && this.options.now() - this.confirmedAt <= this.options.staleAfterMs;
  }

  /** Milliseconds since the store last confirmed the replica; -1 before the first load. */
  get unconfirmedForMs(): number {
    return Number.isFinite(this.confirmedAt) ? Math.max(0, this.options.now() - this.confirmedAt) : -1;
  }

  /** Throws UNAVAILABLE when the replica is not loaded or has been unconfirmed for too long. */
  freshness(): { readonly stale: boolean } {
    if (!this.loadedFlag) {
      throw new PolicyError('UNAVAILABLE', ErrorReason.NOT_READY, 'the policy replica is still loading; retry shortly');
    }
    const age = this.options.now() - this.confirmedAt;
    if (age > this.options.maxStaleMs) {
      throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store has been unreachable for too long; no policy is served', {
        metadata: { unconfirmedForMs: String(Math.round(age)) },
      });
    }
    return { stale: age > this.options.staleAfterMs };
  }

  /**
   * Loads the newest snapshot that verifies and every change after it (one scan), then follows the
   * log. A snapshot that fails is reported and skipped for the one before it, or for the whole log
   * (never pruned), and a fresh one is written once loaded: nothing unverified is ever served.
   */
  async start(): Promise<void> {
    let base: number | undefined;
    let rejected = false;
    for (const candidate of await this.store.listSnapshots()) {
      try {
        this.ingest(await candidate.load());
        base = candidate.revision;
        break;
      } catch (error) {
        if (error instanceof PolicyError && error.reason === ErrorReason.STORE_UNAVAILABLE) throw error;
        this.forget();
        rejected = true;
        this.options.onSnapshotRejected?.(candidate, error);
        if (candidate.required) throw new Error(`snapshot ${candidate.id} holds records the log does not, and it failed to load; refusing to start without it`, { cause: error });
      }
    }
    await this.catchUp();
    this.purgeRevocations();
    this.loadedFlag = true;
    // A snapshot failed, or a writer died: do not let the log tail grow without bound.
    if (rejected || this.revision - (base ?? 0) >= 2 * this.options.snapshotEveryChanges) this.writeSnapshot();
    this.schedule();
  }

  private ingest(snapshot: StateSnapshot): void {
    this.state.application = snapshot.application;
    for (const org of snapshot.organizations) this.state.organizations.set(org.organizationId, org);
    for (const { organizationId, stored } of snapshot.ruleSets) this.state.ruleSets.set(organizationId, stored);
    for (const request of snapshot.recentRequests) this.requests.record(request.hash, request.revision, request.timeMs);
    for (const revocation of snapshot.revocations ?? []) this.revocationSet.add(revocation);
    this.state.revision = snapshot.revision;
  }

  /** Back to the empty state, after part of a snapshot that then failed was taken in. */
  private forget(): void {
    this.revocationSet = new RevocationSet();
    this.state = emptyState(this.revocationSet);
    this.requests = new RecentRequests();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPoll?.();
    await this.polling;
    await this.snapshotting;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads every change committed so far now, without waiting for the next poll: the head hint, then on
   * to the first missing revision. The hint may lag far behind a busy writer's head (its updates are
   * fire-and-forget and not atomic on FerretDB), further than a poll's bounded probe reaches; an
   * instance starting, a refusal and a Watch resume must see the true head.
   */
  async catchUp(): Promise<void> {
    return inStoreSpan('catch-up', async (span) => {
      const from = this.revision;
      while (this.polling) await this.polling;
      this.polling = this.poll(true).finally(() => (this.polling = undefined));
      await this.polling;
      span.setAttributes({ 'session_policy.revision': this.revision, 'session_policy.changes_read': this.revision - from });
    });
  }

  /** Applies the entries from `revision` on, many at a time, until one is missing: the head as of now. */
  async readFrom(revision: number): Promise<void> {
    try {
      for (let from = Math.max(revision, this.revision + 1); ; from = this.revision + 1) {
        const changes = await this.store.readChanges(from, from + CATCH_UP_WINDOW - 1);
        this.applyInOrder(changes);
        if (changes.length < CATCH_UP_WINDOW) return;
      }
    } catch (error) {
      if (error instanceof PolicyError && error.status === 'UNAVAILABLE') {
        throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is unavailable; nothing was changed', { cause: error });
      }
      throw error;
    }
  }

  /** Drops revocations no session can still need, under the current application policy. */
  purgeRevocations(): number {
    return this.revocationSet.purge(this.options.now(), (this.state.application?.policy ?? this.options.applicationDefaults).absoluteMinutes, this.options.revocationSkewMs ?? 0);
  }

  /** Forgets request ids older than REQUEST_ID_RETENTION_MS. */
  private purgeRequests(): void {
    this.requests.purge(this.options.now() - this.options.requestIdRetentionMs);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancelPoll = this.timers.after(this.options.pollIntervalMs, () => {
      this.polling ??= this.poll(false).finally(() => (this.polling = undefined));
      void this.polling.finally(() => this.schedule());
    });
  }

  /**
   * One poll: the head hint (one read of one small document); log entries only when it moved. Now and
   * then a probe reads the revision after the newest one seen, in case a writer died between its
   * insert and moving the hint; a regular poll never chases a busy head entry by entry (the next one
   * goes on from where this one stopped). `toHead` (catchUp) reads on past the hint to the first
   * missing revision instead of probing.
   */
  private async poll(toHead: boolean): Promise<void> {
    try {
      const { revisionHint: hint } = await this.store.readHead();
      if (hint > this.revision) this.applyInOrder(await this.store.readChanges(this.revision + 1, hint));
      const now = this.options.now();
      if (toHead) {
        this.lastProbeAt = now;
        await this.readFrom(this.revision + 1);
      } else if (now - this.lastProbeAt >= PROBE_EVERY_MS) {
        this.lastProbeAt = now;
        for (let windows = 0; windows < PROBE_WINDOWS; windows++) {
          const from = this.revision + 1;
          // One entry first (the usual answer is none); a window once entries turn up past the hint.
          const changes = await this.store.readChanges(from, windows === 0 ? from : from + LOOK_AHEAD - 1);
          this.applyInOrder(changes);
          if (changes.length === 0 || this.revision < from + (windows === 0 ? 0 : LOOK_AHEAD - 1)) break;
        }
      }
      this.confirmedAt = this.options.now();
      this.purgeRevocations();
      this.purgeRequests();
      if (this.failing) {
        this.failing = false;
        this.options.onRecovery?.();
      }
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.options.onOutage?.(error);
      }
    }
  }

  /** Applies entries in log order (ones already applied are skipped), then tells the listeners. */
  applyInOrder(changes: readonly PolicyChangeRecord[]): void {
    for (const change of changes) {
      if (change.revision <= this.revision) continue;
      applyChange(this.state, change);
      for (const revocation of change.revocations ?? []) {
        // Each revocation of a group answers its own caller's retry (AIP-155).
        if (revocation.requestId) this.requests.record(requestHash(revocation.actor, revocation.requestId), change.revision, change.time.getTime());
      }
      if (change.requestId) this.requests.record(requestHash(change.actor, change.requestId), change.revision, change.time.getTime());
      this.learnHistory(change);
      this.retained.push(change);
      for (const listener of this.listeners) listener(change);
    }
  }

  /** Keeps an entry's history chain link (applied, or read from the store: an entry never changes once written). */
  learnHistory(change: PolicyChangeRecord): void {
    // Revocations are on no chain (previousRevision 0, nothing points at them).
    if (change.target !== 'SESSION_REVOCATION') this.history.link(change.revision, change.previousRevision);
  }

  /** Writes a snapshot of the state right now, in the background; one at a time. */
  writeSnapshot(): void {
    if (this.snapshotting) return;
    this.purgeRequests();
    const snapshot = {
      revision: this.revision,
      application: this.state.application,
      organizations: [...this.state.organizations.values()],
      ruleSets: [...this.state.ruleSets].map(([organizationId, stored]) => ({ organizationId, stored })),
      recentRequests: this.requests.all(),
      revocations: (this.purgeRevocations(), this.revocationSet.all()),
    };
    // Its own trace, linked to the commit that started it: it outlives that call, and is not part of its latency.
    this.snapshotting = inStoreSpan(
      'snapshot',
      async (span) => {
        span.setAttributes({ 'session_policy.revision': snapshot.revision, 'session_policy.organizations': snapshot.organizations.length });
        await this.store.writeSnapshot(snapshot);
      },
      { root: true, links: linkToActive() },
    )
      .catch((error: unknown) => this.options.onSnapshotError?.(error))
      .finally(() => (this.snapshotting = undefined));
  }
}
