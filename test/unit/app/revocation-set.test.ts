// The columnar RevocationSet against the plainest possible model of the same rules: a list of
// revocations in log order, searched with the domain's revocationCovers. Random runs of adds, purges,
// lookups, pages and snapshots, through growth, compaction and index rebuilds.
import type { StoredRevocation } from '../../../src/app/policy-store';
import { RevocationSet } from '../../../src/app/revocation-set';
import { revocationCovers, revocationExpiresAtMs, type RevokedSession } from '../../../src/domain/revocation';

/** Deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ABSOLUTE_MINUTES = 60;
const SKEW_MS = 1000;
const REASONS = ['LOGOUT', 'ADMIN', 'COMPROMISED', 'POLICY_CHANGE'] as const;

class Model {
  kept: StoredRevocation[] = [];
  add(r: StoredRevocation): void {
    this.kept.push(r);
  }
  purge(nowMs: number): number {
    let n = 0;
    while (this.kept[0] && revocationExpiresAtMs(this.kept[0].revokedAtMs, ABSOLUTE_MINUTES, SKEW_MS) <= nowMs) {
      this.kept.shift();
      n++;
    }
    return n;
  }
  /** Kept revocations of one scope by kind, as the per-organization caps count them. */
  counts(organizationId: string): { sessionIds: number; subjects: number; organizationWide: number } {
    const mine = this.kept.filter((r) => r.organizationId === organizationId);
    const of = (kind: string): number => mine.filter((r) => r.target.kind === kind).length;
    return { sessionIds: of('SESSION'), subjects: of('SUBJECT'), organizationWide: of('ORGANIZATION') };
  }
  /** Any kept revocation covering the session (the set answers one of them). */
  covers(session: RevokedSession): StoredRevocation[] {
    const scopes = [...session.organizationIds, ''];
    return this.kept.filter((r) => scopes.includes(r.organizationId) && revocationCovers(r, r.organizationId === '' ? session : { ...session, organizationIds: [r.organizationId] }, SKEW_MS));
  }
}

const plain = (r: StoredRevocation): StoredRevocation => ({
  revision: r.revision,
  index: r.index,
  organizationId: r.organizationId,
  target: r.target,
  reason: r.reason,
  actor: r.actor,
  revokedAtMs: r.revokedAtMs,
});

describe('RevocationSet', () => {
  it.each([1, 2, 3, 4, 5, 6])('when random adds, purges and lookups run (seed %i), then it answers exactly as a plain list does', (seed) => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const organizations = ['', 'org-a', 'org-b', 'org-c', ...Array.from({ length: 40 }, (_, i) => `org-${i}`)];
    const keys = [...Array.from({ length: 300 }, (_, i) => `s-${i}`), 'alice', 'bob', 'ünïcode-λ', 'x'.repeat(128)];
    const set = new RevocationSet();
    const model = new Model();
    let now = 1_700_000_000_000;
    let revision = 0;
    for (let step = 0; step < 6000; step++) {
      const op = next();
      if (op < 0.55) {
        // A change of 1..3 revocations, as group commit records them.
        revision += 1;
        const group = 1 + Math.floor(next() * 3);
        for (let index = 0; index < group; index++) {
          const kind = next();
          const organizationId = pick(organizations);
          const target: StoredRevocation['target'] =
            kind < 0.6 ? { kind: 'SESSION', sessionId: pick(keys) } : kind < 0.9 || organizationId === '' ? { kind: 'SUBJECT', subject: pick(keys) } : { kind: 'ORGANIZATION' };
          // Clocks of instances disagree a little: revoke times are not monotonic in log order.
          const r: StoredRevocation = { revision, index, organizationId, target, reason: pick(REASONS), actor: pick(['svc:a', 'svc:b', 'user@x']), revokedAtMs: now - Math.floor(next() * 2000) };
          set.add(r);
          model.add(r);
        }
      } else if (op < 0.65) {
        now += Math.floor(next() * 20 * 60_000);
        expect(set.purge(now, ABSOLUTE_MINUTES, SKEW_MS)).toBe(model.purge(now));
        expect(set.size).toBe(model.kept.length);
      } else if (op < 0.95) {
        const session: RevokedSession = {
          organizationIds: Array.from({ length: Math.floor(next() * 3) }, () => pick(organizations.slice(1))),
          sessionStartMs: now - Math.floor(next() * 4 * 3_600_000) + (next() < 0.1 ? 5000 : 0),
          ...(next() < 0.7 ? { sessionId: pick(keys) } : {}),
          ...(next() < 0.5 ? { subject: pick(keys) } : {}),
        };
        const found = set.covering(session, SKEW_MS);
        const expected = model.covers(session);
        // A revocation past its retention but not yet purged (it waits behind a later-expiring one in
        // log order) may or may not be found: no session it covers can be alive any more.
        const live = expected.filter((r) => revocationExpiresAtMs(r.revokedAtMs, ABSOLUTE_MINUTES, SKEW_MS) > now);
        if (expected.length === 0) expect(found).toBeUndefined();
        if (live.length > 0) expect(found).toBeDefined();
        if (found) expect(expected.map(plain)).toContainEqual(found);
      } else {
        const organizationId = pick(organizations);
        const mine = model.kept.filter((r) => r.organizationId === organizationId);
        const collected: StoredRevocation[] = [];
        let after = { revision: 0, index: 0 };
        for (let guard = 0; guard < 1000; guard++) {
          const page = set.page(organizationId, after, 7);
          collected.push(...page.revocations);
          const last = page.revocations[page.revocations.length - 1];
          if (!page.more || !last) break;
          after = { revision: last.revision, index: last.index };
        }
        expect(collected).toEqual(mine.map(plain));
        expect(set.kept(organizationId)).toEqual(model.counts(organizationId));
      }
    }
    expect([...set.all()]).toEqual(model.kept.map(plain));
    for (const organizationId of organizations) expect(set.kept(organizationId)).toEqual(model.counts(organizationId));
    expect([...set.of(new Set(['org-a']))]).toEqual(model.kept.filter((r) => r.organizationId === 'org-a' || r.organizationId === '').map(plain));
  });

  it('when revocations are added and purged after a snapshot view was taken, then the view still lists the state it was taken at', () => {
    const set = new RevocationSet();
    const at = 1_700_000_000_000;
    for (let i = 0; i < 3000; i++) set.add({ revision: i + 1, index: 0, organizationId: `org-${i % 7}`, target: { kind: 'SESSION', sessionId: `s-${i}` }, reason: 'LOGOUT', actor: 'a', revokedAtMs: at + i });
    const view = set.all();
    const before = [...view];
    for (let i = 3000; i < 6000; i++) set.add({ revision: i + 1, index: 0, organizationId: 'org-new', target: { kind: 'SUBJECT', subject: `u-${i}` }, reason: 'ADMIN', actor: 'b', revokedAtMs: at + i });
    expect(set.purge(at + 2500 + ABSOLUTE_MINUTES * 60_000, ABSOLUTE_MINUTES, 0)).toBe(2501);
    expect([...view]).toEqual(before);
    expect(before).toHaveLength(3000);
    expect(set.size).toBe(3499);
    expect(set.covering({ organizationIds: ['org-new'], sessionStartMs: at, subject: 'u-5999' }, 0)?.revision).toBe(6000);
    expect(set.covering({ organizationIds: ['org-0'], sessionStartMs: at, sessionId: 's-14' }, 0)).toBeUndefined();
    expect(set.covering({ organizationIds: ['org-3'], sessionStartMs: at, sessionId: 's-2999' }, 0)?.revision).toBe(3000);
  });

  it('when everything is purged, then the set is empty and takes new revocations', () => {
    const set = new RevocationSet();
    for (let i = 0; i < 5000; i++) set.add({ revision: i + 1, index: 0, organizationId: 'o', target: { kind: 'SESSION', sessionId: `s-${i}` }, reason: 'COMPROMISED', actor: 'a', revokedAtMs: i });
    expect(set.purge(10 ** 9, 1, 0)).toBe(5000);
    expect(set.size).toBe(0);
    expect([...set.all()]).toEqual([]);
    set.add({ revision: 5001, index: 0, organizationId: 'o', target: { kind: 'SESSION', sessionId: 's-1' }, reason: 'LOGOUT', actor: 'a', revokedAtMs: 10 ** 9 });
    expect(set.covering({ organizationIds: ['o'], sessionStartMs: 0, sessionId: 's-1' }, 0)?.revision).toBe(5001);
    expect(set.page('o', { revision: 0, index: 0 }, 10).revocations.map((r) => r.revision)).toEqual([5001]);
  });
});
