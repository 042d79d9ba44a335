// Snapshots as whole collections: written under a name of their own per attempt, read back and
// verified, then published by a manifest that holds their digest; read only when they verify.
//
// Why each part exists:
// - A name per attempt: a writer killed halfway leaves a collection nobody will ever publish. When
//   the next attempt wrote into the same collection (one per revision, inserts ignoring duplicates),
//   it kept the dead writer's chunks wherever their ids matched; revocations expired in between had
//   shifted the chunk boundaries, and a fresh instance lost thousands of them.
// - A digest (SHA-256 over every document, in `_id` order, as canonical JSON) in the manifest: an
//   edited, removed, replaced, truncated or garbage document is found before anything is served,
//   and the loader falls back to the snapshot before it, or to the log (which is never pruned).
// - Read back before publishing: a document the store did not keep as sent is found by the writer,
//   not by every instance that starts afterwards.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ignoreDuplicate } from './mongo-errors';
import type { OrganizationPolicy } from '../domain/policy';
import type { SnapshotCandidate, StateSnapshot } from '../app/policy-store';
import {
  changeKey,
  decodeOrganizations,
  decodeRequests,
  decodeRevocations,
  decodeRuleSets,
  encodeOrganizations,
  encodeRequests,
  encodeRevocations,
  encodeRuleSets,
  type SnapshotChunkDocument,
  type SnapshotHeaderDocument,
  type SnapshotManifest,
} from './log-documents';

/** Organizations per snapshot chunk document (about 60 bytes each when encoded). */
const CHUNK_SIZE = 5000;
/** Rule sets per snapshot chunk: up to 50 rules each, so a chunk stays well below 16 MB. */
const RULE_SETS_PER_CHUNK = 200;
/** Revocations per snapshot chunk document (about 90 bytes each when encoded, measured on the benchmark's revocations). */
const REVOCATION_CHUNK_SIZE = 5000;
/** Remembered request ids per snapshot chunk (about 40 bytes each as JSON). */
const REQUEST_CHUNK_SIZE = 20_000;
/** Snapshots kept: the newest and the one before it, which an instance may still be loading (or fall back to). */
const SNAPSHOTS_KEPT = 2;
/** Manifests carrying a digest; older ones (without) cannot be verified and are never loaded. */
const FORMAT = 2;
const PREFIX = 'snapshot_';

type SnapshotDocument = SnapshotHeaderDocument | SnapshotChunkDocument;

/** A snapshot that did not verify: the loader takes the one before it (or the log). */
export class SnapshotRejected extends Error {
  override readonly name = 'SnapshotRejected';
}

export interface WriteOptions {
  /**
   * A snapshot the log alone cannot reproduce (the import of a first-version store, whose records
   * without changes exist only there): never dropped, and starting fails rather than skip it.
   */
  readonly base?: boolean;
}

export class SnapshotShelf {
  private readonly manifests: Collection<SnapshotManifest>;

  constructor(
    private readonly db: Db,
    private readonly intern: (policy: OrganizationPolicy) => OrganizationPolicy,
  ) {
    this.manifests = db.collection('snapshots');
  }

  /** Every published snapshot, newest first; each is read and verified only when loaded. */
  async candidates(): Promise<SnapshotCandidate[]> {
    const manifests = newestFirst(await this.manifests.find({}).toArray());
    return manifests.map((manifest) => ({
      id: manifest.collection ?? String(manifest._id),
      revision: manifest.revision,
      required: manifest.base === true,
      load: () => this.load(manifest),
    }));
  }

  async write(snapshot: StateSnapshot, options: WriteOptions = {}): Promise<void> {
    const name = `${PREFIX}${changeKey(snapshot.revision)}_${randomBytes(6).toString('hex')}`;
    const collection = this.db.collection<SnapshotDocument>(name);
    const written: { id: string; hash: string }[] = [];
    const insert = async (doc: SnapshotDocument): Promise<void> => {
      written.push({ id: doc._id, hash: documentHash(doc) });
      // A driver retry of an insert that landed: this collection is this attempt's alone, and it is read back.
      await collection.insertOne(doc).catch(ignoreDuplicate);
    };
    await insert({ _id: 'header', revision: snapshot.revision, application: snapshot.application ?? null, recentRequests: [] });
    let chunks = await writeChunks(insert, 'organizations', snapshot.organizations, CHUNK_SIZE, (batch) => ({ organizations: encodeOrganizations(batch) }));
    chunks += await writeChunks(insert, 'rules', snapshot.ruleSets, RULE_SETS_PER_CHUNK, (batch) => ({ ruleSets: encodeRuleSets(batch) }));
    // Kept revocations and remembered request ids (a day of them can be millions), in chunks of their own.
    chunks += await writeChunks(insert, 'revocations', snapshot.revocations ?? [], REVOCATION_CHUNK_SIZE, (batch) => ({ revocations: encodeRevocations(batch) }));
    chunks += await writeChunks(insert, 'requests', snapshot.recentRequests, REQUEST_CHUNK_SIZE, (batch) => ({ requests: encodeRequests(batch) }));
    const digest = digestOf(written);

    const readBack = await collection.find({}).toArray();
    const problem = verify(readBack, { revision: snapshot.revision, chunks, digest });
    if (problem) {
      await this.db.dropCollection(name).catch(() => undefined);
      throw new Error(`snapshot ${name} did not read back as written (${problem}); not published`);
    }
    // Published last: a snapshot without its manifest is never read.
    await this.manifests.insertOne({
      _id: name,
      collection: name,
      revision: snapshot.revision,
      chunks,
      digest,
      format: FORMAT,
      ...(options.base ? { base: true } : {}),
      createdAt: new Date(),
    });
    await this.dropOld();
  }

  private async load(manifest: SnapshotManifest): Promise<StateSnapshot> {
    if (manifest.format !== FORMAT || typeof manifest.digest !== 'string' || typeof manifest.collection !== 'string') {
      throw new SnapshotRejected(`snapshot manifest ${String(manifest._id)} carries no digest (written before snapshots were verified)`);
    }
    const docs = await this.db.collection<SnapshotDocument>(manifest.collection).find({}).toArray();
    const problem = verify(docs, manifest as Required<Pick<SnapshotManifest, 'revision' | 'chunks' | 'digest'>>);
    if (problem) throw new SnapshotRejected(`snapshot ${manifest.collection} failed verification: ${problem}`);
    const header = docs.find((d): d is SnapshotHeaderDocument => d._id === 'header') as SnapshotHeaderDocument;
    // Chunk ids sort in log order within each kind, and revocations must be applied in it.
    const chunks = docs.filter((d): d is SnapshotChunkDocument => d._id !== 'header').sort(byId);
    const ruleSets: StateSnapshot['ruleSets'][number][] = [];
    for (const chunk of chunks) if (chunk.ruleSets !== undefined) ruleSets.push(...decodeRuleSets(chunk.ruleSets));
    // Organizations and revocations are decoded a chunk at a time while the replica takes them in,
    // so loading 10^6 of them never holds a second, decoded copy of them all.
    return {
      revision: header.revision,
      application: header.application ?? undefined,
      organizations: lazily(chunks, (chunk) => (chunk.organizations !== undefined ? decodeOrganizations(chunk.organizations, this.intern) : [])),
      ruleSets,
      recentRequests: lazily(chunks, (chunk) => (chunk.requests !== undefined ? decodeRequests(chunk.requests) : [])),
      revocations: lazily(chunks, (chunk) => (chunk.revocations !== undefined ? decodeRevocations(chunk.revocations) : [])),
    };
  }

  /**
   * Keeps the newest SNAPSHOTS_KEPT manifests (and every base one); drops the rest, and every snapshot
   * collection no manifest names that is older than the newest snapshot (a killed writer's leftovers;
   * a newer one may still be being written).
   */
  private async dropOld(): Promise<void> {
    const manifests = newestFirst(await this.manifests.find({}).toArray());
    const kept = [...manifests.filter((m) => m.base !== true).slice(0, SNAPSHOTS_KEPT), ...manifests.filter((m) => m.base === true)];
    for (const old of manifests.filter((m) => !kept.includes(m))) await this.manifests.deleteOne({ _id: old._id });
    const named = new Set(kept.map((m) => m.collection ?? legacyCollection(m.revision)));
    const newest = manifests[0]?.revision ?? 0;
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections) {
      const revision = revisionOfCollection(name);
      if (revision !== undefined && revision <= newest && !named.has(name)) await this.db.dropCollection(name).catch(() => undefined);
    }
  }
}

/** The name snapshots had when there was one collection per revision. */
const legacyCollection = (revision: number): string => `${PREFIX}${changeKey(revision)}`;

function revisionOfCollection(name: string): number | undefined {
  const match = /^snapshot_r(\d{15})(?:_[0-9a-f]+)?$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function newestFirst(manifests: SnapshotManifest[]): SnapshotManifest[] {
  return manifests.sort((a, b) => b.revision - a.revision || new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
}

/** Why `docs` are not the snapshot the manifest describes, or undefined when they are. */
function verify(docs: readonly SnapshotDocument[], expected: { readonly revision: number; readonly chunks: number; readonly digest: string }): string | undefined {
  const header = docs.find((d) => d._id === 'header') as SnapshotHeaderDocument | undefined;
  if (!header) return 'no header';
  if (header.revision !== expected.revision) return `header says revision ${String(header.revision)}, manifest ${expected.revision}`;
  if (docs.length !== expected.chunks + 1) return `${docs.length - 1} chunks, manifest says ${expected.chunks}`;
  const actual = digestOf([...docs].sort(byId).map((doc) => ({ id: doc._id, hash: documentHash(doc) })));
  if (actual !== expected.digest) return `digest ${actual.slice(0, 12)}… differs from the manifest's ${expected.digest.slice(0, 12)}…`;
  return undefined;
}

/** SHA-256 over the documents' hashes in `_id` order: the order they are written in need not be it. */
function digestOf(documents: readonly { readonly id: string; readonly hash: string }[]): string {
  const hash = createHash('sha256');
  for (const { hash: h } of [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(h);
  return hash.digest('hex');
}

function documentHash(doc: SnapshotDocument): string {
  const hash = createHash('sha256');
  canonical(hash, doc);
  return hash.digest('hex');
}

/** JSON with object keys sorted, fed to `hash`: the same document hashes the same whatever its field order. */
function canonical(hash: Hash, value: unknown): void {
  if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((item, i) => {
      if (i > 0) hash.update(',');
      canonical(hash, item);
    });
    hash.update(']');
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    hash.update('{');
    Object.keys(value)
      .sort()
      .forEach((key, i) => {
        if (i > 0) hash.update(',');
        hash.update(JSON.stringify(key));
        hash.update(':');
        canonical(hash, (value as Record<string, unknown>)[key]);
      });
    hash.update('}');
  } else {
    hash.update(JSON.stringify(value) ?? 'undefined');
  }
}

const byId = (a: { _id: string }, b: { _id: string }): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * Writes `items` as snapshot chunks of at most `size`, `<kind>-000000` on, each holding what `encode`
 * makes of its batch; answers how many chunks it wrote.
 */
async function writeChunks<T>(
  insert: (doc: SnapshotChunkDocument) => Promise<void>,
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
    await insert(doc);
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}

/** The items of every chunk, decoded only when iteration reaches that chunk (and again on each pass). */
function lazily<T>(chunks: readonly SnapshotChunkDocument[], decode: (chunk: SnapshotChunkDocument) => Iterable<T>): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      for (const chunk of chunks) yield* decode(chunk);
    },
  };
}
