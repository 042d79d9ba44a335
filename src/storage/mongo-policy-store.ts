// MongoDB implementation of the store port. Works on a replica set and on FerretDB, which has no
// transactions, no change streams, and (SQLite backend) pushes down only string `_id` equality, so
// every query on a hot or growing path is a lookup by `_id`.
//
// A change is made in three steps, each idempotent and each safe to finish by anyone who finds it
// half done: (1) a write intent (`pending`, holding the complete change) is compare-and-set on the
// record, (2) the change is inserted into the change log under its revision, (3) the record is
// replaced by its new state. So no state is ever applied without its audit record, and a writer that
// dies after (1) leaves work that the next reader or writer of that record completes.
import { MongoClient, MongoError, MongoServerError, type Collection, type Db, type Document, type MongoClientOptions } from 'mongodb';
import type { ApplicationPolicy } from '../domain/policy';
import { storeUnavailable, PolicyError, ErrorReason } from '../app/errors';
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
import { WriteLock } from './write-lock';
import {
  APPLICATION_ID,
  changeKey,
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
  /** How long an allocated revision may stay unrecorded (its writer died) before it is skipped. */
  readonly revisionGapGraceMs: number;
}

type RecordDocument = ApplicationDocument | OrganizationDocument;

const REVISION_ATTEMPTS = 5;
/** Change-log entries fetched concurrently when the feed catches up. */
const FETCH_WIDTH = 16;

export class MongoPolicyStore implements PolicyStore {
  private readonly applications: Collection<ApplicationDocument>;
  private readonly organizations: Collection<OrganizationDocument>;
  private readonly changes: Collection<ChangeDocument>;
  private readonly counters: Collection<{ _id: string; value: number }>;
  /** When this process first saw each revision gap, to skip gaps whose writer died. */
  private readonly gapsSeenAt = new Map<number, number>();
  private readonly writes: WriteLock;

  constructor(
    db: Db,
    private readonly options: MongoPolicyStoreOptions,
  ) {
    this.applications = db.collection('application_policy');
    this.organizations = db.collection('organizations');
    this.changes = db.collection('policy_changes');
    this.counters = db.collection('counters');
    this.writes = new WriteLock(db.collection('locks'), { leaseMs: 30_000, waitMs: 10_000 });
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
      // Rediscover a restarted store within seconds rather than the driver's default 10 s.
      heartbeatFrequencyMS: 2000,
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
      await ensureIndex(this.changes, { recordKey: 1, recordRevision: 1 }, { unique: true, name: 'record_version_unique' });
      await ensureIndex(this.organizations, { 'policy.source': 1 }, { name: 'policy_source' });
      await this.counters.updateOne({ _id: 'revision' }, { $setOnInsert: { value: 0 } }, { upsert: true }).catch(ignoreDuplicate);
    });
  }

  async getApplication(): Promise<StoredApplicationPolicy> {
    return guard(async () => {
      const doc = await this.current(this.applications, APPLICATION_ID);
      return doc && doc.version > 0 ? fromApplicationDocument(doc) : { policy: this.options.applicationDefaults, version: 0 };
    });
  }

  async getOrganization(organizationId: string): Promise<StoredOrganization> {
    return guard(async () => this.organizationFrom(organizationId, await this.current(this.organizations, organizationId)));
  }

  async getOrganizations(organizationIds: readonly string[]): Promise<StoredOrganization[]> {
    // One `_id` lookup each: `$in` is not pushed down by FerretDB and would scan every organization.
    return guard(() => Promise.all(organizationIds.map(async (id) => this.organizationFrom(id, await this.current(this.organizations, id)))));
  }

  async listCustomOrganizations(): Promise<StoredOrganization[]> {
    return guard(async () => {
      const docs = await this.organizations.find({ 'policy.source': 'CUSTOM' }).toArray();
      return docs.filter((d) => d.recordRevision > 0).map(fromOrganizationDocument);
    });
  }

  async commitApplication(expectedVersion: number, next: ApplicationPolicy, actor: string): Promise<CommitResult> {
    return guard(() => this.writes.run(async () => {
      const before = await this.current(this.applications, APPLICATION_ID, true);
      if ((before?.version ?? 0) !== expectedVersion) return { committed: false };
      return this.commit(this.applications, APPLICATION_ID, APPLICATION_ID, before, expectedVersion, (revision) => ({
        target: 'APPLICATION_POLICY',
        actor,
        ...(before && before.version > 0 ? { applicationBefore: stateOf(before) } : {}),
        applicationAfter: { ...toApplicationDocument(next, expectedVersion + 1), lastChangeRevision: revision },
      }));
    }));
  }

  async commitOrganization(
    expectedRecordRevision: number,
    next: StoredOrganization,
    target: ChangeTarget,
    actor: string,
  ): Promise<CommitResult> {
    return guard(() => this.writes.run(async () => {
      const id = next.organizationId;
      const before = await this.current(this.organizations, id, true);
      if ((before?.recordRevision ?? 0) !== expectedRecordRevision) return { committed: false };
      return this.commit(this.organizations, id, organizationKey(id), before, expectedRecordRevision, (revision) => ({
        target,
        actor,
        organizationId: id,
        ...(before && before.recordRevision > 0 ? { organizationBefore: stateOf(before) } : {}),
        organizationAfter: { ...toOrganizationDocument({ ...next, recordRevision: expectedRecordRevision + 1 }), lastChangeRevision: revision },
      }));
    }));
  }

  async changesAfter(revision: number, limit: number): Promise<PolicyChangeRecord[]> {
    return guard(async () => {
      const allocated = await this.allocatedRevision();
      const out: PolicyChangeRecord[] = [];
      let next = revision + 1;
      while (next <= allocated && out.length < limit) {
        const keys = Array.from({ length: Math.min(FETCH_WIDTH, allocated - next + 1) }, (_, i) => next + i);
        const docs = await Promise.all(keys.map((r) => this.changes.findOne({ _id: changeKey(r) })));
        for (const doc of docs) {
          if (!doc) {
            // Allocated but not recorded: its writer is still working, or died. Later changes wait,
            // so none is ever delivered out of order, until the grace period skips the slot.
            if (!(await this.skipAbandonedRevision(next))) return out;
            next += 1;
            continue;
          }
          if (doc.kind === 'change') out.push(fromChangeDocument(doc));
          this.gapsSeenAt.delete(next);
          next += 1;
        }
      }
      return out;
    });
  }

  async stateAt(
    organizationIds: readonly string[],
    revision: number,
  ): Promise<{ application: StoredApplicationPolicy; organizations: StoredOrganization[] }> {
    return guard(async () => {
      const application = await this.historicState(await this.current(this.applications, APPLICATION_ID), revision, (c) => c.applicationAfter);
      const organizations = await Promise.all(
        organizationIds.map(async (id) => {
          const doc = await this.historicState(await this.current(this.organizations, id), revision, (c) => c.organizationAfter);
          return this.organizationFrom(id, doc);
        }),
      );
      return {
        application: application && application.version > 0 ? fromApplicationDocument(application) : { policy: this.options.applicationDefaults, version: 0 },
        organizations,
      };
    });
  }

  async latestRevision(): Promise<number> {
    return guard(() => this.allocatedRevision());
  }

  async listChanges(filter: { organizationId?: string; startAtRevision?: number; limit: number }): Promise<ChangePage> {
    return guard(async () => {
      const page: PolicyChangeRecord[] = [];
      let next: number | undefined;
      if (filter.organizationId !== undefined) {
        // Walk the organization's own history chain, newest first.
        const key = organizationKey(filter.organizationId);
        let revision = filter.startAtRevision ?? (await this.current(this.organizations, filter.organizationId))?.lastChangeRevision ?? 0;
        while (revision > 0) {
          const doc = await this.changes.findOne({ _id: changeKey(revision) });
          if (!doc || doc.kind !== 'change' || doc.recordKey !== key) break; // a forged or stale page token ends the walk
          if (page.length === filter.limit) {
            next = revision;
            break;
          }
          page.push(fromChangeDocument(doc));
          revision = doc.previousRevision;
        }
      } else {
        // Every change: walk revisions downwards, skipping slots that were never recorded.
        let revision = filter.startAtRevision ?? (await this.allocatedRevision());
        while (revision > 0) {
          const keys = Array.from({ length: Math.min(FETCH_WIDTH, revision) }, (_, i) => revision - i);
          const docs = await Promise.all(keys.map((r) => this.changes.findOne({ _id: changeKey(r) })));
          for (const [i, doc] of docs.entries()) {
            if (!doc || doc.kind !== 'change') continue;
            if (page.length === filter.limit) {
              next = keys[i];
              break;
            }
            page.push(fromChangeDocument(doc));
          }
          if (next !== undefined) break;
          revision -= keys.length;
        }
      }
      return next === undefined ? { changes: page } : { changes: page, nextStartAtRevision: next };
    });
  }

  /** The record as it stands once any write intent left on it has been carried through. */
  private async current<T extends RecordDocument>(collection: Collection<T>, id: string, locked = false): Promise<T | null> {
    const doc = (await collection.findOne({ _id: id } as never)) as T | null;
    if (!doc?.pending) return doc;
    if (!locked) return this.writes.run(() => this.current(collection, id, true));
    return (await this.complete(collection, id, doc.pending)) as T;
  }

  /** Records (if needed) and applies the change held in a record's write intent; idempotent. */
  private async complete<T extends RecordDocument>(collection: Collection<T>, id: string, intent: ChangeDocument): Promise<RecordDocument> {
    let change = intent;
    for (let attempt = 0; ; attempt++) {
      const logged = await this.record(change);
      if (logged) break;
      // The revision was skipped as abandoned: take a new one and point the intent at it.
      if (attempt === REVISION_ATTEMPTS) throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'could not record the change; retry');
      const revision = await this.nextRevision();
      const moved = withRevision(change, revision);
      const result = await collection.updateOne({ _id: id, 'pending._id': change._id } as never, { $set: { pending: moved } } as never);
      if (result.matchedCount === 0) {
        await this.abandon(revision);
        // Someone else finished or moved it: whatever the record holds now is the truth.
        const now = (await collection.findOne({ _id: id } as never)) as T | null;
        if (now?.pending) return this.complete(collection, id, now.pending);
        if (!now) throw new Error(`record ${id} vanished while completing its change`);
        return now;
      }
      change = moved;
    }
    const after = (change.applicationAfter ?? change.organizationAfter) as RecordDocument;
    await collection.replaceOne({ _id: id, 'pending._id': change._id } as never, after as never);
    return after;
  }

  /** Inserts a change into the log; false when its revision slot was already taken by a skip marker. */
  private async record(change: ChangeDocument): Promise<boolean> {
    try {
      await this.changes.insertOne(change);
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const there = await this.changes.findOne({ _id: change._id });
      if (there?.kind === 'change' && there.recordKey === change.recordKey && there.recordRevision === change.recordRevision) return true;
      // The slot holds a skip marker or another change: this change moves to a new revision.
      return false;
    }
  }

  /** Step (1) for a new change: the write intent, compare-and-set on the version the caller read. */
  private async commit<T extends RecordDocument>(
    collection: Collection<T>,
    id: string,
    recordKey: string,
    before: T | null,
    expectedRevision: number,
    build: (revision: number) => Pick<ChangeDocument, 'target' | 'actor' | 'organizationId' | 'applicationBefore' | 'applicationAfter' | 'organizationBefore' | 'organizationAfter'>,
  ): Promise<CommitResult> {
    const revision = await this.nextRevision();
    const intent: ChangeDocument = {
      _id: changeKey(revision),
      revision,
      kind: 'change',
      recordKey,
      recordRevision: expectedRevision + 1,
      previousRevision: before?.lastChangeRevision ?? 0,
      time: new Date(),
      ...build(revision),
    };
    if (before) {
      const versionField = collection === (this.applications as unknown) ? 'version' : 'recordRevision';
      const placed = await collection.updateOne(
        { _id: id, [versionField]: expectedRevision, pending: { $exists: false } } as never,
        { $set: { pending: intent } } as never,
      );
      if (placed.matchedCount === 0) return this.abandon(revision);
    } else {
      // A record never written: the intent arrives on a placeholder at version 0.
      const placeholder = { ...(intent.applicationAfter ?? intent.organizationAfter), _id: id, version: 0, recordRevision: 0, lastChangeRevision: 0, pending: intent };
      try {
        await collection.insertOne(placeholder as never);
      } catch (error) {
        if (isDuplicateKey(error)) return this.abandon(revision);
        throw error;
      }
    }
    const after = await this.complete(collection, id, intent);
    const change = await this.changes.findOne({ _id: changeKey(after.lastChangeRevision ?? revision) });
    return { committed: true, change: fromChangeDocument(change ?? intent) };
  }

  /** Walks a record's history back to its state right after `revision`; each change is read once. */
  private async historicState<T extends RecordDocument>(doc: T | null, revision: number, afterOf: (c: ChangeDocument) => RecordDocument | undefined): Promise<T | null> {
    let state: T | null = doc;
    let at = doc?.lastChangeRevision ?? 0;
    let change = state && at > revision ? await this.changes.findOne({ _id: changeKey(at) }) : null;
    while (state && at > revision) {
      // No earlier change: the record did not exist yet at `revision`.
      if (!change || change.previousRevision === 0) return null;
      at = change.previousRevision;
      change = await this.changes.findOne({ _id: changeKey(at) });
      state = change ? ((afterOf(change) as T | undefined) ?? null) : null;
    }
    return state;
  }

  private organizationFrom(id: string, doc: OrganizationDocument | null): StoredOrganization {
    return doc && doc.recordRevision > 0 ? fromOrganizationDocument(doc) : unwrittenOrganization(id);
  }

  private async nextRevision(): Promise<number> {
    const doc = await this.counters.findOneAndUpdate({ _id: 'revision' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
    if (!doc) throw new Error('revision counter missing');
    return doc.value;
  }

  private async allocatedRevision(): Promise<number> {
    return (await this.counters.findOne({ _id: 'revision' }))?.value ?? 0;
  }

  /**
   * A writer that lost its compare-and-set gives its revision up at once, so followers of the log do
   * not wait out the grace period for a change that will never come.
   */
  private async abandon(revision: number): Promise<{ committed: false }> {
    await this.markSkipped(revision).catch(ignoreDuplicate);
    return { committed: false };
  }

  private markSkipped(revision: number): Promise<unknown> {
    return this.changes.insertOne({
      _id: changeKey(revision), revision, kind: 'skipped', recordKey: `skipped:${revision}`, recordRevision: 0, previousRevision: 0, time: new Date(),
    });
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
      await this.markSkipped(revision);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false; // the writer made it after all; read it on the next pass
    }
    this.gapsSeenAt.delete(revision);
    return true;
  }
}

/** A record's state without its bookkeeping, as kept in `before` snapshots. */
function stateOf<T extends RecordDocument>(doc: T): T {
  const { pending: _pending, ...state } = doc;
  return state as T;
}

/** The same change under another revision (its own and its after-state's pointers follow). */
function withRevision(change: ChangeDocument, revision: number): ChangeDocument {
  const moved: ChangeDocument = { ...change, _id: changeKey(revision), revision };
  if (change.applicationAfter) moved.applicationAfter = { ...change.applicationAfter, lastChangeRevision: revision };
  if (change.organizationAfter) moved.organizationAfter = { ...change.organizationAfter, lastChangeRevision: revision };
  return moved;
}

/**
 * Creates an index only when it is missing: asking again for an existing index still makes FerretDB
 * walk a large collection, which would slow every start-up (a million organizations: past the timeout).
 */
async function ensureIndex<T extends Document>(collection: Collection<T>, keys: Record<string, 1>, options: { name: string; unique?: boolean }): Promise<void> {
  const existing = await collection.listIndexes().toArray().catch(() => []);
  if (existing.some((index: { name?: string }) => index.name === options.name)) return;
  await collection.createIndex(keys, options);
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
