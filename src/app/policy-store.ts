// The store port: an append-only change log (the truth) plus snapshots of the state it produces.
// A change is committed by appending it as revision head + 1; nothing else ever writes state.
import type { ApplicationPolicy, OrganizationPolicy } from '../domain/policy';
import type { SessionRuleSet } from '../domain/session-rules';
import type { RevocationReason, SessionRevocation } from '../domain/revocation';
import type { RecordedRequest } from './recent-requests';

/** Known organization feature switches. */
export const KNOWN_FEATURES = ['session_policy'] as const;
export type FeatureName = (typeof KNOWN_FEATURES)[number];
export type Features = Readonly<Record<FeatureName, boolean>>;

export interface StoredApplicationPolicy {
  readonly policy: ApplicationPolicy;
  /** Record version; 0 when never written (built-in defaults). Drives the etag. */
  readonly version: number;
  /** Revision of this record's newest change (0 when none): the head of its history chain. */
  readonly lastChangeRevision: number;
}

export interface StoredOrganization {
  readonly organizationId: string;
  readonly policy: OrganizationPolicy;
  readonly features: Features;
  /** Version of the whole record; 0 when never written. */
  readonly recordRevision: number;
  /** Versions behind the policy etag and the settings etag. */
  readonly policyVersion: number;
  readonly settingsVersion: number;
  /** Revision of this record's newest change (0 when none): the head of its history chain. */
  readonly lastChangeRevision: number;
}

/** The session rules and compliance profiles of one scope: a resource of its own, with its own etag. */
export interface StoredRuleSet {
  readonly ruleSet: SessionRuleSet;
  /** 0 when never written (an empty set). Drives the etag. */
  readonly version: number;
  readonly lastChangeRevision: number;
}

export type ChangeTarget = 'APPLICATION_POLICY' | 'ORGANIZATION_POLICY' | 'ORGANIZATION_SETTINGS' | 'SESSION_RULES' | 'SESSION_REVOCATION';

/**
 * A recorded session revocation (docs/design.md §2.7). Several may be committed in one log entry (group
 * commit), so its identity is the revision that recorded it plus its index in that entry.
 */
export interface StoredRevocation extends SessionRevocation {
  readonly revision: number;
  readonly index: number;
  readonly reason: RevocationReason;
  /** Who revoked: each revocation of a group names its own caller. */
  readonly actor: string;
  /** The caller's AIP-155 request id, when given (kept in the log, not in the replica). */
  readonly requestId?: string;
}

/** What every entry of the change log carries, whatever it changed. */
interface ChangeBase {
  /** Store-wide revision: dense, unique, in commit order. */
  readonly revision: number;
  /** Unique per attempt, so a writer can tell its own entry from another's in the same slot. */
  readonly commitId: string;
  readonly actor: string;
  readonly time: Date;
  /** The caller's AIP-155 request id, when given: a retry with it returns this change. */
  readonly requestId?: string;
  /**
   * The previous change of the same organization, any target (or of the application scope): a backward
   * history chain, so an organization's history is a walk without scanning the log. 0 when none.
   */
  readonly previousRevision: number;
}

/** A changed record before (absent when it had never been written) and after. */
export interface BeforeAfter<T> {
  readonly before?: T;
  readonly after: T;
}

/**
 * Each variant carries its own payload and declares the others' absent, so `change.organization?.after`
 * reads the same on any change while `target` narrows to exactly one payload.
 */
interface NoPayload {
  readonly application?: undefined;
  readonly organization?: undefined;
  readonly rules?: undefined;
  readonly revocations?: undefined;
}

/** One entry of the change log: a committed change and its audit record in one, tagged by its target. */
export type PolicyChangeRecord =
  | (ChangeBase & Omit<NoPayload, 'application'> & { readonly target: 'APPLICATION_POLICY'; readonly organizationId?: undefined; readonly application: BeforeAfter<StoredApplicationPolicy> })
  | (ChangeBase &
      Omit<NoPayload, 'organization'> & { readonly target: 'ORGANIZATION_POLICY' | 'ORGANIZATION_SETTINGS'; readonly organizationId: string; readonly organization: BeforeAfter<StoredOrganization> })
  /** organizationId names the scope; absent, the application's. */
  | (ChangeBase & Omit<NoPayload, 'rules'> & { readonly target: 'SESSION_RULES'; readonly organizationId?: string; readonly rules: BeforeAfter<StoredRuleSet> })
  /** One or more revocations committed together (group commit); previousRevision 0: they are on no history chain. */
  | (ChangeBase &
      Omit<NoPayload, 'revocations'> & {
        readonly target: 'SESSION_REVOCATION';
        /** Set when every revocation of the entry is of this one organization. */
        readonly organizationId?: string;
        readonly revocations: readonly StoredRevocation[];
      });

/** The complete state right after `revision`: what a snapshot holds and what the replica loads. */
export interface StateSnapshot {
  readonly revision: number;
  /** Absent when the application policy was never written. */
  readonly application: StoredApplicationPolicy | undefined;
  readonly organizations: Iterable<StoredOrganization>;
  /** Every written rule set; organizationId '' is the application scope. */
  readonly ruleSets: readonly { readonly organizationId: string; readonly stored: StoredRuleSet }[];
  /** Request ids remembered at the snapshot's time (AIP-155), in log order. */
  readonly recentRequests: Iterable<RecordedRequest>;
  /** Revocations still kept at the snapshot's time, in log order (absent in snapshots written before them). */
  readonly revocations?: Iterable<StoredRevocation>;
}

/** A published snapshot, read and verified only when loaded. */
export interface SnapshotCandidate {
  /** Names it in logs. */
  readonly id: string;
  readonly revision: number;
  /**
   * The log alone cannot reproduce it (an imported first-version store): when it fails to load,
   * starting fails rather than serve a state without it.
   */
  readonly required: boolean;
  /** Reads and verifies it; throws when it does not verify (or the store fails). */
  load(): Promise<StateSnapshot>;
}

export type AppendOutcome = 'committed' | 'taken';

export interface LogHead {
  readonly revisionHint: number;
}

/** Bounds on one read, so a read whose caller is about to give up stops in the store too. */
export interface ReadOptions {
  /** Epoch ms by which the store abandons the read (MongoDB maxTimeMS); it then fails DEADLINE_EXCEEDED. */
  readonly deadlineMs?: number;
}

/** The caller of an append: a store that must wait before writing stops waiting when it has gone. */
export interface WriteOptions {
  readonly signal?: AbortSignal;
  /** Epoch ms. */
  readonly deadlineMs?: number;
}

export interface PolicyStore {
  /** Every published snapshot, newest first: the replica loads the first that verifies. */
  listSnapshots(): Promise<readonly SnapshotCandidate[]>;
  /**
   * Writes a snapshot and publishes it once it is complete and verified; writing the same revision
   * again is harmless (each attempt is a snapshot of its own), and an attempt that dies is never read.
   */
  writeSnapshot(snapshot: StateSnapshot): Promise<void>;
  /**
   * Log entries from `fromRevision` up to `throughRevision`, in order, stopping at the first revision
   * not written yet. A `throughRevision` below `fromRevision` asks only whether `fromRevision` exists.
   */
  readChanges(fromRevision: number, throughRevision: number, options?: ReadOptions): Promise<PolicyChangeRecord[]>;
  /** One log entry, or undefined when that revision is not written. */
  readChange(revision: number): Promise<PolicyChangeRecord | undefined>;
  /**
   * Which store read fetches `revision`: readChangesAt fetches any number of revisions of one unit
   * (a log segment) in one read, and readHistory reads within one unit. ListPolicyChanges budgets its
   * reads per page by it.
   */
  readUnitOf(revision: number): number;
  /** The written entries among `revisions`, in ascending order: one read per read unit they fall in. */
  readChangesAt(revisions: readonly number[], options?: ReadOptions): Promise<PolicyChangeRecord[]>;
  /**
   * One read: an organization's history entries (every change of it but revocations: its history
   * chain) from `throughRevision` down to the first revision of that revision's read unit, newest
   * first, at most `limit`. For a chain whose links this instance does not know (older than the
   * snapshot it loaded).
   */
  readHistory(organizationId: string, throughRevision: number, limit: number, options?: ReadOptions): Promise<PolicyChangeRecord[]>;
  /** One read of a small document: a cheap, possibly lagging (never leading) hint of the newest revision. */
  readHead(): Promise<LogHead>;
  advanceHeadHint(revision: number): Promise<void>;
  /**
   * Inserts the entry at its revision: 'committed', or 'taken' when that slot already holds an entry:
   * another writer's, or this very one when an earlier attempt of it landed after all (the caller tells
   * them apart by commitId when it reads the slot). Throws when the outcome is unknown (the store
   * failed mid-call), or with outcome 'not-applied' when it never wrote (e.g. the caller went while
   * the store held the write back).
   */
  append(change: PolicyChangeRecord, options?: WriteOptions): Promise<AppendOutcome>;
  /** A random secret shared by every instance of this deployment (created on first use). */
  deploymentSecret(name: string): Promise<Buffer>;
}

/** What an organization never written looks like: inheriting, every feature off. */
export function unwrittenOrganization(organizationId: string): StoredOrganization {
  return {
    organizationId,
    policy: { source: 'APPLICATION' },
    features: { session_policy: false },
    recordRevision: 0,
    policyVersion: 0,
    settingsVersion: 0,
    lastChangeRevision: 0,
  };
}
