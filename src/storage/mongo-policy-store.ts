// MongoDB implementation of the store port, correct and fast on a replica set and on FerretDB (no
// transactions, no change streams, non-atomic updates; its SQLite backend serves string `_id`
// equality by scanning one collection, and checks a unique `_id` on insert in about a millisecond).
//
// - The change log is split into segment collections of SEGMENT_SIZE revisions, so a lookup by `_id`
//   costs one segment's scan however long the history grows. A commit is one insert at `head + 1`:
//   the `_id` unique index alone decides between racing writers. Nothing is ever updated in place.
// - A one-document head hint makes idle polling one tiny read; it may lag (it is written after the
//   commit), never lead, and followers probe one revision past it now and then.
// - Snapshots are whole collections written in the background and published by inserting a manifest
//   last; older ones are dropped, which costs nothing like deleting a million documents.
import { randomBytes } from 'node:crypto';
import { MongoClient, MongoError, MongoServerError, MongoServerSelectionError, type Collection, type Db, type MongoClientOptions } from 'mongodb';
import type { OrganizationPolicy } from '../domain/policy';
import { storeUnavailable } from '../app/errors';
import type { AppendOutcome, LogHead, PolicyChangeRecord, PolicyStore, TurnRequest, StateSnapshot } from '../app/policy-store';
import {
  SEGMENT_SIZE,
  changeKey,
  decodeOrganizations,
  decodeRuleSets,
  encodeRuleSets,
  decodeRevocations,
  decodeLegacyRequests,
  decodeRequests,
  encodeRequests,
  encodeOrganizations,
  encodeRevocations,
  fromChangeDocument,
  segmentCollection,
  segmentOf,
  snapshotCollection,
  toChangeDocument,
  type ChangeDocument,
  type SnapshotChunkDocument,
  type SnapshotHeaderDocument,
  type SnapshotManifest,
} from './log-documents';

/** Organizations per snapshot chunk document (about 60 bytes each when encoded). */
const CHUNK_SIZE = 5000;
/** Rule sets per snapshot chunk: up to 50 rules each, so a chunk stays well below 16 MB. */
const RULE_SETS_PER_CHUNK = 200;
/** Revocations per snapshot chunk document (about 80 bytes each when encoded). */
const REVOCATION_CHUNK_SIZE = 5000;
/** Snapshots kept: the newest and the one before it, which an instance may still be loading. */
const SNAPSHOTS_KEPT = 2;
/** Remembered request ids per snapshot chunk (about 40 bytes each as JSON). */
const REQUEST_CHUNK_SIZE = 20_000;
/**
 * Up to this many entries are read by individual `_id` lookups (each one segment scan inside FerretDB's
 * SQLite); more, by one range query per segment (every document of it decoded by FerretDB).
 */
const POINT_READS = 3;
/** `_id` prefix of a writer's turn request in the head collection. */
const TURN = 'turn:';

export class MongoPolicyStore implements PolicyStore {
  /** The head hint ('head') and one turn request per writer that asked ('turn:<writer>'). */
  private readonly head: Collection<{ _id: string; revision?: number; ask?: string }>;
  private readonly manifests: Collection<SnapshotManifest>;
  private readonly secrets: Collection<{ _id: string; secret: string }>;
  private readonly internedPolicies = new Map<string, OrganizationPolicy>();

  constructor(private readonly db: Db) {
    this.head = db.collection('change_log_head');
    this.manifests = db.collection('snapshots');
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
    return { store: new MongoPolicyStore(db), client, db };
  }

  async append(change: PolicyChangeRecord): Promise<AppendOutcome> {
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

  async readChanges(fromRevision: number, throughRevision: number): Promise<PolicyChangeRecord[]> {
    return guard(async () => {
      const through = Math.max(fromRevision, throughRevision);
      if (through - fromRevision < POINT_READS) {
        const docs = await Promise.all(
          Array.from({ length: through - fromRevision + 1 }, (_, i) => this.segment(fromRevision + i).findOne({ _id: changeKey(fromRevision + i) })),
        );
        return consecutive(docs, fromRevision);
      }
      const out: PolicyChangeRecord[] = [];
      for (let next = fromRevision; next <= through; ) {
        const last = Math.min(through, (segmentOf(next) + 1) * SEGMENT_SIZE);
        const docs = await this.segment(next)
          .find({ _id: { $gte: changeKey(next), $lte: changeKey(last) } })
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

  async readHead(): Promise<LogHead> {
    return guard(async () => {
      const docs = await this.head.find({}).toArray();
      return {
        revisionHint: docs.find((d) => d._id === 'head')?.revision ?? 0,
        turnRequests: docs.flatMap((d) => (d._id.startsWith(TURN) && typeof d.ask === 'string' ? [{ writer: d._id.slice(TURN.length), ask: d.ask }] : [])),
      };
    });
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

  async loadSnapshot(): Promise<StateSnapshot | undefined> {
    return guard(async () => {
      const manifests = (await this.manifests.find({}).toArray()).sort((a, b) => b.revision - a.revision);
      for (const manifest of manifests) {
        const docs = await this.db.collection<SnapshotHeaderDocument | SnapshotChunkDocument>(snapshotCollection(manifest.revision)).find({}).toArray();
        const header = docs.find((d): d is SnapshotHeaderDocument => d._id === 'header');
        const chunks = docs.filter((d): d is SnapshotChunkDocument => d._id !== 'header');
        // Being dropped by a newer snapshot's writer while we read: take the next one.
        if (!header || chunks.length !== manifest.chunks) continue;
        // Chunk ids sort in log order within each kind, and revocations must be applied in it.
        chunks.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
        const ruleSets: StateSnapshot['ruleSets'][number][] = [];
        for (const chunk of chunks) if (chunk.ruleSets !== undefined) ruleSets.push(...decodeRuleSets(chunk.ruleSets));
        // Organizations and revocations are decoded a chunk at a time while the replica takes them in,
        // so loading 10^6 of them never holds a second, decoded copy of them all.
        const organizations = lazily(chunks, (chunk) => (chunk.organizations !== undefined ? decodeOrganizations(chunk.organizations, (p) => this.intern(p)) : []));
        const revocations = lazily(chunks, (chunk) => (chunk.revocations !== undefined ? decodeRevocations(chunk.revocations) : []));
        const requests = lazily(chunks, (chunk) => (chunk.requests !== undefined ? decodeRequests(chunk.requests) : []));
        return {
          revision: header.revision,
          application: header.application ?? undefined,
          organizations,
          ruleSets,
          recentRequests: concat(decodeLegacyRequests(header), requests),
          revocations,
        };
      }
      return undefined;
    });
  }

  async writeSnapshot(snapshot: StateSnapshot): Promise<void> {
    await guard(async () => {
      const collection = this.db.collection<SnapshotHeaderDocument | SnapshotChunkDocument>(snapshotCollection(snapshot.revision));
      const header: SnapshotHeaderDocument = {
        _id: 'header',
        revision: snapshot.revision,
        application: snapshot.application ?? null,
        recentRequests: [],
      };
      await collection.insertOne(header).catch(ignoreDuplicate);
      let chunks = await writeChunks(collection, 'organizations', snapshot.organizations, CHUNK_SIZE, (batch) => ({ organizations: encodeOrganizations(batch) }));
      for (let i = 0; i < snapshot.ruleSets.length; i += RULE_SETS_PER_CHUNK) {
        const doc: SnapshotChunkDocument = { _id: `rules-${String(chunks).padStart(6, '0')}`, ruleSets: encodeRuleSets(snapshot.ruleSets.slice(i, i + RULE_SETS_PER_CHUNK)) };
        chunks += 1;
        await collection.insertOne(doc).catch(ignoreDuplicate);
      }
      // Kept revocations and remembered request ids (a day of them can be millions), in chunks of their
      // own, counted in the manifest like organization chunks.
      chunks += await writeChunks(collection, 'revocations', snapshot.revocations ?? [], REVOCATION_CHUNK_SIZE, (batch) => ({ revocations: encodeRevocations(batch) }));
      chunks += await writeChunks(collection, 'requests', snapshot.recentRequests, REQUEST_CHUNK_SIZE, (batch) => ({ requests: encodeRequests(batch) }));
      // Published last: a snapshot without its manifest is never read.
      await this.manifests.insertOne({ _id: changeKey(snapshot.revision), revision: snapshot.revision, chunks, createdAt: new Date() }).catch(ignoreDuplicate);
      await this.dropOldSnapshots();
    });
  }

  async deploymentSecret(name: string): Promise<Buffer> {
    return guard(async () => {
      await this.secrets.insertOne({ _id: name, secret: randomBytes(32).toString('base64') }).catch(ignoreDuplicate);
      const doc = await this.secrets.findOne({ _id: name });
      if (!doc) throw new Error(`deployment secret ${name} missing after insert`);
      return Buffer.from(doc.secret, 'base64');
    });
  }

  private async dropOldSnapshots(): Promise<void> {
    const manifests = (await this.manifests.find({}).toArray()).sort((a, b) => b.revision - a.revision);
    for (const old of manifests.slice(SNAPSHOTS_KEPT)) {
      await this.manifests.deleteOne({ _id: old._id });
      await this.db.dropCollection(snapshotCollection(old.revision)).catch(() => undefined);
    }
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
    // No server could be selected: the operation was never sent, so it certainly did not happen.
    if (error instanceof MongoError) throw storeUnavailable(error, error instanceof MongoServerSelectionError);
    throw error;
  }
}

/**
 * Writes `items` as snapshot chunks of at most `size`, `<kind>-000000` on, each holding what `encode`
 * makes of its batch; answers how many chunks it wrote.
 */
async function writeChunks<T>(
  collection: Collection<SnapshotHeaderDocument | SnapshotChunkDocument>,
  kind: string,
  items: Iterable<T>,
  size: number,
  encode: (batch: readonly T[]) => Omit<SnapshotChunkDocument, '_id'>,
): Promise<number> {
  let written = 0;
  let batch: T[] = [];
  const flush = async (): Promise<void> => {
    const doc: SnapshotChunkDocument = { _id: `${kind}-${String(written).padStart(6, '0')}`, ...encode(batch) };
    written += 1;
    batch = [];
    await collection.insertOne(doc).catch(ignoreDuplicate);
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}

/** `first`, then `rest`, as one iterable. */
function concat<T>(first: readonly T[], rest: Iterable<T>): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      yield* first;
      yield* rest;
    },
  };
}

/** The items of every chunk, decoded only when iteration reaches that chunk (and again on each pass). */
function lazily<T>(chunks: readonly SnapshotChunkDocument[], decode: (chunk: SnapshotChunkDocument) => Iterable<T>): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      for (const chunk of chunks) yield* decode(chunk);
    },
  };
}
