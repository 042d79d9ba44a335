// The kept revocations of the replica (DESIGN §2.7), indexed for the hot path: by session id, by
// subject and organization-wide, per organization ('' holds the global ones). Entries are applied in
// log order and purged from the front once no session they cover can still be alive, so memory stays
// bounded by the revocation rate times the application's absolute timeout.
import { revocationCovers, revocationExpiresAtMs, type RevokedSession } from '../domain/revocation';
import type { StoredRevocation } from './policy-store';

/** One organization's kept revocations: per-target indexes plus the list in log order (for paging). */
class OrganizationRevocations {
  readonly sessions = new Map<string, StoredRevocation>();
  readonly subjects = new Map<string, StoredRevocation>();
  /** The newest organization-wide revocation: it covers everything an older one does. */
  wholeOrganization: StoredRevocation | undefined;
  readonly list: StoredRevocation[] = [];
}

export class RevocationSet {
  private readonly organizations = new Map<string, OrganizationRevocations>();
  /** Every kept revocation in log order; entries before `head` are purged. */
  private queue: StoredRevocation[] = [];
  private head = 0;
  /** Actor names repeat across thousands of revocations: keep one copy of each. */
  private readonly actors = new Map<string, string>();

  get size(): number {
    return this.queue.length - this.head;
  }

  add(revocation: StoredRevocation): void {
    const entry = this.compact(revocation);
    let org = this.organizations.get(entry.organizationId);
    if (!org) this.organizations.set(entry.organizationId, (org = new OrganizationRevocations()));
    const t = entry.target;
    if (t.kind === 'SESSION') keepNewer(org.sessions, t.sessionId, entry);
    else if (t.kind === 'SUBJECT') keepNewer(org.subjects, t.subject, entry);
    else if (!org.wholeOrganization || org.wholeOrganization.revokedAtMs <= entry.revokedAtMs) org.wholeOrganization = entry;
    org.list.push(entry);
    this.queue.push(entry);
  }

  /** The kept revocation covering this session, if any (global ones included). */
  covering(session: RevokedSession): StoredRevocation | undefined {
    if (this.size === 0) return undefined;
    for (const organizationId of session.organizationIds) {
      const found = this.coveringIn(organizationId, session);
      if (found) return found;
    }
    return this.coveringIn('', session);
  }

  /** Drops every revocation whose retention ended at `nowMs` (front of the log order first). */
  purge(nowMs: number, applicationAbsoluteMinutes: number, maxClockSkewMs: number): number {
    let purged = 0;
    for (;;) {
      const entry = this.queue[this.head];
      if (!entry || revocationExpiresAtMs(entry.revokedAtMs, applicationAbsoluteMinutes, maxClockSkewMs) > nowMs) break;
      this.queue[this.head] = undefined as unknown as StoredRevocation;
      this.head += 1;
      purged += 1;
      this.forget(entry);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return purged;
  }

  /** Every kept revocation in log order (what a snapshot holds). */
  *all(): IterableIterator<StoredRevocation> {
    for (let i = this.head; i < this.queue.length; i++) yield this.queue[i] as StoredRevocation;
  }

  /** An organization's ('' for global) kept revocations after (revision, index), oldest first. */
  page(organizationId: string, after: { readonly revision: number; readonly index: number }, limit: number): { readonly revocations: StoredRevocation[]; readonly more: boolean } {
    const list = this.organizations.get(organizationId)?.list ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = list[mid] as StoredRevocation;
      if (at.revision < after.revision || (at.revision === after.revision && at.index <= after.index)) lo = mid + 1;
      else hi = mid;
    }
    return { revocations: list.slice(lo, lo + limit), more: lo + limit < list.length };
  }

  /** Kept revocations of these organizations and the global ones, in log order (a watch snapshot). */
  *of(organizationIds: ReadonlySet<string> | undefined): IterableIterator<StoredRevocation> {
    for (const entry of this.all()) if (!organizationIds || entry.organizationId === '' || organizationIds.has(entry.organizationId)) yield entry;
  }

  private coveringIn(organizationId: string, session: RevokedSession): StoredRevocation | undefined {
    const org = this.organizations.get(organizationId);
    if (!org) return undefined;
    const scoped: RevokedSession = organizationId === '' ? session : { ...session, organizationIds: [organizationId] };
    const candidates = [
      session.sessionId ? org.sessions.get(session.sessionId) : undefined,
      session.subject ? org.subjects.get(session.subject) : undefined,
      org.wholeOrganization,
    ];
    return candidates.find((c): c is StoredRevocation => c !== undefined && revocationCovers(c, scoped));
  }

  private forget(entry: StoredRevocation): void {
    const org = this.organizations.get(entry.organizationId);
    if (!org) return;
    // Purged in log order, so it is normally the front of its organization's list.
    const at = org.list[0] === entry ? 0 : org.list.indexOf(entry);
    if (at >= 0) org.list.splice(at, 1);
    const t = entry.target;
    if (t.kind === 'SESSION' && org.sessions.get(t.sessionId) === entry) org.sessions.delete(t.sessionId);
    if (t.kind === 'SUBJECT' && org.subjects.get(t.subject) === entry) org.subjects.delete(t.subject);
    if (org.wholeOrganization === entry) org.wholeOrganization = undefined;
    if (org.list.length === 0) this.organizations.delete(entry.organizationId);
  }

  /** One fixed-shape object per revocation, sharing the organization-wide target and actor strings. */
  private compact(r: StoredRevocation): StoredRevocation {
    let actor = this.actors.get(r.actor);
    if (actor === undefined) {
      if (this.actors.size > 10_000) this.actors.clear();
      this.actors.set(r.actor, (actor = r.actor));
    }
    return {
      revision: r.revision,
      index: r.index,
      organizationId: r.organizationId,
      target: r.target.kind === 'ORGANIZATION' ? WHOLE_ORGANIZATION : r.target,
      reason: r.reason,
      actor,
      revokedAtMs: r.revokedAtMs,
    };
  }
}

const WHOLE_ORGANIZATION = Object.freeze({ kind: 'ORGANIZATION' as const });

function keepNewer(index: Map<string, StoredRevocation>, key: string, entry: StoredRevocation): void {
  const held = index.get(key);
  if (!held || held.revokedAtMs <= entry.revokedAtMs) index.set(key, entry);
}
