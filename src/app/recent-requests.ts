// The request ids (AIP-155) the replica remembers for REQUEST_ID_RETENTION_MS: which revision committed a
// caller's request id. Held as a 32-bit hash of caller and id, never the strings: the log entry names
// both, and a retry reads that entry anyway, so a hash collision costs one more comparison, never a
// wrong answer. About 50 bytes per id instead of ~180 for a map of string keys to records, which
// mattered once every logout could carry a request id.

/** One remembered request id, as snapshots keep it. */
export interface RecordedRequest {
  /** requestHash(actor, requestId). */
  readonly hash: number;
  readonly revision: number;
  readonly timeMs: number;
}

/** FNV-1a over the UTF-16 code units of `actor`, NUL, `requestId`, as a signed 32-bit integer. Stable across versions: snapshots store it. */
export function requestHash(actor: string, requestId: string): number {
  return requestKeyHash(`${actor}\u0000${requestId}`);
}

/** The same hash of the joined key older snapshots stored as text. */
export function requestKeyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** Remembered request ids in log order (a queue for expiry) with an index by hash. */
export class RecentRequests {
  private hashes = new Int32Array(256);
  private revisions = new Float64Array(256);
  private times = new Float64Array(256);
  private head = 0;
  private tail = 0;
  /** Hash → the revision recorded with it, or several (oldest first) when hashes collide. */
  private readonly index = new Map<number, number | number[]>();

  get size(): number {
    return this.tail - this.head;
  }

  record(hash: number, revision: number, timeMs: number): void {
    if (this.tail === this.hashes.length) this.makeRoom();
    this.hashes[this.tail] = hash;
    this.revisions[this.tail] = revision;
    this.times[this.tail] = timeMs;
    this.tail++;
    const held = this.index.get(hash);
    if (held === undefined) this.index.set(hash, revision);
    else if (typeof held === 'number') this.index.set(hash, [held, revision]);
    else held.push(revision);
  }

  /** The revisions recorded with `hash`, newest first: the caller checks each entry for its request. */
  candidates(hash: number): readonly number[] {
    const held = this.index.get(hash);
    if (held === undefined) return [];
    return typeof held === 'number' ? [held] : [...held].reverse();
  }

  /** Forgets the ids recorded before `horizonMs` (they are in log order, so only the oldest go). */
  purge(horizonMs: number): number {
    const from = this.head;
    while (this.head < this.tail && (this.times[this.head] as number) < horizonMs) {
      this.unindex(this.hashes[this.head] as number, this.revisions[this.head] as number);
      this.head++;
    }
    return this.head - from;
  }

  /** A copy of what is remembered now, for a snapshot written while new ids keep arriving. */
  all(): Iterable<RecordedRequest> {
    const hashes = this.hashes.slice(this.head, this.tail);
    const revisions = this.revisions.slice(this.head, this.tail);
    const times = this.times.slice(this.head, this.tail);
    return {
      *[Symbol.iterator]() {
        for (let i = 0; i < hashes.length; i++) yield { hash: hashes[i] as number, revision: revisions[i] as number, timeMs: times[i] as number };
      },
    };
  }

  private unindex(hash: number, revision: number): void {
    const held = this.index.get(hash);
    if (held === revision) this.index.delete(hash);
    else if (Array.isArray(held)) {
      const at = held.indexOf(revision);
      if (at >= 0) held.splice(at, 1);
      if (held.length === 1) this.index.set(hash, held[0] as number);
    }
  }

  /** Moves the live entries to the front, growing the columns when they are more than half full. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 <= this.hashes.length) {
      this.hashes.copyWithin(0, this.head, this.tail);
      this.revisions.copyWithin(0, this.head, this.tail);
      this.times.copyWithin(0, this.head, this.tail);
    } else {
      const capacity = this.hashes.length * 2;
      const hashes = new Int32Array(capacity);
      const revisions = new Float64Array(capacity);
      const times = new Float64Array(capacity);
      hashes.set(this.hashes.subarray(this.head, this.tail));
      revisions.set(this.revisions.subarray(this.head, this.tail));
      times.set(this.times.subarray(this.head, this.tail));
      [this.hashes, this.revisions, this.times] = [hashes, revisions, times];
    }
    this.head = 0;
    this.tail = live;
  }
}
