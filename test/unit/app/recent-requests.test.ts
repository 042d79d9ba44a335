// RecentRequests against a plain model (a list in log order): random records, purges and lookups,
// through growth and compaction of its columns, hash collisions included.
import { RecentRequests, requestHash, requestKeyHash } from '../../../src/app/recent-requests';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

describe('RecentRequests', () => {
  it.each([1, 2, 3, 4])('matches a plain list under random records, purges and lookups (seed %i)', (seed) => {
    const next = random(seed);
    const recent = new RecentRequests();
    const model: { hash: number; revision: number; timeMs: number }[] = [];
    let revision = 0;
    let time = 1_000_000;
    // Few distinct hashes, so the same hash is recorded again and again, as colliding ids would be.
    const hashes = Array.from({ length: 300 }, (_, i) => requestHash('actor', `id-${i}`));
    for (let step = 0; step < 20_000; step++) {
      const roll = next();
      if (roll < 0.6) {
        time += Math.floor(next() * 10);
        const record = { hash: hashes[Math.floor(next() * hashes.length)] as number, revision: ++revision, timeMs: time };
        recent.record(record.hash, record.revision, record.timeMs);
        model.push(record);
      } else if (roll < 0.65) {
        const horizon = time - Math.floor(next() * 2000);
        let drop = 0;
        while (drop < model.length && (model[drop]?.timeMs as number) < horizon) drop++;
        expect(recent.purge(horizon)).toBe(drop);
        model.splice(0, drop);
      } else {
        const hash = hashes[Math.floor(next() * hashes.length)] as number;
        const expected = model.filter((r) => r.hash === hash).map((r) => r.revision).reverse();
        expect(recent.candidates(hash)).toEqual(expected);
      }
      expect(recent.size).toBe(model.length);
    }
    expect([...recent.all()]).toEqual(model);
  });

  it('hands a snapshot a copy that later records and purges do not change', () => {
    const recent = new RecentRequests();
    for (let i = 1; i <= 1000; i++) recent.record(requestHash('a', String(i)), i, i);
    const view = recent.all();
    for (let i = 1001; i <= 3000; i++) recent.record(requestHash('a', String(i)), i, i);
    recent.purge(2000);
    expect([...view].map((r) => r.revision)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(recent.candidates(requestHash('a', '5'))).toEqual([]);
    expect(recent.candidates(requestHash('a', '2500'))).toEqual([2500]);
  });

  it('hashes caller and id with FNV-1a, the function snapshots were written with', () => {
    // Snapshots store these hashes: a changed function would make every remembered id unfindable.
    expect(requestHash('service:admin', 'retry-1')).toBe(requestKeyHash('service:admin\u0000retry-1'));
    expect(requestKeyHash('')).toBe(0x811c9dc5 | 0);
    expect(requestKeyHash('a')).toBe(0xe40c292c | 0);
    expect(requestKeyHash('foobar')).toBe(0xbf9cf968 | 0);
  });
});
