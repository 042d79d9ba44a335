// The store port: everything the use cases need from persistence, in domain terms.
import type { ApplicationPolicy, OrganizationPolicy } from '../domain/policy';

/** Known organization feature switches. */
export const KNOWN_FEATURES = ['session_policy'] as const;
export type FeatureName = (typeof KNOWN_FEATURES)[number];
export type Features = Readonly<Record<FeatureName, boolean>>;

export interface StoredApplicationPolicy {
  readonly policy: ApplicationPolicy;
  /** Record version; 0 when never written (built-in defaults). Drives the etag. */
  readonly version: number;
}

export interface StoredOrganization {
  readonly organizationId: string;
  readonly policy: OrganizationPolicy;
  readonly features: Features;
  /** Version of the whole record, for compare-and-set; 0 when never written. */
  readonly recordRevision: number;
  /** Versions behind the policy etag and the settings etag. */
  readonly policyVersion: number;
  readonly settingsVersion: number;
}

export type ChangeTarget = 'APPLICATION_POLICY' | 'ORGANIZATION_POLICY' | 'ORGANIZATION_SETTINGS';

/** One audit record, and the state of the record it changed. */
export interface PolicyChangeRecord {
  /** Store-wide revision, strictly increasing in commit order. */
  readonly revision: number;
  readonly actor: string;
  readonly time: Date;
  readonly target: ChangeTarget;
  readonly organizationId?: string;
  /** The changed record before (absent when it had never been written) and after. */
  readonly application?: { readonly before?: StoredApplicationPolicy; readonly after: StoredApplicationPolicy };
  readonly organization?: { readonly before?: StoredOrganization; readonly after: StoredOrganization };
}

export type CommitResult = { readonly committed: true; readonly change: PolicyChangeRecord } | { readonly committed: false };

export interface ChangePage {
  readonly changes: readonly PolicyChangeRecord[];
  /** Where the next page starts (inclusive), absent on the last page. */
  readonly nextStartAtRevision?: number;
}

export interface PolicyStore {
  getApplication(): Promise<StoredApplicationPolicy>;
  getOrganization(organizationId: string): Promise<StoredOrganization>;
  getOrganizations(organizationIds: readonly string[]): Promise<StoredOrganization[]>;
  /** Every organization whose stored policy is CUSTOM (active or not). */
  listCustomOrganizations(): Promise<StoredOrganization[]>;
  /**
   * Writes the audit record and the new application policy, if the stored version is still
   * `expectedVersion`; `{committed: false}` means another writer got there first.
   */
  commitApplication(expectedVersion: number, next: ApplicationPolicy, actor: string): Promise<CommitResult>;
  /** The same for an organization record. */
  commitOrganization(
    expectedRecordRevision: number,
    next: StoredOrganization,
    target: ChangeTarget,
    actor: string,
  ): Promise<CommitResult>;
  /** Changes after `revision`, in revision order, with no gaps: a change not yet visible holds back later ones. */
  changesAfter(revision: number, limit: number): Promise<PolicyChangeRecord[]>;
  /**
   * The application policy and these organizations as they were right after `revision` (from the
   * change log), so a resumed watch computes each later change against the state it was made on.
   */
  stateAt(organizationIds: readonly string[], revision: number): Promise<{ application: StoredApplicationPolicy; organizations: StoredOrganization[] }>;
  /** The newest revision committed (0 when none). */
  latestRevision(): Promise<number>;
  /**
   * Audit history, newest first, from `startAtRevision` (inclusive; a value from a previous page) or
   * from the newest change. A start that is not a change of the filtered organization yields nothing.
   */
  listChanges(filter: { organizationId?: string; startAtRevision?: number; limit: number }): Promise<ChangePage>;
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
  };
}
