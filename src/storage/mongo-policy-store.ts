// MongoDB implementation of the store port. Works on a replica set and on FerretDB (no transactions,
// no change streams): every change is first recorded in the change log, then applied to its record
// with compare-and-set; see ChangeDocument for why that leaves no change without its record.
import { MongoClient, MongoError, MongoServerError, type Collection, type Db, type MongoClientOptions } from 'mongodb';
import type { ApplicationPolicy } from '../domain/policy';
import { storeUnavailable, PolicyError } from '../app/errors';
import {
  unwrittenOrganization,
  type ChangePage,
  type ChangeTarget,
  type CommitResult,
  type PolicyChangeRecord,
  type PolicyStore,
  type StoredApplicationPolicy,
  type StoredOrganization,
} from '../app/policy-store';
import {
  APPLICATION_ID,
  fromApplicationDocument,
  fromChangeDocument,
  fromOrganizationDocument,
  organizationKey,
  toApplicationDocument,
  toOrganizationDocument,
  type ApplicationDocument,
  type ChangeDocument,
  type OrganizationDocument,
} from './documents';

export interface MongoPolicyStoreOptions {
  /** The application policy served until one is written. */
  readonly applicationDefaults: ApplicationPolicy;
  /** How long a revision allocated but never recorded may hold back later changes before it is skipped. */
  readonly revisionGapGraceMs: number;
}

const COMMIT_ATTEMPTS = 5;

export class MongoPolicyStore implements PolicyStore {
  private readonly applications: Collection<ApplicationDocument>;
  private readonly organizations: Collection<OrganizationDocument>;
  private readonly changes: Collection<ChangeDocument>;
  private readonly counters: Collection<{ _id: string; value: number }>;
  /** When this process first saw each revision gap, to skip gaps whose writer died. */
  private readonly gapsSeenAt = new Map<number, number>();

  constructor(
    db: Db,
    private readonly options: MongoPolicyStoreOptions,
  ) {
    this.applications = db.collection('application_policy');
    this.organizations = db.collection('organizations');
    this.changes = db.collection('policy_changes');
    this.counters = db.collection('counters');
  }

  /** Connects and prepares indexes. The caller owns (and closes) the returned client. */
  static async connect(
    uri: string,
    databaseName: string,
    options: MongoPolicyStoreOptions,
    clientOptions: MongoClientOptions = {},
  ): Promise<{ store: MongoPolicyStore; client: MongoClient }> {
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: 2000,
      connectTimeoutMS: 2000,
      socketTimeoutMS: 10000,
      maxPoolSize: 20,
      writeConcern: { w: 'majority', journal: true },
      ...clientOptions,
    });
    await client.connect();
    const store = new MongoPolicyStore(client.db(databaseName), options);
    await store.prepare();
    return { store, client };
  }

  async prepare(): Promise<void> {
    await guard(async () => {
      await this.changes.createIndex({ recordKey: 1, recordRevision: 1 }, { unique: true, name: 'record_version_unique' });
      await this.changes.createIndex({ organizationId: 1, _id: -1 }, { name: 'organization_history' });
      await this.organizations.createIndex({ 'policy.source': 1 }, { name: 'policy_source' });
      await this.counters.updateOne({ _id: 'revision' }, { $setOnInsert: { value: 0 } }, { upsert: true }).catch(ignoreDuplicate);
    });
  }

  async ping(): Promise<void> {
    await guard(() => this.counters.findOne({ _id: 'revision' }));
  }

  async getApplication(): Promise<StoredApplicationPolicy> {
    return guard(async () => {
      const doc = await this.applications.findOne({ _id: APPLICATION_ID });
      const current = (await this.rollForward(APPLICATION_ID, doc?.version ?? 0))?.applicationAfter ?? doc;
      return current ? fromApplicationDocument(current) : { policy: this.options.applicationDefaults, version: 0 };
    });
  }

  async getOrganization(organizationId: string): Promise<StoredOrganization> {
    const [org] = await this.getOrganizations([organizationId]);
    return org as StoredOrganization;
  }

  async getOrganizations(organizationIds: readonly string[]): Promise<StoredOrganization[]> {
    if (organizationIds.length === 0) return [];
    return guard(async () => {
      const docs = await this.organizations.find({ _id: { $in: [...organizationIds] } }).toArray();
      const byId = new Map(docs.map((d) => [d._id, d]));
      // A change recorded whose record update was lost shows as version n+1 in the log: apply it.
      const pending = await this.changes
        .find({
          kind: 'change',
          $or: organizationIds.map((id) => ({ recordKey: organizationKey(id), recordRevision: (byId.get(id)?.recordRevision ?? 0) + 1 })),
        })
        .toArray();
      for (const change of pending) {
        await this.applyChange(change);
        if (change.organizationAfter) byId.set(change.organizationAfter._id, change.organizationAfter);
      }
      return organizationIds.map((id) => {
        const doc = byId.get(id);
        return doc ? fromOrganizationDocument(doc) : unwrittenOrganization(id);
      });
    });
  }

  async listCustomOrganizations(): Promise<StoredOrganization[]> {
    return guard(async () => {
      const docs = await this.organizations.find({ 'policy.source': 'CUSTOM' }).toArray();
      return docs.map(fromOrganizationDocument);
    });
  }

  async commitApplication(expectedVersion: number, next: ApplicationPolicy, actor: string): Promise<CommitResult> {
    return guard(async () => {
      const before = await this.applications.findOne({ _id: APPLICATION_ID });
      if ((before?.version ?? 0) !== expectedVersion) return { committed: false };
      return this.commit(APPLICATION_ID, expectedVersion, {
        target: 'APPLICATION_POLICY',
        actor,
        ...(before ? { applicationBefore: before } : {}),
        applicationAfter: toApplicationDocument(next, expectedVersion + 1),
      });
    });
  }

  async commitOrganization(
    expectedRecordRevision: number,
    next: StoredOrganization,
    target: ChangeTarget,
    actor: string,
  ): Promise<CommitResult> {
    return guard(async () => {
      const before = await this.organizations.findOne({ _id: next.organizationId });
      if ((before?.recordRevision ?? 0) !== expectedRecordRevision) return { committed: false };
      return this.commit(organizationKey(next.organizationId), expectedRecordRevision, {
        target,
        actor,
        organizationId: next.organizationId,
        ...(before ? { organizationBefore: before } : {}),
        organizationAfter: toOrganizationDocument({ ...next, recordRevision: expectedRecordRevision + 1 }),
      });
    });
  }

  async changesAfter(revision: number, limit: number): Promise<PolicyChangeRecord[]> {
    return guard(async () => {
      const docs = await this.changes.find({ _id: { $gt: revision } }).sort({ _id: 1 }).limit(limit).toArray();
      const out: PolicyChangeRecord[] = [];
      let expected = revision + 1;
      scan: for (const doc of docs) {
        // Revisions below doc._id that are missing were allocated but are not recorded yet: their writer
        // is still working, or died. Hold later changes back, so none is ever delivered out of order,
        // until the grace period says the writer is gone; then mark the slot skipped (the unique _id
        // makes a late writer take a new revision instead).
        for (; expected < doc._id; expected++) {
          if (!(await this.skipAbandonedRevision(expected))) break scan;
        }
        if (doc.kind === 'change') out.push(fromChangeDocument(doc));
        expected = doc._id + 1;
      }
      for (const gap of this.gapsSeenAt.keys()) if (gap < expected) this.gapsSeenAt.delete(gap);
      return out;
    });
  }

  async stateAt(
    organizationIds: readonly string[],
    revision: number,
  ): Promise<{ application: StoredApplicationPolicy; organizations: StoredOrganization[] }> {
    return guard(async () => {
      const newestUpTo = (recordKey: string): Promise<ChangeDocument | null> =>
        this.changes.find({ recordKey, _id: { $lte: revision }, kind: 'change' }).sort({ _id: -1 }).limit(1).next();
      const application = (await newestUpTo(APPLICATION_ID))?.applicationAfter;
      const organizations = await Promise.all(
        organizationIds.map(async (id) => {
          const after = (await newestUpTo(organizationKey(id)))?.organizationAfter;
          return after ? fromOrganizationDocument(after) : unwrittenOrganization(id);
        }),
      );
      return {
        application: application ? fromApplicationDocument(application) : { policy: this.options.applicationDefaults, version: 0 },
        organizations,
      };
    });
  }

  async latestRevision(): Promise<number> {
    return guard(async () => {
      const [newest] = await this.changes.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
      return newest?._id ?? 0;
    });
  }

  async listChanges(filter: { organizationId?: string; beforeRevision?: number; limit: number }): Promise<ChangePage> {
    return guard(async () => {
      const query: Record<string, unknown> = { kind: 'change' };
      if (filter.organizationId !== undefined) query['organizationId'] = filter.organizationId;
      if (filter.beforeRevision !== undefined) query['_id'] = { $lt: filter.beforeRevision };
      const docs = await this.changes
        .find(query)
        .sort({ _id: -1 })
        .limit(filter.limit + 1)
        .toArray();
      const page = docs.slice(0, filter.limit).map(fromChangeDocument);
      const last = page[page.length - 1];
      return docs.length > filter.limit && last ? { changes: page, nextBeforeRevision: last.revision } : { changes: page };
    });
  }

  /** Records the change under a fresh revision, then applies it to its record. */
  private async commit(
    recordKey: string,
    expectedRecordRevision: number,
    fields: Pick<ChangeDocument, 'target' | 'actor' | 'organizationId' | 'applicationBefore' | 'applicationAfter' | 'organizationBefore' | 'organizationAfter'>,
  ): Promise<CommitResult> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const revision = await this.nextRevision();
      const change: ChangeDocument = {
        _id: revision,
        kind: 'change',
        recordKey,
        recordRevision: expectedRecordRevision + 1,
        time: new Date(),
        ...fields,
      };
      try {
        await this.changes.insertOne(change);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const rival = await this.changes.findOne({ recordKey, recordRevision: expectedRecordRevision + 1 });
        if (rival) {
          // Another writer recorded this version first: make sure its record is applied, and lose.
          await this.applyChange(rival);
          return { committed: false };
        }
        continue; // our revision was declared abandoned by a reader; take a new one
      }
      await this.applyChange(change);
      return { committed: true, change: fromChangeDocument(change) };
    }
    throw new PolicyError('UNAVAILABLE', 'STORE_UNAVAILABLE', 'could not record the change; retry');
  }

  /** Applies a recorded change to its record if the record is still at the version before it. Idempotent. */
  private async applyChange(change: ChangeDocument): Promise<void> {
    const previous = change.recordRevision - 1;
    if (change.applicationAfter) {
      await this.replaceIfAt(this.applications, APPLICATION_ID, 'version', previous, change.applicationAfter);
    } else if (change.organizationAfter) {
      await this.replaceIfAt(this.organizations, change.organizationAfter._id, 'recordRevision', previous, change.organizationAfter);
    }
  }

  private async replaceIfAt<T extends { _id: string }>(
    collection: Collection<T>,
    id: string,
    versionField: string,
    previous: number,
    after: T,
  ): Promise<void> {
    if (previous === 0) {
      await collection.insertOne(after as never).catch(ignoreDuplicate);
    } else {
      await collection.replaceOne({ _id: id, [versionField]: previous } as never, after);
    }
  }

  /** The change recorded as the next version of a record but not applied to it, if any; applied now. */
  private async rollForward(recordKey: string, currentRevision: number): Promise<ChangeDocument | undefined> {
    const pending = await this.changes.findOne({ kind: 'change', recordKey, recordRevision: currentRevision + 1 });
    if (!pending) return undefined;
    await this.applyChange(pending);
    return pending;
  }

  private async nextRevision(): Promise<number> {
    const doc = await this.counters.findOneAndUpdate(
      { _id: 'revision' },
      { $inc: { value: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!doc) throw new Error('revision counter missing');
    return doc.value;
  }

  private async skipAbandonedRevision(revision: number): Promise<boolean> {
    const now = Date.now();
    const seen = this.gapsSeenAt.get(revision);
    if (seen === undefined) {
      this.gapsSeenAt.set(revision, now);
      return false;
    }
    if (now - seen < this.options.revisionGapGraceMs) return false;
    try {
      await this.changes.insertOne({ _id: revision, kind: 'skipped', recordKey: `skipped:${revision}`, recordRevision: 0, time: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false; // the writer made it after all; read it on the next pass
    }
    this.gapsSeenAt.delete(revision);
    return true;
  }
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKey(error)) throw error;
}

/** Every MongoDB failure becomes UNAVAILABLE; the original stays as the cause, for logs only. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MongoError) throw storeUnavailable(error);
    throw error;
  }
}
