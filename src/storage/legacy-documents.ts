// Document shapes of the first version's store (records updated in place), read only by the one-time
// migration into the change log. Documents keep minutes.
import type { OrganizationPolicy } from '../domain/policy';
import type { ChangeTarget, StoredApplicationPolicy, StoredOrganization } from '../app/policy-store';

export const APPLICATION_ID = 'application';

/** Bookkeeping every record carries: its newest change, and a change recorded but not yet applied. */
export interface RecordBookkeeping {
  /** Revision of the newest change applied to this record (0 when none): the head of its history chain. */
  lastChangeRevision?: number;
  /** Write intent: set (compare-and-set) before the change is logged, cleared when it is applied. */
  pending?: ChangeDocument;
}

export interface ApplicationDocument extends RecordBookkeeping {
  _id: typeof APPLICATION_ID;
  absoluteMinutes: number;
  idleEnabled: boolean;
  idleMinutes: number;
  accessTokenMinutes: number;
  version: number;
}

export interface OrganizationDocument extends RecordBookkeeping {
  _id: string;
  policy: { source: 'APPLICATION' } | { source: 'CUSTOM'; absoluteMinutes: number; idleEnabled: boolean; idleMinutes?: number };
  features: { session_policy: boolean };
  recordRevision: number;
  policyVersion: number;
  settingsVersion: number;
}

/**
 * One entry of the change log, which is also the audit history. `_id` is the store-wide revision as a
 * fixed-width string: FerretDB's SQLite backend pushes down only string `_id` equality, so every hot
 * query here is one. `recordKey` + `recordRevision` are unique: no two changes record the same version
 * of a record. `previousRevision` chains a record's history backwards.
 */
export interface ChangeDocument {
  _id: string;
  revision: number;
  kind: 'change' | 'skipped';
  recordKey: string;
  recordRevision: number;
  previousRevision: number;
  target?: ChangeTarget;
  organizationId?: string;
  actor?: string;
  time: Date;
  applicationBefore?: ApplicationDocument;
  applicationAfter?: ApplicationDocument;
  organizationBefore?: OrganizationDocument;
  organizationAfter?: OrganizationDocument;
}

export const organizationKey = (organizationId: string): string => `organization:${organizationId}`;

export function fromApplicationDocument(doc: ApplicationDocument): Omit<StoredApplicationPolicy, 'lastChangeRevision'> {
  return {
    policy: {
      absoluteMinutes: doc.absoluteMinutes,
      idleEnabled: doc.idleEnabled,
      idleMinutes: doc.idleMinutes,
      accessTokenMinutes: doc.accessTokenMinutes,
    },
    version: doc.version,
  };
}

export function fromOrganizationDocument(doc: OrganizationDocument): Omit<StoredOrganization, 'lastChangeRevision'> {
  const p = doc.policy;
  const policy: OrganizationPolicy =
    p.source === 'CUSTOM'
      ? p.idleEnabled
        ? { source: 'CUSTOM', absoluteMinutes: p.absoluteMinutes, idleEnabled: true, idleMinutes: p.idleMinutes ?? 0 }
        : { source: 'CUSTOM', absoluteMinutes: p.absoluteMinutes, idleEnabled: false }
      : { source: 'APPLICATION' };
  return {
    organizationId: doc._id,
    policy,
    features: { session_policy: doc.features?.session_policy === true },
    recordRevision: doc.recordRevision,
    policyVersion: doc.policyVersion,
    settingsVersion: doc.settingsVersion,
  };
}
