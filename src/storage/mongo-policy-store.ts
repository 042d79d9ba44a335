// MongoDB implementation of the store port, correct and fast on a replica set and on FerretDB (no
// transactions, no change streams, non-atomic updates; its SQLite backend serves string `_id`
// equality by scanning one collection, and checks a unique `_id` on insert in about a millisecond).
//
// - The change log is split into segment collections of SEGMENT_SIZE revisions, so a lookup by `_id`
//   costs one segment's scan however long the history grows. A commit is one insert at `head + 1`:
//   the `_id` unique index alone decides between racing writers. Nothing is ever updated in place.
// - A one-document head hint makes idle polling one tiny read; it may lag (it is written after the
//   commit), never lead, and followers probe one revision past it now and then.
// - Snapshots are whole collections written in the background, verified and published by inserting a
//   manifest last (snapshot-shelf.ts); older ones are dropped, which costs nothing like deleting a
//   million documents.
import { randomBytes } from 'node:crypto';
import { MongoClient, MongoError, MongoServerError, MongoServerSelectionError, type Collection, type Db, type Filter, type MongoClientOptions } from 'mongodb';
import type { OrganizationPolicy } from '../domain/policy';
import { ErrorReason, PolicyError, storeUnavailable } from '../app/errors';
import type { AppendOutcome, LogHead, PolicyChangeRecord, PolicyStore, ReadOptions, SnapshotCandidate, StateSnapshot, WriteOptions } from '../app/policy-store';
import { SEGMENT_SIZE, changeKey, fromChangeDocument, segmentCollection, segmentOf, toChangeDocument, type ChangeDocument } from './log-documents';
import { ignoreDuplicate, isDuplicateKey } from './mongo-errors';
import { SnapshotShelf, type WriteOptions as SnapshotWriteOptions } from './snapshot-shelf';
import { WriterTurns, type TurnLedger, type TurnRequest } from './writer-turns';


/**
 * Up to this many entries are read by individual `_id` lookups (each one segment scan inside FerretDB's
 * SQLite); more, by one range query per segment (every document of it decoded by FerretDB).
 */
const POINT_READS = 3;
/** `_id` prefix of a writer's turn request in the head collection. */
const TURN = 'turn:';

export class MongoPolicyStore implements PolicyStore, TurnLedger {
  /** The head hint ('head') and one turn request per writer that asked ('turn:<writer>'). */
  private readonly head: Collection<{ _id: string; revision?: number; ask?: string }>;
  private readonly snapshots: SnapshotShelf;
  private readonly secrets: Collection<{ _id: string; secret: string }>;
  private readonly internedPolicies = new Map<string, OrganizationPolicy>();
  /** Writers take turns on FerretDB (writer-turns.ts); undefined on MongoDB. */
  private readonly turns: WriterTurns | undefined;

  constructor(
    private readonly db: Db,
    options: { readonly writerTurns?: boolean } = {},
  ) {
    this.turns = options.writerTurns ? new WriterTurns(this) : undefined;
    this.head = db.collection('change_log_head');
    this.snapshots = new SnapshotShelf(db, (policy) => this.intern(policy));
    this.secrets = db.collection('deployment_secrets');
  }

  /** Connects; the caller owns (and closes) the returned client. */
  static async connect(uri: string, databaseName: string, clientOptions: MongoClientOptions = {}): Promise<{ store: MongoPolicyStore; client: MongoClient; db: Db }> {
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: 2000,
      connectTimeoutMS: 2000,
      socketTimeoutMS: 10000,
      maxPoolSize: 20,
      // Rediscover a restarted store within seconds rather than the driver's default 10 s.
      heartbeatFrequencyMS: 2000,
      writeConcern: { w: 'majority', journal: true },
      ignoreUndefined: true,
      ...clientOptions,
    });
    await client.connect();
    const db = client.db(databaseName);
    // FerretDB says who it is in buildInfo; a MongoDB server has no such field.
    const info = await db.admin().command({ buildInfo: 1 });
    return { store: new MongoPolicyStore(db, { writerTurns: typeof info['ferretdbVersion'] === 'string' }), client, db };
  }

  async append(change: PolicyChangeRecord, options?: WriteOptions): Promise<AppendOutcome> {
    const insert = (): Promise<AppendOutcome> => this.insertChange(change);
    return this.turns ? this.turns.append(insert, options) : insert();
  }

  private async insertChange(change: PolicyChangeRecord): Promise<AppendOutcome> {
    return guard(async () => {
      try {
        await this.segment(change.revision).insertOne(toChangeDocument(change));
        return 'committed';
      } catch (error) {
        // The slot is taken, possibly by this very entry (a driver retry of an insert that landed).
        // The caller reads the slot next anyway; reading it here too would cost FerretDB a second scan.
        if (isDuplicateKey(error)) return 'taken';
        throw error;
      }
    });
  }

  async readChange(revision: number): Promise<PolicyChangeRecord | undefined> {
    if (!Number.isSafeInteger(revision) || revision < 1) return undefined;
    return guard(async () => {
      const doc = await this.segment(revision).findOne({ _id: changeKey(revision) });
      return doc ? fromChangeDocument(doc) : undefined;
    });
  }

  async readChanges(fromRevision: number, throughRevision: number, options: ReadOptions = {}): Promise<PolicyChangeRecord[]> {
    return guard(async () => {
      const through = Math.max(fromRevision, throughRevision);
      if (through - fromRevision < POINT_READS) {
        const docs = await Promise.all(
          Array.from({ length: through - fromRevision + 1 }, (_, i) => this.segment(fromRevision + i).findOne({ _id: changeKey(fromRevision + i) }, timeLimit(options))),
        );
        return consecutive(docs, fromRevision);
      }
      const out: PolicyChangeRecord[] = [];
      for (let next = fromRevision; next <= through; ) {
        const last = Math.min(through, (segmentOf(next) + 1) * SEGMENT_SIZE);
        const docs = await this.segment(next)
          .find({ _id: { $gte: changeKey(next), $lte: changeKey(last) } }, timeLimit(options))
          .toArray();
        const byRevision = new Map(docs.map((d) => [d.revision, d]));
        for (; next <= last; next++) {
          const doc = byRevision.get(next);
          if (!doc) return out;
          out.push(fromChangeDocument(doc));
        }
      }
      return out;
    });
  }

  readUnitOf(revision: number): number {
    return segmentOf(revision);
  }

  async readChangesAt(revisions: readonly number[], options: ReadOptions = {}): Promise<PolicyChangeRecord[]> {
    const bySegment = new Map<number, string[]>();
    for (const revision of new Set(revisions)) {
      if (!Number.isSafeInteger(revision) || revision < 1) continue;
      const keys = bySegment.get(segmentOf(revision));
      if (keys) keys.push(changeKey(revision));
      else bySegment.set(segmentOf(revision), [changeKey(revision)]);
    }
    return guard(async () => {
      const found = await Promise.all(
        [...bySegment].map(async ([segment, keys]) => {
          const collection = this.db.collection<ChangeDocument>(segmentCollection(segment));
          // FerretDB hands an `_id` equality to SQLite (about a twentieth of the cost of decoding the
          // segment), but not an `$in`, which decodes every document of the segment: one read either way.
          if (keys.length === 1) {
            const doc = await collection.findOne({ _id: keys[0] as string }, timeLimit(options));
            return doc ? [doc] : [];
          }
          return collection.find({ _id: { $in: keys } }, timeLimit(options)).toArray();
        }),
      );
      return found
        .flat()
        .map(fromChangeDocument)
        .sort((a, b) => a.revision - b.revision);
    });
  }

  async readHistory(organizationId: string, throughRevision: number, limit: number, options: ReadOptions = {}): Promise<PolicyChangeRecord[]> {
    if (!Number.isSafeInteger(throughRevision) || throughRevision < 1 || !(limit >= 1)) return [];
    const first = segmentOf(throughRevision) * SEGMENT_SIZE + 1;
    // The _id range keeps it to one segment (one scan on FerretDB, an index range on MongoDB); the
    // nested id is where fromChangeDocument itself takes an organization change's id from.
    const filter: Filter<ChangeDocument> = {
      _id: { $gte: changeKey(first), $lte: changeKey(throughRevision) },
      target: { $ne: 'SESSION_REVOCATION' },
      $or: [{ organizationId }, { 'organization.after.organizationId': organizationId }],
    };
    return guard(async () => {
      const docs = await this.segment(throughRevision)
        .find(filter, { sort: { _id: -1 }, limit: Math.floor(limit), ...timeLimit(options) })
        .toArray();
      return docs.map(fromChangeDocument);
    });
  }

  /** The head hint; on FerretDB the same read brings the turn requests, which the writer notes. */
  async readHead(): Promise<LogHead> {
    return guard(async () => {
      const docs = await this.head.find({}).toArray();
      this.turns?.noteRequests(turnRequestsIn(docs));
      return { revisionHint: docs.find((d) => d._id === 'head')?.revision ?? 0 };
    });
  }

  async readTurnRequests(): Promise<readonly TurnRequest[]> {
    return guard(async () => turnRequestsIn(await this.head.find({ _id: { $ne: 'head' } }).toArray()));
  }

  async requestTurn(turn: TurnRequest): Promise<void> {
    // One document per writer: racing requests of different writers never touch the same document.
    await guard(() => this.head.updateOne({ _id: `${TURN}${turn.writer}` }, { $set: { ask: turn.ask } }, { upsert: true }));
  }

  async withdrawTurn(turn: TurnRequest): Promise<void> {
    await guard(() => this.head.deleteOne({ _id: `${TURN}${turn.writer}`, ask: turn.ask }));
  }

  async advanceHeadHint(revision: number): Promise<void> {
    await guard(async () => {
      // Not atomic on FerretDB: a racing writer may briefly set an older value. Followers probe past
      // the hint, so a lagging hint delays nobody for long, and the next commit moves it on.
      const result = await this.head.updateOne({ _id: 'head', revision: { $lt: revision } }, { $set: { revision } });
      if (result.matchedCount === 0) await this.head.insertOne({ _id: 'head', revision }).catch(ignoreDuplicate);
    });
  }

  async listSnapshots(): Promise<SnapshotCandidate[]> {
    return guard(async () =>
      (await this.snapshots.candidates()).map((candidate) => ({ ...candidate, load: () => guard(() => candidate.load()) })),
    );
  }

  async writeSnapshot(snapshot: StateSnapshot, options?: SnapshotWriteOptions): Promise<void> {
    await guard(() => this.snapshots.write(snapshot, options));
  }

  async deploymentSecret(name: string): Promise<Buffer> {
    return guard(async () => {
      await this.secrets.insertOne({ _id: name, secret: randomBytes(32).toString('base64') }).catch(ignoreDuplicate);
      const doc = await this.secrets.findOne({ _id: name });
      if (!doc) throw new Error(`deployment secret ${name} missing after insert`);
      return Buffer.from(doc.secret, 'base64');
    });
  }

  private segment(revision: number): Collection<ChangeDocument> {
    return this.db.collection<ChangeDocument>(segmentCollection(segmentOf(revision)));
  }

  private intern(policy: OrganizationPolicy): OrganizationPolicy {
    const key = JSON.stringify(policy);
    let shared = this.internedPolicies.get(key);
    if (!shared) this.internedPolicies.set(key, (shared = Object.freeze(policy)));
    return shared;
  }
}

function consecutive(docs: readonly (ChangeDocument | null)[], fromRevision: number): PolicyChangeRecord[] {
  const out: PolicyChangeRecord[] = [];
  for (const [i, doc] of docs.entries()) {
    if (!doc || doc.revision !== fromRevision + i) break;
    out.push(fromChangeDocument(doc));
  }
  return out;
}

function turnRequestsIn(docs: readonly { _id: string; ask?: string }[]): TurnRequest[] {
  return docs.flatMap((d) => (d._id.startsWith(TURN) && typeof d.ask === 'string' ? [{ writer: d._id.slice(TURN.length), ask: d.ask }] : []));
}

/** A read's deadline as MongoDB's server-side time limit (FerretDB honours it too). */
function timeLimit(options: ReadOptions): { maxTimeMS?: number } {
  return options.deadlineMs === undefined ? {} : { maxTimeMS: Math.max(1, Math.ceil(options.deadlineMs - Date.now())) };
}

/** MongoDB's MaxTimeMSExpired: the read ran out of the time its caller gave it. */
const MAX_TIME_EXPIRED = 50;

/**
 * Every MongoDB failure becomes UNAVAILABLE, but a read that ran out of its caller's time, which is
 * DEADLINE_EXCEEDED; the original stays as the cause, for logs only.
 */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === MAX_TIME_EXPIRED) {
      throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the store did not answer within the time the caller left', { cause: error });
    }
    // No server could be selected: the operation was never sent, so it certainly did not happen.
    if (error instanceof MongoError) throw storeUnavailable(error, error instanceof MongoServerSelectionError);
    throw error;
  }
}
