// The complete replica every instance holds: the newest snapshot plus every change after it, followed
// from the change log. Requests read only this; a write is one append at `revision + 1` of the log.
// Modelled on flagd's in-process provider and eventstore projections: a snapshot, then an ordered
// stream of changes, an explicit stale state when the stream is lost.
import { randomUUID } from 'node:crypto';
import type { ApplicationPolicy } from '../domain/policy';
import { EMPTY_RULE_SET } from '../domain/session-rules';
import { ErrorReason, PolicyError } from './errors';
import { RecentRequests, requestHash } from './recent-requests';
import {
  unwrittenOrganization,
  type PolicyChangeRecord,
  type PolicyStore,
  type SnapshotCandidate,
  type StateSnapshot,
  type StoredApplicationPolicy,
  type StoredOrganization,
  type StoredRuleSet,
  type StoredRevocation,
  type TurnRequest,
} from './policy-store';
import { HistoryLinks } from './history-links';
import { inStoreSpan, linkToActive, noteEvent } from './store-spans';
import { RevocationSet } from './revocation-set';
import { revocationExpiresAtMs, type RevokedSession } from '../domain/revocation';

export interface ReplicaOptions {
  readonly applicationDefaults: ApplicationPolicy;
  /** How often the log's head is polled. */
  readonly pollIntervalMs: number;
  /** After this long without the store confirming the replica, answers are marked stale. */
  readonly staleAfterMs: number;
  /** After this long, answers are refused with UNAVAILABLE rather than served stale. */
  readonly maxStaleMs: number;
  /** A snapshot is written at every revision that is a multiple of this (by the instance that made it). */
  readonly snapshotEveryChanges: number;
  /** How long a request id is remembered for retries (AIP-155). */
  readonly requestIdRetentionMs: number;
  /** Changes kept in memory for Watch resumes; an older resume point must take a snapshot. */
  readonly retainedChanges: number;
  readonly now: () => number;
  readonly onOutage?: (error: unknown) => void;
  readonly onRecovery?: () => void;
  readonly onSnapshotError?: (error: unknown) => void;
  /** A snapshot that did not load (failed verification or decoding): the one before it is tried. */
  readonly onSnapshotRejected?: (snapshot: SnapshotCandidate, error: unknown) => void;
  /** Clock skew added to a revocation's retention (revoked_at + application absolute timeout + skew). */
  readonly revocationSkewMs?: number;
}

/** What a use case decides a commit should change, computed on the state at the log's head. */
export type ChangeDraft =
  | { readonly target: 'APPLICATION_POLICY'; readonly application: Omit<StoredApplicationPolicy, 'lastChangeRevision'> }
  | { readonly target: 'ORGANIZATION_POLICY' | 'ORGANIZATION_SETTINGS'; readonly organization: Omit<StoredOrganization, 'lastChangeRevision'> }
  /** organizationId '' is the application scope. */
  | { readonly target: 'SESSION_RULES'; readonly organizationId: string; readonly rules: Omit<StoredRuleSet, 'lastChangeRevision'> }
  /** Revocations committed together (group commit); revision, index and time come from the commit. */
  | { readonly target: 'SESSION_REVOCATION'; readonly revocations: readonly Omit<StoredRevocation, 'revision' | 'index' | 'revokedAtMs'>[] };

export interface CommitCall {
  readonly actor: string;
  readonly requestId?: string;
  /** Aborted when the caller has gone: nothing is committed after that. */
  readonly signal?: AbortSignal;
  readonly deadlineMs?: number;
}

export type ChangeListener = (change: PolicyChangeRecord) => void;

/** Attempts at a commit slot before answering ABORTED: each lost one means another writer committed. */
const COMMIT_ATTEMPTS = 8;
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
 * Entries a writer that lost its slot reads at once: one range read up to the head (by the `_id`
 * index on MongoDB; one scan of the segment on FerretDB, which costs the same as one read by `_id`).
 * Reading a few at a time, a writer behind a busier instance fell further back with every read.
 */
const CATCH_UP_WINDOW = 1024;
/**
 * Turns. On FerretDB a writer that lost its slot reads what it missed with a segment scan that takes
 * hundreds of milliseconds under load, while an instance that keeps winning commits dozens more
 * meanwhile: the quieter instance lost every race until its callers gave up. So after this many lost
 * slots in one commit a writer asks for a turn (one small document by the head hint), and asks afresh
 * after each further loss; every other instance holds its commits back until the request is
 * withdrawn, at most TURN_HOLD_MS from first seeing each ask (a writer that died never withdraws).
 */
const LOSSES_BEFORE_ASKING = 2;
const TURN_HOLD_MS = 1500;
/** While holding back, how often the head document is read again to see the turn taken. */
const TURN_CHECK_MS = 25;
/** A turn request seen for this long belongs to a writer that died: it is deleted. */
const TURN_ABANDONED_MS = 10 * TURN_HOLD_MS;

export class Replica {
  private application: StoredApplicationPolicy | undefined;
  private readonly organizations = new Map<string, StoredOrganization>();
  /** Rule sets by scope: '' is the application, else an organization id. */
  private readonly ruleSets = new Map<string, StoredRuleSet>();
  private requests = new RecentRequests();
  private readonly retained: PolicyChangeRecord[] = [];
  /** What `retained` holds, a change of k revocations counting k: group commits can hold 256 each. */
  private retainedWeight = 0;
  private readonly listeners = new Set<ChangeListener>();
  private appliedRevision = 0;
  private loadedFlag = false;
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  private failing = false;
  private polling: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private commits: Promise<unknown> = Promise.resolve();
  private snapshotting: Promise<void> | undefined;
  private revocationSet = new RevocationSet();
  /** Every history chain link this instance has applied or read (ListPolicyChanges plans its reads by them). */
  private readonly history = new HistoryLinks();
  /** This instance as a writer, in turn requests. */
  private readonly writer = randomUUID();
  /** Other writers' turn requests, by ask, with when this instance first saw each (monotonic ms). */
  private turnRequests = new Map<string, { readonly turn: TurnRequest; readonly seenAt: number }>();

  constructor(
    private readonly store: PolicyStore,
    private readonly options: ReplicaOptions,
  ) {}

  get revision(): number {
    return this.appliedRevision;
  }

  get loaded(): boolean {
    return this.loadedFlag;
  }

  get size(): number {
    return this.organizations.size;
  }

  /** True while answers can be served (stale-marked or not): loaded, and confirmed within the maximum stale age. */
  get readable(): boolean {
    return this.loadedFlag && this.options.now() - this.confirmedAt <= this.options.maxStaleMs;
  }

  /** True while the store answers the replica's polls. */
  get healthy(): boolean {
    return this.loadedFlag && !this.failing;
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
    if (rejected || this.appliedRevision - (base ?? 0) >= 2 * this.options.snapshotEveryChanges) this.writeSnapshot();
    this.schedule();
  }

  private ingest(snapshot: StateSnapshot): void {
    this.application = snapshot.application;
    for (const org of snapshot.organizations) this.organizations.set(org.organizationId, org);
    for (const { organizationId, stored } of snapshot.ruleSets) this.ruleSets.set(organizationId, stored);
    for (const request of snapshot.recentRequests) this.requests.record(request.hash, request.revision, request.timeMs);
    for (const revocation of snapshot.revocations ?? []) this.revocationSet.add(revocation);
    this.appliedRevision = snapshot.revision;
  }

  /** Back to the empty state, after part of a snapshot that then failed was taken in. */
  private forget(): void {
    this.application = undefined;
    this.organizations.clear();
    this.ruleSets.clear();
    this.requests = new RecentRequests();
    this.revocationSet = new RevocationSet();
    this.appliedRevision = 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await this.snapshotting;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads every change committed so far now (probing past the head hint), without waiting for the next poll. */
  async catchUp(): Promise<void> {
    return inStoreSpan('catch-up', async (span) => {
      const from = this.appliedRevision;
      while (this.polling) await this.polling;
      this.polling = this.poll(true).finally(() => (this.polling = undefined));
      await this.polling;
      span.setAttributes({ 'session_policy.revision': this.appliedRevision, 'session_policy.changes_read': this.appliedRevision - from });
    });
  }

  /** Applies the entries from `revision` on, a few at a time, until one is missing: the head as of now. */
  private async readFrom(revision: number): Promise<void> {
    try {
      for (let from = Math.max(revision, this.appliedRevision + 1); ; from = this.appliedRevision + 1) {
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

  get defaultApplicationPolicy(): ApplicationPolicy {
    return this.options.applicationDefaults;
  }

  applicationPolicy(): StoredApplicationPolicy {
    return this.application ?? { policy: this.options.applicationDefaults, version: 0, lastChangeRevision: 0 };
  }

  /** An organization absent from the replica has no stored record: that answer is authoritative. */
  organization(organizationId: string): StoredOrganization {
    return this.organizations.get(organizationId) ?? unwrittenOrganization(organizationId);
  }

  /** The rule set of a scope ('' is the application); never written reads as an empty set. */
  ruleSet(organizationId: string): StoredRuleSet {
    return this.ruleSets.get(organizationId) ?? { ruleSet: EMPTY_RULE_SET, version: 0, lastChangeRevision: 0 };
  }

  /**
   * The newest change concerning a scope ('' is the application), whatever its target: the head of that
   * scope's history chain.
   */
  historyHead(organizationId: string): number {
    const record = organizationId === '' ? this.application?.lastChangeRevision : this.organizations.get(organizationId)?.lastChangeRevision;
    return Math.max(record ?? 0, this.ruleSets.get(organizationId)?.lastChangeRevision ?? 0);
  }

  /** Every organization with a stored record. */
  allOrganizations(): IterableIterator<StoredOrganization> {
    return this.organizations.values();
  }

  /** The kept session revocations (DESIGN §2.7); expired ones are purged on every poll and snapshot. */
  get revocations(): RevocationSet {
    return this.revocationSet;
  }

  /**
   * The kept revocation covering this session, if any: a session-id revocation reaches sessions that
   * started up to the same clock skew past its revoke time that its retention allows for.
   */
  revocationCovering(session: RevokedSession): StoredRevocation | undefined {
    return this.revocationSet.covering(session, this.options.revocationSkewMs ?? 0);
  }

  /** When a kept revocation stops being kept, under the current application policy. */
  revocationExpiresAt(revocation: StoredRevocation): number {
    return revocationExpiresAtMs(revocation.revokedAtMs, this.applicationPolicy().policy.absoluteMinutes, this.options.revocationSkewMs ?? 0);
  }

  /** Drops revocations no session can still need, under the current application policy. */
  purgeRevocations(): number {
    return this.revocationSet.purge(this.options.now(), this.applicationPolicy().policy.absoluteMinutes, this.options.revocationSkewMs ?? 0);
  }

  /** Forgets request ids older than REQUEST_ID_RETENTION_MS. */
  private purgeRequests(): void {
    this.requests.purge(this.options.now() - this.options.requestIdRetentionMs);
  }

  /** Changes after `revision` still held in memory, or undefined when some of them are no longer held. */
  changesSince(revision: number): PolicyChangeRecord[] | undefined {
    if (revision >= this.appliedRevision) return [];
    const first = this.retained[0];
    if (!first || first.revision > revision + 1) return undefined;
    return this.retained.slice(revision + 1 - first.revision);
  }

  /** A log entry still held in memory (one of the last WATCH_RESUME_CHANGES), if it is. */
  heldChange(revision: number): PolicyChangeRecord | undefined {
    const first = this.retained[0];
    if (!first || revision < first.revision || revision > this.appliedRevision) return undefined;
    return this.retained[revision - first.revision];
  }

  /**
   * The change before `revision` on its history chain (0: it is the chain's first), or undefined when
   * this instance has neither applied nor read that entry (it is older than the snapshot it loaded).
   */
  previousInHistory(revision: number): number | undefined {
    return this.history.previous(revision);
  }

  /** Keeps the chain links of entries read from the store: an entry never changes once written. */
  learnHistory(changes: Iterable<PolicyChangeRecord>): void {
    for (const change of changes) if (change.target !== 'SESSION_REVOCATION') this.history.link(change.revision, change.previousRevision);
  }

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
    let turn: TurnRequest | undefined;
    try {
      for (let attempt = 0, losses = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
        this.requireCaller(call);
        const replayed = await this.replayed(call);
        if (replayed) return replayed;
        if (!turn) await this.giveWay(call);
        const outcome = await this.attempt(call, decide);
        if (outcome.committed) return outcome.committed;
        if (!outcome.lost) continue;
        noteEvent('commit slot taken by another writer', { 'session_policy.revision': outcome.lost.revision });
        // Asked again (a fresh ask) after every further loss: the others wait at most TURN_HOLD_MS for
        // one ask, and a writer that still lost is plainly alive.
        if (++losses >= LOSSES_BEFORE_ASKING) turn = (await this.askForTurn()) ?? turn;
        // Another writer took the slot: read from it straight away (no head hint, no probe), so a
        // writer on a busy store gets back to the head as fast as it can.
        const mine = await this.readAfterLosing(outcome.lost, call);
        if (mine) return mine;
      }
    } finally {
      if (turn) void this.store.withdrawTurn(turn).catch(() => undefined);
    }
    throw new PolicyError('ABORTED', ErrorReason.CONCURRENT_UPDATE, 'too many concurrent changes; nothing was changed, retry');
  }

  /**
   * One attempt: decide on the replica's state and append at its head + 1. Answers the committed
   * change, the change whose slot was taken, or neither when the decision must be taken again.
   */
  private async attempt(call: CommitCall, decide: () => ChangeDraft): Promise<{ readonly committed?: PolicyChangeRecord; readonly lost?: PolicyChangeRecord }> {
    this.freshness();
    if (this.failing) throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is unavailable; nothing was changed');
    const at = this.appliedRevision;
    let draft: ChangeDraft;
    try {
      draft = decide();
    } catch (rejection) {
      // A refusal must hold at the log's head, not on a replica a few milliseconds behind it.
      await this.catchUp();
      if (this.failing) throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is unavailable; nothing was changed');
      if (this.appliedRevision !== at) return {};
      throw rejection;
    }
    const change = this.draft(call, draft);
    let outcome: 'committed' | 'taken';
    try {
      outcome = await this.store.append(change);
    } catch (error) {
      if (error instanceof PolicyError && error.details.outcome === 'not-applied') throw error;
      outcome = await this.settleUnknownOutcome(change, call, error);
    }
    if (outcome === 'taken') return { lost: change };
    this.applyInOrder([change]);
    return { committed: this.committed(change) };
  }

  /** What every commit does once its entry is in the log. */
  private committed(change: PolicyChangeRecord): PolicyChangeRecord {
    void this.store.advanceHeadHint(change.revision).catch(() => undefined);
    if (change.revision % this.options.snapshotEveryChanges === 0) this.writeSnapshot();
    return change;
  }

  /**
   * Reads from the slot `change` lost up to the head. The slot may hold this very entry (a driver's
   * retry of an insert that had landed): then it is committed. If the store fails here, the slot's
   * owner is found out before answering, as after a failed append.
   */
  private async readAfterLosing(change: PolicyChangeRecord, call: CommitCall): Promise<PolicyChangeRecord | undefined> {
    try {
      await this.readFrom(change.revision);
    } catch (error) {
      if ((await this.settleUnknownOutcome(change, call, error)) === 'taken') throw error;
      this.applyInOrder([change]);
      return this.committed(change);
    }
    const there = await this.changeAt(change.revision);
    return there?.commitId === change.commitId ? this.committed(there) : undefined;
  }

  /** Holds this instance's commit back while another writer has asked for a turn (at most TURN_HOLD_MS each). */
  private async giveWay(call: CommitCall): Promise<void> {
    while (this.owesTurn()) {
      this.requireCaller(call);
      await new Promise((resolve) => setTimeout(resolve, TURN_CHECK_MS));
      try {
        this.noteTurnRequests((await this.store.readHead()).turnRequests);
      } catch {
        return; // the attempt itself meets the failing store and answers for it
      }
    }
  }

  private owesTurn(): boolean {
    const now = performance.now();
    for (const { seenAt } of this.turnRequests.values()) if (now - seenAt < TURN_HOLD_MS) return true;
    return false;
  }

  private noteTurnRequests(requests: readonly TurnRequest[]): void {
    const now = performance.now();
    const seen = new Map<string, { readonly turn: TurnRequest; readonly seenAt: number }>();
    for (const turn of requests) {
      if (turn.writer === this.writer) continue;
      const seenAt = this.turnRequests.get(turn.ask)?.seenAt ?? now;
      if (now - seenAt > TURN_ABANDONED_MS) void this.store.withdrawTurn(turn).catch(() => undefined);
      else seen.set(turn.ask, { turn, seenAt });
    }
    this.turnRequests = seen;
  }

  /** Asks the others to hold back (replacing this writer's earlier ask); one that cannot be stored only means no turn. */
  private async askForTurn(): Promise<TurnRequest | undefined> {
    const turn = { writer: this.writer, ask: randomUUID() };
    return this.store.requestTurn(turn).then(
      () => turn,
      () => undefined,
    );
  }

  /**
   * The store failed during the append: the entry may or may not be in the log. Find out before
   * answering, by writing the same entry again (its slot then holds it or another) until the store
   * answers or the caller's deadline passes.
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
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private draft(call: CommitCall, draft: ChangeDraft): PolicyChangeRecord {
    const revision = this.appliedRevision + 1;
    const base = {
      revision,
      commitId: randomUUID(),
      actor: call.actor,
      time: new Date(this.options.now()),
      ...(call.requestId ? { requestId: call.requestId } : {}),
    };
    if (draft.target === 'SESSION_REVOCATION') {
      const organizationId = draft.revocations[0]?.organizationId ?? '';
      const oneOrganization = organizationId !== '' && draft.revocations.every((r) => r.organizationId === organizationId);
      return {
        ...base,
        target: draft.target,
        ...(oneOrganization ? { organizationId } : {}),
        previousRevision: 0,
        revocations: draft.revocations.map((r, index) => ({ ...r, revision, index, revokedAtMs: base.time.getTime() })),
      };
    }
    if (draft.target === 'APPLICATION_POLICY') {
      const before = this.application;
      return {
        ...base,
        target: draft.target,
        previousRevision: this.historyHead(''),
        application: { ...(before ? { before } : {}), after: { ...draft.application, lastChangeRevision: revision } },
      };
    }
    if (draft.target === 'SESSION_RULES') {
      const id = draft.organizationId;
      const before = this.ruleSets.get(id);
      return {
        ...base,
        target: draft.target,
        ...(id !== '' ? { organizationId: id } : {}),
        previousRevision: this.historyHead(id),
        rules: { ...(before ? { before } : {}), after: { ...draft.rules, lastChangeRevision: revision } },
      };
    }
    const id = draft.organization.organizationId;
    const before = this.organizations.get(id);
    return {
      ...base,
      target: draft.target,
      organizationId: id,
      previousRevision: this.historyHead(id),
      organization: { ...(before ? { before } : {}), after: { ...draft.organization, lastChangeRevision: revision } },
    };
  }

  private requireCaller(call: CommitCall): void {
    if (this.callerGone(call)) {
      throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed; nothing was changed');
    }
  }

  private callerGone(call: CommitCall): boolean {
    return call.signal?.aborted === true || (call.deadlineMs !== undefined && this.options.now() >= call.deadlineMs);
  }

  /** The log entry at `revision`: from memory while it is held there, else from the store. */
  private async changeAt(revision: number): Promise<PolicyChangeRecord | undefined> {
    const held = this.changesSince(revision - 1)?.[0];
    return held?.revision === revision ? held : this.store.readChange(revision);
  }

  /** The change a request id of this actor already committed (AIP-155), if any. */
  recordedChange(actor: string, requestId: string): Promise<PolicyChangeRecord | undefined> {
    return this.replayed({ actor, requestId });
  }

  /**
   * From memory only, for a decision taken inside `commit` (which must not wait): the change a request
   * id of this actor committed after `revision`. 'unheld' when such a candidate is no longer in memory
   * (then ask recordedChange).
   */
  recordedAfter(actor: string, requestId: string, revision: number): PolicyChangeRecord | 'unheld' | undefined {
    for (const candidate of this.requests.candidates(requestHash(actor, requestId))) {
      if (candidate <= revision) continue;
      const change = this.changesSince(candidate - 1)?.[0];
      if (change?.revision !== candidate) return 'unheld';
      if (isRequestOf(change, actor, requestId)) return change;
    }
    return undefined;
  }

  /** The change a retry of the same request already committed (AIP-155), if any. */
  private async replayed(call: CommitCall): Promise<PolicyChangeRecord | undefined> {
    const { actor, requestId } = call;
    if (!requestId) return undefined;
    // Ids are remembered by hash: the entry itself says whether it is this caller's request.
    for (const revision of this.requests.candidates(requestHash(actor, requestId))) {
      const change = await this.changeAt(revision);
      if (!change) throw new Error(`change ${revision} of a recorded request is missing from the log`);
      if (isRequestOf(change, actor, requestId)) return change;
    }
    return undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling ??= this.poll(false).finally(() => (this.polling = undefined));
      void this.polling.finally(() => this.schedule());
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  /**
   * One poll: the head hint (one read of one small document); log entries only when it moved. Now and
   * then (and on catchUp) a probe reads the revision after the newest one seen, in case a writer died
   * between its insert and moving the hint. Never chases a busy head entry by entry: the next poll goes
   * on from where this one stopped.
   */
  private async poll(probe: boolean): Promise<void> {
    try {
      const { revisionHint: hint, turnRequests } = await this.store.readHead();
      this.noteTurnRequests(turnRequests);
      if (hint > this.appliedRevision) this.applyInOrder(await this.store.readChanges(this.appliedRevision + 1, hint));
      const now = this.options.now();
      if (probe || now - this.lastProbeAt >= PROBE_EVERY_MS) {
        this.lastProbeAt = now;
        for (let windows = 0; windows < PROBE_WINDOWS; windows++) {
          const from = this.appliedRevision + 1;
          // One entry first (the usual answer is none); a window once entries turn up past the hint.
          const changes = await this.store.readChanges(from, windows === 0 ? from : from + LOOK_AHEAD - 1);
          this.applyInOrder(changes);
          if (changes.length === 0 || this.appliedRevision < from + (windows === 0 ? 0 : LOOK_AHEAD - 1)) break;
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

  private applyInOrder(changes: readonly PolicyChangeRecord[]): void {
    for (const change of changes) {
      if (change.revision <= this.appliedRevision) continue;
      if (change.revision !== this.appliedRevision + 1) throw new Error(`change log gap: at ${this.appliedRevision}, got ${change.revision}`);
      if (change.application) this.application = change.application.after;
      if (change.organization) this.organizations.set(change.organization.after.organizationId, change.organization.after);
      if (change.rules) this.ruleSets.set(change.organizationId ?? '', change.rules.after);
      for (const revocation of change.revocations ?? []) {
        this.revocationSet.add(revocation);
        // Each revocation of a group answers its own caller's retry (AIP-155).
        if (revocation.requestId) this.requests.record(requestHash(revocation.actor, revocation.requestId), change.revision, change.time.getTime());
      }
      if (change.requestId) this.requests.record(requestHash(change.actor, change.requestId), change.revision, change.time.getTime());
      // Revocations are on no chain (previousRevision 0, nothing points at them).
      if (change.target !== 'SESSION_REVOCATION') this.history.link(change.revision, change.previousRevision);
      this.appliedRevision = change.revision;
      this.retained.push(change);
      this.retainedWeight += weightOf(change);
      if (this.retainedWeight > this.options.retainedChanges) this.dropOldestRetained();
      for (const listener of this.listeners) listener(change);
    }
  }

  /** Drops the oldest retained changes down to 90% of the limit, so the splice is paid once per many changes. */
  private dropOldestRetained(): void {
    let drop = 0;
    while (drop < this.retained.length - 1 && this.retainedWeight > this.options.retainedChanges * 0.9) {
      this.retainedWeight -= weightOf(this.retained[drop] as PolicyChangeRecord);
      drop += 1;
    }
    this.retained.splice(0, drop);
  }

  /** Writes a snapshot of the state right now, in the background; one at a time. */
  private writeSnapshot(): void {
    if (this.snapshotting) return;
    this.purgeRequests();
    const snapshot = {
      revision: this.appliedRevision,
      application: this.application,
      organizations: [...this.organizations.values()],
      ruleSets: [...this.ruleSets].map(([organizationId, stored]) => ({ organizationId, stored })),
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

/** Whether `change` is what this actor's request id committed: the whole change, or one revocation of a group. */
function isRequestOf(change: PolicyChangeRecord, actor: string, requestId: string): boolean {
  return (change.actor === actor && change.requestId === requestId) || change.revocations?.some((r) => r.actor === actor && r.requestId === requestId) === true;
}

/** A change's share of the Watch-resume memory: one, or its number of revocations. */
function weightOf(change: PolicyChangeRecord): number {
  return Math.max(1, change.revocations?.length ?? 0);
}
