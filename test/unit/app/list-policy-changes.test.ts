// ListPolicyChanges over the store port (in memory): store reads per page counted by read unit, as
// MongoPolicyStore sends them (one find per log segment), and the deadline bound.
import { PolicyError } from '../../../src/app/errors';
import type { PolicyChangeRecord } from '../../../src/app/policy-store';
import { listPolicyChanges } from '../../../src/app/use-cases/list-policy-changes';
import { updateOrganizationSessionPolicy } from '../../../src/app/use-cases/organization-session-policy';
import { updateOrganizationSettings } from '../../../src/app/use-cases/organization-settings';
import { InMemoryStore } from './support/in-memory-store';
import { platformAdmin, testContext, type TestContext } from './support/context';

const ORG = 'org-long';

/** Counts store reads as MongoPolicyStore makes them: a readChangesAt is one read per unit it touches. */
function countReads(memory: InMemoryStore): { reads: number } {
  const counter = { reads: 0 };
  const readChangesAt = memory.readChangesAt.bind(memory);
  const readHistory = memory.readHistory.bind(memory);
  const readChange = memory.readChange.bind(memory);
  memory.readChangesAt = (revisions) => {
    counter.reads += new Set(revisions.map((r) => memory.readUnitOf(r))).size;
    return readChangesAt(revisions);
  };
  memory.readHistory = (organizationId, through, limit) => {
    counter.reads += 1;
    return readHistory(organizationId, through, limit);
  };
  memory.readChange = (revision) => {
    counter.reads += 1;
    return readChange(revision);
  };
  return counter;
}

/** ORG changed `changes` times with `fillers` changes of other organizations after each: a chain spread over many read units. */
async function seed(ctx: TestContext, changes: number, fillers: number): Promise<void> {
  await updateOrganizationSettings(ctx, platformAdmin, { organizationId: ORG, features: [{ name: 'session_policy', enabled: true }], etag: '' });
  for (let i = 1; i <= changes; i++) {
    await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: ORG, policy: { policySource: 2, absolute: { value: 60 + i, unit: 1 }, idleEnabled: false }, etag: '' });
    for (let f = 0; f < fillers; f++) {
      await updateOrganizationSettings(ctx, platformAdmin, { organizationId: `org-f${f}`, features: [{ name: 'session_policy', enabled: i % 2 === 0 }], etag: '' });
    }
  }
}

/** The chain as the log holds it, newest first. */
function chainInLog(memory: InMemoryStore): PolicyChangeRecord[] {
  return [...memory.log.values()].filter((c) => c.organizationId === ORG && c.target !== 'SESSION_REVOCATION').sort((a, b) => b.revision - a.revision);
}

async function walk(ctx: TestContext, counter: { reads: number }, pageSize: number): Promise<{ pages: { entries: number; reads: number }[]; revisions: number[] }> {
  const pages: { entries: number; reads: number }[] = [];
  const revisions: number[] = [];
  let pageToken = '';
  do {
    counter.reads = 0;
    const page = await listPolicyChanges(ctx, platformAdmin, { organizationId: ORG, pageSize, pageToken });
    pages.push({ entries: page.changes.length, reads: counter.reads });
    revisions.push(...page.changes.map((c) => c.revision));
    pageToken = page.nextPageToken;
  } while (pageToken !== '' && pages.length < 1000);
  return { pages, revisions };
}

describe('a page of an organization history', () => {
  // 400 changes of ORG, each followed by 9 others: 4000 revisions over four read units of 1024.
  let memory: InMemoryStore;
  let writer: TestContext;
  beforeAll(async () => {
    memory = new InMemoryStore();
    writer = await testContext(memory, { snapshotEveryChanges: 3000, retainedChanges: 100 });
    await seed(writer, 400, 9);
  });

  it('costs at most two store reads on the instance that applied the chain, and lists all of it in order', async () => {
    const counter = countReads(memory);
    for (const pageSize of [10, 50, 500]) {
      const { pages, revisions } = await walk(writer, counter, pageSize);
      expect(pages.filter((p) => p.reads > 2)).toEqual([]);
      expect(revisions).toEqual(chainInLog(memory).map((c) => c.revision));
      // Cut only where a third unit would be read: with ~100 of ORG's entries per unit, pages stay long.
      expect(pages.slice(0, -1).every((p) => p.entries >= Math.min(pageSize, 100))).toBe(true);
    }
  });

  it('costs at most two store reads on an instance that loaded a snapshot and has not seen the older chain', async () => {
    const fresh = await testContext(memory, { retainedChanges: 100 });
    expect(fresh.replica.previousInHistory(1000)).toBeUndefined();
    const counter = countReads(memory);
    const { pages, revisions } = await walk(fresh, counter, 500);
    expect(pages.filter((p) => p.reads > 2)).toEqual([]);
    expect(revisions).toEqual(chainInLog(memory).map((c) => c.revision));
    // What it read once it knows: the same walk again reads no more.
    expect((await walk(fresh, counter, 500)).revisions).toEqual(revisions);
    expect(fresh.replica.previousInHistory(chainInLog(memory).at(-1)?.revision ?? 0)).toBe(0);
  });

  it('is read from memory alone while the replica holds it', async () => {
    const counter = countReads(memory);
    const page = await (async () => {
      counter.reads = 0;
      return listPolicyChanges(writer, platformAdmin, { organizationId: ORG, pageSize: 5, pageToken: '' });
    })();
    expect(page.changes.map((c) => c.revision)).toEqual(chainInLog(memory).slice(0, 5).map((c) => c.revision));
    expect(counter.reads).toBe(0);
  });
});

describe('when the caller cannot wait', () => {
  it('then a store that does not answer is answered DEADLINE_EXCEEDED ahead of the deadline', async () => {
    const memory = new InMemoryStore();
    const ctx = await testContext(memory, { retainedChanges: 100 });
    await seed(ctx, 150, 1);
    memory.readChangesAt = () => new Promise(() => undefined);
    memory.readHistory = () => new Promise(() => undefined);
    const started = performance.now();
    const error = await listPolicyChanges(ctx, platformAdmin, { organizationId: ORG, pageSize: 500, pageToken: '' }, undefined, ctx.clock.now + 400).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(PolicyError);
    expect({ status: (error as PolicyError).status, reason: (error as PolicyError).reason }).toEqual({ status: 'DEADLINE_EXCEEDED', reason: 'DEADLINE_EXCEEDED' });
    // 10% of the time it had (40 ms) before the deadline.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(400);
  });

  it('then a caller that has gone is answered at once, and the store is not read', async () => {
    const memory = new InMemoryStore();
    const ctx = await testContext(memory, { retainedChanges: 100 });
    await seed(ctx, 150, 1);
    const counter = countReads(memory);
    const gone = new AbortController();
    gone.abort();
    const error = await listPolicyChanges(ctx, platformAdmin, { organizationId: ORG, pageSize: 500, pageToken: '' }, gone.signal).catch((e: unknown) => e);
    expect((error as PolicyError).status).toBe('DEADLINE_EXCEEDED');
    expect(counter.reads).toBe(0);
  });
});

it('when many listings miss memory at once, then one store read is in flight at a time, the others wait their turn within their deadline', async () => {
  const memory = new InMemoryStore();
  const ctx = await testContext(memory, { retainedChanges: 100 });
  await seed(ctx, 300, 1);
  let inFlight = 0;
  let most = 0;
  const slow = <T>(read: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    return new Promise<T>((done) => setTimeout(() => void read().then((v) => {
      inFlight -= 1;
      done(v);
    }), 50));
  };
  const readChangesAt = memory.readChangesAt.bind(memory);
  memory.readChangesAt = (revisions) => slow(() => readChangesAt(revisions));
  const list = (deadlineMs?: number) => listPolicyChanges(ctx, platformAdmin, { organizationId: ORG, pageSize: 50, pageToken: '' }, undefined, deadlineMs).then(
    (page) => page.changes.length,
    (e: unknown) => (e as PolicyError).status,
  );
  // Eight pages of one read of 50 ms each, one at a time: the first three fit in the 180 ms a 200 ms
  // deadline leaves, the later ones cannot and say so before it.
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => list(ctx.clock.now + 200)));
  expect(most).toBe(1);
  expect(outcomes.filter((o) => o === 50).length).toBeGreaterThanOrEqual(2);
  expect(outcomes.filter((o) => o === 'DEADLINE_EXCEEDED').length).toBeGreaterThanOrEqual(4);
  expect(outcomes.every((o) => o === 50 || o === 'DEADLINE_EXCEEDED')).toBe(true);
  // Nothing is left holding a slot: a listing alone is answered at once.
  expect(await list()).toBe(50);
});

it('when the store no longer holds an entry the chain names, the history ends there (no page token that would name it again)', async () => {
  const memory = new InMemoryStore();
  const ctx = await testContext(memory, { retainedChanges: 100 });
  await seed(ctx, 300, 1);
  const chain = chainInLog(memory);
  const lost = chain[200] as PolicyChangeRecord;
  memory.log.delete(lost.revision);
  const { revisions, pages } = await walk(ctx, countReads(memory), 50);
  expect(revisions).toEqual(chain.slice(0, 200).map((c) => c.revision));
  expect(pages.filter((p) => p.reads > 2)).toEqual([]);
});
