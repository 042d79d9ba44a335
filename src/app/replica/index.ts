// The complete replica every instance holds: the newest snapshot plus every change after it, followed
// from the change log. Requests read only this; a write is one append at `revision + 1` of the log.
// The jobs are split by what they depend on: projection.ts (what a change means: no I/O, shared with
// the SDK), retained-changes.ts (the newest changes in memory), follower.ts (loading and following
// the log, freshness, snapshots), committer.ts (the commit protocol, which reads through the
// follower). This class is what the use cases see.
import type { ApplicationPolicy } from '../../domain/policy';
import { revocationExpiresAtMs, type RevokedSession } from '../../domain/revocation';
import type { PolicyChangeRecord, PolicyStore, StoredApplicationPolicy, StoredOrganization, StoredRevocation, StoredRuleSet } from '../policy-store';
import { requestHash } from '../recent-requests';
import type { RevocationSet } from '../revocation-set';
import { Committer, isRequestOf, type CommitCall } from './committer';
import { Follower, type ChangeListener } from './follower';
import type { ReplicaOptions } from './options';
import { historyHead, organizationIn, ruleSetIn, type ChangeDraft } from './projection';

export type { ChangeDraft } from './projection';
export type { CommitCall } from './committer';
export type { ChangeListener } from './follower';
export type { ReplicaOptions } from './options';

export class Replica {
  private readonly follower: Follower;
  private readonly committer: Committer;

  constructor(
    store: PolicyStore,
    private readonly options: ReplicaOptions,
  ) {
    this.follower = new Follower(store, options);
    this.committer = new Committer(store, this.follower);
  }

  get revision(): number {
    return this.follower.revision;
  }

  get loaded(): boolean {
    return this.follower.loaded;
  }

  get size(): number {
    return this.follower.state.organizations.size;
  }

  /** True while answers can be served (stale-marked or not): loaded, and confirmed within the maximum stale age. */
  get readable(): boolean {
    return this.follower.readable;
  }

  /** True while the store answers the replica's polls. */
  get healthy(): boolean {
    return this.follower.healthy;
  }

  /** True while answers are not marked stale (see Follower.fresh). */
  get fresh(): boolean {
    return this.follower.fresh;
  }

  /** Milliseconds since the store last confirmed the replica; -1 before the first load. */
  get unconfirmedForMs(): number {
    return this.follower.unconfirmedForMs;
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  subscribe(listener: ChangeListener): () => void {
    return this.follower.subscribe(listener);
  }

  /** Reads every change committed so far now (probing past the head hint), without waiting for the next poll. */
  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  /** Throws UNAVAILABLE when the replica is not loaded or has been unconfirmed for too long. */
  freshness(): { readonly stale: boolean } {
    return this.follower.freshness();
  }

  get defaultApplicationPolicy(): ApplicationPolicy {
    return this.options.applicationDefaults;
  }

  applicationPolicy(): StoredApplicationPolicy {
    return this.follower.state.application ?? { policy: this.options.applicationDefaults, version: 0, lastChangeRevision: 0 };
  }

  /** An organization absent from the replica has no stored record: that answer is authoritative. */
  organization(organizationId: string): StoredOrganization {
    return organizationIn(this.follower.state, organizationId);
  }

  /** The rule set of a scope ('' is the application); never written reads as an empty set. */
  ruleSet(organizationId: string): StoredRuleSet {
    return ruleSetIn(this.follower.state, organizationId);
  }

  /** The newest change concerning a scope ('' is the application): the head of its history chain. */
  historyHead(organizationId: string): number {
    return historyHead(this.follower.state, organizationId);
  }

  /** Every organization with a stored record. */
  allOrganizations(): IterableIterator<StoredOrganization> {
    return this.follower.state.organizations.values();
  }

  /** The kept session revocations (docs/design.md §2.7); expired ones are purged on every poll and snapshot. */
  get revocations(): RevocationSet {
    return this.follower.revocationSet;
  }

  /**
   * The kept revocation covering this session, if any: a session-id revocation reaches sessions that
   * started up to the same clock skew past its revoke time that its retention allows for.
   */
  revocationCovering(session: RevokedSession): StoredRevocation | undefined {
    return this.follower.revocationSet.covering(session, this.options.revocationSkewMs ?? 0);
  }

  /** When a kept revocation stops being kept, under the current application policy. */
  revocationExpiresAt(revocation: StoredRevocation): number {
    return revocationExpiresAtMs(revocation.revokedAtMs, this.applicationPolicy().policy.absoluteMinutes, this.options.revocationSkewMs ?? 0);
  }

  /** Drops revocations no session can still need, under the current application policy. */
  purgeRevocations(): number {
    return this.follower.purgeRevocations();
  }

  /** Changes after `revision` still held in memory, or undefined when some of them are no longer held. */
  changesSince(revision: number): PolicyChangeRecord[] | undefined {
    return this.follower.retained.since(revision, this.follower.revision);
  }

  /** A log entry still held in memory (one of the last WATCH_RESUME_CHANGES), if it is. */
  heldChange(revision: number): PolicyChangeRecord | undefined {
    return this.follower.retained.at(revision, this.follower.revision);
  }

  /**
   * The change before `revision` on its history chain (0: it is the chain's first), or undefined when
   * this instance has neither applied nor read that entry (it is older than the snapshot it loaded).
   */
  previousInHistory(revision: number): number | undefined {
    return this.follower.history.previous(revision);
  }

  /** Keeps the chain links of entries read from the store: an entry never changes once written. */
  learnHistory(changes: Iterable<PolicyChangeRecord>): void {
    for (const change of changes) this.follower.learnHistory(change);
  }

  /**
   * Commits a change: decides it on the state at the log's head and appends it as head + 1 (see
   * committer.ts). Never commits once the caller has gone.
   */
  commit(call: CommitCall, decide: () => ChangeDraft): Promise<PolicyChangeRecord> {
    return this.committer.commit(call, decide);
  }

  /** The change a request id of this actor already committed (AIP-155), if any. */
  recordedChange(actor: string, requestId: string): Promise<PolicyChangeRecord | undefined> {
    return this.committer.replayed({ actor, requestId });
  }

  /**
   * From memory only, for a decision taken inside `commit` (which must not wait): the change a request
   * id of this actor committed after `revision`. 'unheld' when such a candidate is no longer in memory
   * (then ask recordedChange).
   */
  recordedAfter(actor: string, requestId: string, revision: number): PolicyChangeRecord | 'unheld' | undefined {
    for (const candidate of this.follower.requests.candidates(requestHash(actor, requestId))) {
      if (candidate <= revision) continue;
      const change = this.heldChange(candidate);
      if (change?.revision !== candidate) return 'unheld';
      if (isRequestOf(change, actor, requestId)) return change;
    }
    return undefined;
  }
}
