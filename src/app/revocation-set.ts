// The kept revocations of the replica (docs/design.md §2.7), indexed for the hot path. Every instance
// holds all of them for as long as a session they cover can live (a day under the default policy), so
// they are kept in columns of typed arrays rather than as objects: 153 B of RSS per kept revocation
// instead of about 750 B (measured by `npm run bench:revocations`, BENCHMARKS.md "Session
// revocation"), and nothing per revocation for the garbage collector to trace. Slots are appended in
// log order and purged from the front; the session-id and subject index is an open-addressing hash
// table over the slots, and each organization keeps its slots in log order for paging.
import { revocationCovers, revocationExpiresAtMs, type KeptRevocations, type RevocationReason, type RevokedSession } from '../domain/revocation';
import type { StoredRevocation } from './policy-store';

const KIND_SESSION = 0;
const KIND_SUBJECT = 1;
const KIND_ORGANIZATION = 2;
const REASONS: readonly RevocationReason[] = ['LOGOUT', 'ADMIN', 'COMPROMISED', 'POLICY_CHANGE'];
const WHOLE_ORGANIZATION = Object.freeze({ kind: 'ORGANIZATION' as const });
/** keyLength of a key that is not all Latin-1 (never accepted by validation; kept as a string). */
const WIDE_KEY = 0xffff;
const EMPTY = 0;
const DELETED = -1;

/**
 * One organization's kept revocations ('' is the global scope). A plain array of slot numbers: many
 * organizations hold only a few revocations, and a typed array costs more than that in overhead.
 */
class OrganizationSlots {
  /** Slots in log order; entries before `head` are purged. */
  readonly slots: number[] = [];
  head = 0;
  /** The newest organization-wide revocation (it covers everything an older one does), or -1. */
  wholeOrganization = -1;
  /** Kept revocations by kind (KIND_SESSION, KIND_SUBJECT, KIND_ORGANIZATION): what the per-organization caps count. */
  readonly kinds = [0, 0, 0];
  constructor(
    readonly id: string,
    /** Its index in the organization table, which the columns hold. */
    readonly position: number,
  ) {}

  get length(): number {
    return this.slots.length;
  }

  get size(): number {
    return this.slots.length - this.head;
  }

  push(slot: number): void {
    // Drop the purged front now and then, not on every purge.
    if (this.head > 64 && this.head * 2 > this.slots.length) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
    this.slots.push(slot);
  }
}

/** The columns, growable; slot i of each describes the same revocation. */
class Columns {
  capacity: number;
  revision: Float64Array;
  revokedAtMs: Float64Array;
  index: Uint16Array;
  organization: Uint32Array;
  actor: Uint32Array;
  kindAndReason: Uint8Array;
  keyStart: Uint32Array;
  keyLength: Uint16Array;
  keyBytes: Uint8Array;
  keyBytesUsed = 0;

  constructor(capacity: number, keyCapacity: number) {
    this.capacity = capacity;
    this.revision = new Float64Array(capacity);
    this.revokedAtMs = new Float64Array(capacity);
    this.index = new Uint16Array(capacity);
    this.organization = new Uint32Array(capacity);
    this.actor = new Uint32Array(capacity);
    this.kindAndReason = new Uint8Array(capacity);
    this.keyStart = new Uint32Array(capacity);
    this.keyLength = new Uint16Array(capacity);
    this.keyBytes = new Uint8Array(keyCapacity);
  }
}

export class RevocationSet {
  private columns = new Columns(64, 1024);
  /** Slots in use; slots before `head` are purged. */
  private length = 0;
  private head = 0;
  private readonly organizations = new Map<string, OrganizationSlots>();
  /** Organization and actor tables: a revocation holds their index (names repeat across thousands). */
  private organizationTable: OrganizationSlots[] = [];
  private actorTable: string[] = [];
  private readonly actorIndex = new Map<string, number>();
  /** Keys that are not Latin-1, by slot (validation never accepts them; old data might hold them). */
  private readonly wideKeys = new Map<number, string>();
  /** Open addressing over (organization, kind, key) → slot + 1; EMPTY and DELETED mark free cells. */
  private table = new Int32Array(128);
  private tableUsed = 0;

  get size(): number {
    return this.length - this.head;
  }

  /** Adds a revocation; called in log order. */
  add(revocation: StoredRevocation): void {
    const key = keyOf(revocation);
    const c = this.ensureCapacity(1, key.length);
    const slot = this.length++;
    c.revision[slot] = revocation.revision;
    c.revokedAtMs[slot] = revocation.revokedAtMs;
    c.index[slot] = revocation.index;
    c.organization[slot] = this.organizationFor(revocation.organizationId);
    c.actor[slot] = this.actorFor(revocation.actor);
    c.kindAndReason[slot] = (kindOf(revocation) << 4) | Math.max(0, REASONS.indexOf(revocation.reason));
    this.writeKey(slot, key);
    this.place(slot, key, true);
  }

  /** Files a written slot under its organization, and in the index or as the organization-wide one. */
  private place(slot: number, key: string, mayGrow: boolean): void {
    const c = this.columns;
    const org = this.organizationTable[c.organization[slot] as number] as OrganizationSlots;
    org.push(slot);
    const kind = (c.kindAndReason[slot] as number) >> 4;
    org.kinds[kind] = (org.kinds[kind] as number) + 1;
    if (kind !== KIND_ORGANIZATION) this.index(slot, key, mayGrow);
    else if (org.wholeOrganization < 0 || (c.revokedAtMs[org.wholeOrganization] as number) <= (c.revokedAtMs[slot] as number)) org.wholeOrganization = slot;
  }

  /**
   * The kept revocation covering this session, if any (global ones included); `skewMs` is the
   * allowance of a session-id revocation past its revoke time (revocationCovers).
   */
  covering(session: RevokedSession, skewMs: number): StoredRevocation | undefined {
    if (this.size === 0) return undefined;
    for (const organizationId of session.organizationIds) {
      const found = this.coveringIn(organizationId, session, skewMs);
      if (found !== undefined) return found;
    }
    return this.coveringIn('', session, skewMs);
  }

  /** How many revocations of each kind a scope ('' the global one) keeps now (purged ones not counted). */
  kept(organizationId: string): KeptRevocations {
    const kinds = this.organizations.get(organizationId)?.kinds;
    return { sessionIds: kinds?.[KIND_SESSION] ?? 0, subjects: kinds?.[KIND_SUBJECT] ?? 0, organizationWide: kinds?.[KIND_ORGANIZATION] ?? 0 };
  }

  /** Drops every revocation whose retention ended at `nowMs` (front of the log order first). */
  purge(nowMs: number, applicationAbsoluteMinutes: number, maxClockSkewMs: number): number {
    const c = this.columns;
    let purged = 0;
    while (this.head < this.length && revocationExpiresAtMs(c.revokedAtMs[this.head] as number, applicationAbsoluteMinutes, maxClockSkewMs) <= nowMs) {
      this.forget(this.head);
      this.head += 1;
      purged += 1;
    }
    if (this.head === this.length) {
      this.head = this.length = 0;
      this.rebuild();
    } else if (this.head > 1024 && this.head * 2 > this.length) {
      this.rebuild();
    }
    return purged;
  }

  /**
   * Every kept revocation in log order, as it is now: a copy of the columns alone, sized to fit (no
   * index, no spare room, so less than the set itself holds), so a snapshot can be written while
   * revocations keep arriving and being purged.
   */
  all(): Iterable<StoredRevocation> {
    const frozen = new RevocationSet();
    frozen.columns = new Columns(Math.max(64, this.size), Math.max(1024, this.liveKeyBytes()));
    this.copyLiveColumns(frozen.columns, frozen.wideKeys);
    frozen.length = this.size;
    // Both tables only ever grow (a rebuild makes new ones), so the indexes the copy holds stay valid.
    frozen.organizationTable = this.organizationTable;
    frozen.actorTable = this.actorTable;
    return { [Symbol.iterator]: () => frozen.inLogOrder(() => true) };
  }

  /** An organization's ('' for global) kept revocations after (revision, index), oldest first. */
  page(organizationId: string, after: { readonly revision: number; readonly index: number }, limit: number): { readonly revocations: StoredRevocation[]; readonly more: boolean } {
    const org = this.organizations.get(organizationId);
    if (!org) return { revocations: [], more: false };
    const c = this.columns;
    let lo = org.head;
    let hi = org.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const slot = org.slots[mid] as number;
      const revision = c.revision[slot] as number;
      if (revision < after.revision || (revision === after.revision && (c.index[slot] as number) <= after.index)) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(org.length, lo + limit);
    const revocations: StoredRevocation[] = [];
    for (let i = lo; i < end; i++) revocations.push(this.materialize(org.slots[i] as number));
    return { revocations, more: end < org.length };
  }

  /** Kept revocations of these organizations and the global ones, in log order (a watch snapshot). */
  of(organizationIds: ReadonlySet<string> | undefined): IterableIterator<StoredRevocation> {
    return this.inLogOrder((organizationId) => !organizationIds || organizationId === '' || organizationIds.has(organizationId));
  }

  private *inLogOrder(keep: (organizationId: string) => boolean): IterableIterator<StoredRevocation> {
    for (let slot = this.head; slot < this.length; slot++) {
      if (keep(this.organizationIdOf(slot))) yield this.materialize(slot);
    }
  }

  private coveringIn(organizationId: string, session: RevokedSession, skewMs: number): StoredRevocation | undefined {
    const org = this.organizations.get(organizationId);
    if (!org || org.size === 0) return undefined;
    const scoped: RevokedSession = organizationId === '' ? session : { ...session, organizationIds: [organizationId] };
    // The newest revocation of a key is the one indexed: every rule covers sessions started up to its
    // revoke time, so it covers all that an older one of the same key does.
    const candidates = [
      session.sessionId ? this.lookup(organizationId, KIND_SESSION, session.sessionId) : -1,
      session.subject ? this.lookup(organizationId, KIND_SUBJECT, session.subject) : -1,
      org.wholeOrganization,
    ];
    for (const slot of candidates) {
      if (slot < 0) continue;
      const revocation = this.materialize(slot);
      if (revocationCovers(revocation, scoped, skewMs)) return revocation;
    }
    return undefined;
  }

  private materialize(slot: number): StoredRevocation {
    const c = this.columns;
    const kindAndReason = c.kindAndReason[slot] as number;
    const kind = kindAndReason >> 4;
    return {
      revision: c.revision[slot] as number,
      index: c.index[slot] as number,
      organizationId: this.organizationIdOf(slot),
      target: kind === KIND_SESSION ? { kind: 'SESSION', sessionId: this.keyAt(slot) } : kind === KIND_SUBJECT ? { kind: 'SUBJECT', subject: this.keyAt(slot) } : WHOLE_ORGANIZATION,
      reason: REASONS[kindAndReason & 0xf] ?? 'LOGOUT',
      actor: this.actorTable[c.actor[slot] as number] ?? '',
      revokedAtMs: c.revokedAtMs[slot] as number,
    };
  }

  private organizationIdOf(slot: number): string {
    return (this.organizationTable[this.columns.organization[slot] as number] as OrganizationSlots).id;
  }

  private organizationFor(organizationId: string): number {
    let org = this.organizations.get(organizationId);
    if (!org) {
      org = new OrganizationSlots(organizationId, this.organizationTable.length);
      this.organizations.set(organizationId, org);
      this.organizationTable.push(org);
    }
    return org.position;
  }

  private actorFor(actor: string): number {
    let index = this.actorIndex.get(actor);
    if (index === undefined) {
      index = this.actorTable.length;
      this.actorTable.push(actor);
      this.actorIndex.set(actor, index);
    }
    return index;
  }

  // ---- keys ----

  private writeKey(slot: number, key: string): void {
    const c = this.columns;
    c.keyStart[slot] = c.keyBytesUsed;
    if (!isLatin1(key)) {
      c.keyLength[slot] = WIDE_KEY;
      this.wideKeys.set(slot, key);
      return;
    }
    for (let i = 0; i < key.length; i++) c.keyBytes[c.keyBytesUsed + i] = key.charCodeAt(i);
    c.keyLength[slot] = key.length;
    c.keyBytesUsed += key.length;
  }

  private keyAt(slot: number): string {
    const c = this.columns;
    const length = c.keyLength[slot] as number;
    if (length === WIDE_KEY) return this.wideKeys.get(slot) ?? '';
    const start = c.keyStart[slot] as number;
    return String.fromCharCode.apply(null, c.keyBytes.subarray(start, start + length) as unknown as number[]);
  }

  private keyEquals(slot: number, key: string): boolean {
    const c = this.columns;
    const length = c.keyLength[slot] as number;
    if (length === WIDE_KEY) return this.wideKeys.get(slot) === key;
    if (length !== key.length) return false;
    const start = c.keyStart[slot] as number;
    for (let i = 0; i < length; i++) if (c.keyBytes[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  // ---- the (organization, kind, key) index ----

  /** The slot of the newest kept revocation of this organization, kind and key, or -1. */
  private lookup(organizationId: string, kind: number, key: string): number {
    const org = this.organizations.get(organizationId);
    if (!org) return -1;
    const organization = org.position;
    const mask = this.table.length - 1;
    for (let cell = hashOf(organization, kind, key) & mask; ; cell = (cell + 1) & mask) {
      const entry = this.table[cell] as number;
      if (entry === EMPTY) return -1;
      if (entry === DELETED) continue;
      const slot = entry - 1;
      if (this.sameKey(slot, organization, kind, key)) return slot;
    }
  }

  private sameKey(slot: number, organization: number, kind: number, key: string): boolean {
    const c = this.columns;
    return c.organization[slot] === organization && (c.kindAndReason[slot] as number) >> 4 === kind && this.keyEquals(slot, key);
  }

  /** Indexes a session or subject slot under its key; the newer revocation of a key (by revoke time) wins. */
  private index(slot: number, key: string, mayGrow: boolean): void {
    if (mayGrow && (this.tableUsed + 1) * 2 > this.table.length) {
      this.rebuild();
      return; // the rebuild indexed every live slot, this one included
    }
    const c = this.columns;
    const organization = c.organization[slot] as number;
    const kind = (c.kindAndReason[slot] as number) >> 4;
    const mask = this.table.length - 1;
    let free = -1;
    for (let cell = hashOf(organization, kind, key) & mask; ; cell = (cell + 1) & mask) {
      const entry = this.table[cell] as number;
      if (entry === EMPTY) {
        this.table[free >= 0 ? free : cell] = slot + 1;
        if (free < 0) this.tableUsed += 1;
        return;
      }
      if (entry === DELETED) {
        if (free < 0) free = cell;
        continue;
      }
      const held = entry - 1;
      if (this.sameKey(held, organization, kind, key)) {
        if ((c.revokedAtMs[held] as number) <= (c.revokedAtMs[slot] as number)) this.table[cell] = slot + 1;
        return;
      }
    }
  }

  private unindex(slot: number): void {
    const c = this.columns;
    const mask = this.table.length - 1;
    for (let cell = hashOf(c.organization[slot] as number, (c.kindAndReason[slot] as number) >> 4, this.keyAt(slot)) & mask; ; cell = (cell + 1) & mask) {
      const entry = this.table[cell] as number;
      if (entry === EMPTY) return;
      if (entry === slot + 1) {
        this.table[cell] = DELETED;
        return;
      }
    }
  }

  private forget(slot: number): void {
    const org = this.organizationTable[this.columns.organization[slot] as number] as OrganizationSlots;
    // Purged in log order, so it is the front of its organization's slots.
    if (org.slots[org.head] === slot) org.head += 1;
    if (org.wholeOrganization === slot) org.wholeOrganization = -1;
    const kind = (this.columns.kindAndReason[slot] as number) >> 4;
    org.kinds[kind] = (org.kinds[kind] as number) - 1;
    if (kind !== KIND_ORGANIZATION) this.unindex(slot);
    if (this.columns.keyLength[slot] === WIDE_KEY) this.wideKeys.delete(slot);
  }

  // ---- growth and compaction ----

  private ensureCapacity(slots: number, keyLength: number): Columns {
    const c = this.columns;
    if (this.length + slots <= c.capacity && c.keyBytesUsed + keyLength <= c.keyBytes.length) return c;
    // Compact the purged front away first; grow only when the live part needs it.
    const live = this.size + slots;
    const liveKeyBytes = this.liveKeyBytes() + keyLength;
    // Growing by half keeps the unused tail (and the copy while growing) small next to the live part.
    const grownTo = (needed: number, now: number, least: number): number => Math.max(least, needed > now ? Math.ceil(needed * 1.5) : now);
    const grown = new Columns(grownTo(live, c.capacity, 64), grownTo(liveKeyBytes, c.keyBytes.length, 1024));
    this.moveLiveInto(grown);
    return grown;
  }

  /** Rebuilds the index and the organizations' slot lists over the live slots, compacted to the front. */
  private rebuild(): void {
    const c = this.columns;
    // Shrinks after a large purge, so a burst of revocations does not hold its memory for good.
    this.moveLiveInto(new Columns(Math.max(64, Math.min(c.capacity, this.size * 2 + 64)), Math.max(1024, Math.min(c.keyBytes.length, this.liveKeyBytes() * 2 + 1024))));
  }

  private liveKeyBytes(): number {
    const c = this.columns;
    return c.keyBytesUsed - (this.head < this.length ? (c.keyStart[this.head] as number) : c.keyBytesUsed);
  }

  /** Copies the live slots' columns and keys to the front of `target` (organization indexes unchanged). */
  private copyLiveColumns(target: Columns, wideKeys: Map<number, string>): void {
    const from = this.columns;
    const live = this.size;
    const firstKey = this.head < this.length ? (from.keyStart[this.head] as number) : from.keyBytesUsed;
    const copy = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(to: T, source: T): void => to.set(source.subarray(this.head, this.length) as never);
    copy(target.revision, from.revision);
    copy(target.revokedAtMs, from.revokedAtMs);
    copy(target.index, from.index);
    copy(target.organization, from.organization);
    copy(target.actor, from.actor);
    copy(target.kindAndReason, from.kindAndReason);
    copy(target.keyLength, from.keyLength);
    target.keyBytes.set(from.keyBytes.subarray(firstKey, from.keyBytesUsed));
    target.keyBytesUsed = from.keyBytesUsed - firstKey;
    for (let i = 0; i < live; i++) target.keyStart[i] = (from.keyStart[this.head + i] as number) - firstKey;
    const wide = [...this.wideKeys].map(([slot, key]) => [slot - this.head, key] as const);
    wideKeys.clear();
    for (const [slot, key] of wide) wideKeys.set(slot, key);
  }

  private moveLiveInto(target: Columns): void {
    const live = this.size;
    this.copyLiveColumns(target, this.wideKeys);
    // Organizations without kept revocations are dropped; the others get new table indexes.
    const renumber = new Map<number, number>();
    const table: OrganizationSlots[] = [];
    this.organizations.clear();
    for (let i = 0; i < live; i++) {
      const old = target.organization[i] as number;
      let now = renumber.get(old);
      if (now === undefined) {
        now = table.length;
        renumber.set(old, now);
        const org = new OrganizationSlots((this.organizationTable[old] as OrganizationSlots).id, now);
        table.push(org);
        this.organizations.set(org.id, org);
      }
      target.organization[i] = now;
    }
    this.organizationTable = table;
    this.columns = target;
    this.length = live;
    this.head = 0;
    this.table = new Int32Array(tableSizeFor(live));
    this.tableUsed = 0;
    for (let slot = 0; slot < live; slot++) this.place(slot, this.keyAt(slot), false);
  }
}

function keyOf(revocation: StoredRevocation): string {
  const t = revocation.target;
  return t.kind === 'SESSION' ? t.sessionId : t.kind === 'SUBJECT' ? t.subject : '';
}

function kindOf(revocation: StoredRevocation): number {
  const kind = revocation.target.kind;
  return kind === 'SESSION' ? KIND_SESSION : kind === 'SUBJECT' ? KIND_SUBJECT : KIND_ORGANIZATION;
}

function isLatin1(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0xff) return false;
  return key.length < WIDE_KEY;
}

/** FNV-1a over the organization's table index, the kind and the key's characters. */
function hashOf(organization: number, kind: number, key: string): number {
  let h = Math.imul(Math.imul(0x811c9dc5 ^ organization, 0x01000193) ^ kind, 0x01000193);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A power of two above twice the live keys: the table is rebuilt before it is more than half used. */
function tableSizeFor(live: number): number {
  let size = 128;
  while (size < live * 2 + 2) size *= 2;
  return size;
}
