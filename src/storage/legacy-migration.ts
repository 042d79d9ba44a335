// One-time import of a store written by the first version (records updated in place behind write
// intents, a change log with skip markers). Its changes become entries 1..n of the new log, renumbered
// densely in their order, and its records become the first snapshot at revision n. Every step is
// idempotent and deterministic, so instances that start together, or a migration killed halfway and
// run again, converge on the same result.
import type { Db } from 'mongodb';
import type { PolicyChangeRecord, StoredApplicationPolicy, StoredOrganization } from '../app/policy-store';
import {
  APPLICATION_ID,
  fromApplicationDocument,
  fromOrganizationDocument,
  organizationKey,
  type ApplicationDocument,
  type ChangeDocument as LegacyChangeDocument,
  type OrganizationDocument,
} from './legacy-documents';
import { segmentCollection } from './log-documents';
import type { MongoPolicyStore } from './mongo-policy-store';

export interface MigrationResult {
  readonly changes: number;
  readonly organizations: number;
}

/** Imports a first-version store into the log, when there is one and nothing new was written yet. */
export async function migrateLegacyStore(db: Db, store: MongoPolicyStore): Promise<MigrationResult | undefined> {
  const names = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  const legacy = ['policy_changes', 'organizations', 'application_policy'].some((n) => names.has(n));
  if (!legacy || names.has('snapshots')) return undefined;
  // Entries already in the log without a snapshot: a migration was interrupted, or a new store that
  // also has old collections; the first entry says which.
  if (names.has(segmentCollection(0))) {
    const first = await store.readChange(1);
    if (first && !first.commitId.startsWith('legacy:')) return undefined;
  }

  const legacyChanges = (await db.collection<LegacyChangeDocument>('policy_changes').find({}).toArray())
    .filter((c) => c.kind === 'change')
    .sort((a, b) => a.revision - b.revision);
  const renumbered = new Map(legacyChanges.map((c, i) => [c.revision, i + 1]));
  const newestOf = new Map<string, PolicyChangeRecord>();
  for (const [i, doc] of legacyChanges.entries()) {
    const revision = i + 1;
    const change = toChange(doc, revision, renumbered);
    newestOf.set(doc.recordKey, change);
    if ((await store.append(change)) === 'taken') throw new Error(`log revision ${revision} holds another change; migration cannot continue`);
  }

  // Records as stored, unless the log has a newer state (a write intent whose change was logged but
  // not applied); records without any change (bulk-imported) keep lastChangeRevision 0.
  const appDoc = await db.collection<ApplicationDocument>('application_policy').findOne({ _id: APPLICATION_ID });
  const newestApp = newestOf.get(APPLICATION_ID)?.application?.after;
  const storedApp = appDoc && appDoc.version > 0 ? { ...fromApplicationDocument(appDoc), lastChangeRevision: 0 } : undefined;
  const application = newestApp && newestApp.version >= (storedApp?.version ?? 0) ? newestApp : storedApp;

  const organizations = new Map<string, StoredOrganization>();
  for (const doc of await db.collection<OrganizationDocument>('organizations').find({}).toArray()) {
    if (doc.recordRevision > 0) organizations.set(doc._id, { ...fromOrganizationDocument(doc), lastChangeRevision: 0 });
  }
  for (const [key, change] of newestOf) {
    const after = change.organization?.after;
    if (!after || !key.startsWith('organization:')) continue;
    const stored = organizations.get(after.organizationId);
    if (!stored || after.recordRevision >= stored.recordRevision) organizations.set(after.organizationId, after);
    else organizations.set(after.organizationId, { ...stored, lastChangeRevision: change.revision });
  }

  const revision = legacyChanges.length;
  // The base of the log: records imported without a change exist only in this snapshot.
  await store.writeSnapshot({ revision, application, organizations: organizations.values(), ruleSets: [], recentRequests: [] }, { base: true });
  if (revision > 0) await store.advanceHeadHint(revision);
  return { changes: revision, organizations: organizations.size };
}

function toChange(doc: LegacyChangeDocument, revision: number, renumbered: ReadonlyMap<number, number>): PolicyChangeRecord {
  const base = {
    revision,
    commitId: `legacy:${doc.revision}`,
    actor: doc.actor ?? '',
    time: doc.time,
    previousRevision: renumbered.get(doc.previousRevision) ?? 0,
  };
  const app = (d: ApplicationDocument, last: number): StoredApplicationPolicy => ({ ...fromApplicationDocument(d), lastChangeRevision: last });
  const org = (d: OrganizationDocument, last: number): StoredOrganization => ({ ...fromOrganizationDocument(d), lastChangeRevision: last });
  const previous = base.previousRevision;
  if (doc.applicationAfter) {
    return { ...base, target: 'APPLICATION_POLICY', application: { ...(doc.applicationBefore ? { before: app(doc.applicationBefore, previous) } : {}), after: app(doc.applicationAfter, revision) } };
  }
  const after = doc.organizationAfter as OrganizationDocument;
  if (doc.recordKey !== organizationKey(after._id)) throw new Error(`legacy change ${doc.revision} names record ${doc.recordKey} but holds ${after._id}`);
  // A first-version store had one organization target; its entries name it or say nothing.
  return {
    ...base,
    target: doc.target === 'ORGANIZATION_SETTINGS' ? 'ORGANIZATION_SETTINGS' : 'ORGANIZATION_POLICY',
    organizationId: after._id,
    organization: { ...(doc.organizationBefore ? { before: org(doc.organizationBefore, previous) } : {}), after: org(after, revision) },
  };
}
