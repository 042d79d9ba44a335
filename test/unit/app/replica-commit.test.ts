// Commit = one append at head + 1, decided by the slot alone: racing writers, callers that gave up,
// retries with a request id, a store that fails mid-append, snapshots and restarts.
import { PolicyError } from '../../../src/app/errors';
import { updateOrganizationSessionPolicy } from '../../../src/app/use-cases/organization-session-policy';
import { updateOrganizationSettings } from '../../../src/app/use-cases/organization-settings';
import { requestHash } from '../../../src/app/recent-requests';
import { InMemoryStore } from './support/in-memory-store';
import { platformAdmin, reader, testContext, type TestContext } from './support/context';

const custom = (absoluteMinutes: number) => ({ policySource: 2, absolute: { value: absoluteMinutes } });

async function enable(ctx: TestContext, organizationId: string): Promise<void> {
  await updateOrganizationSettings(ctx, platformAdmin, { organizationId, features: [{ name: 'session_policy', enabled: true }], etag: '' });
}

async function outcome(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'OK',
    (e: unknown) => (e instanceof PolicyError ? `${e.status}:${e.reason}` : `THROWN:${String(e)}`),
  );
}

function revisions(memory: InMemoryStore): number[] {
  return [...memory.log.keys()].sort((a, b) => a - b);
}

describe('when two instances race updates with the same etag', () => {
  it('then exactly one wins per etag, the other is ABORTED, and revisions stay dense', async () => {
    const memory = new InMemoryStore();
    const a = await testContext(memory);
    const b = await testContext(memory);
    await enable(a, 'org-race');
    await b.replica.catchUp();
    let etag = '"op0"';
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all([
        outcome(updateOrganizationSessionPolicy(a, platformAdmin, { organizationId: 'org-race', policy: custom(600 + round), etag })),
        outcome(updateOrganizationSessionPolicy(b, platformAdmin, { organizationId: 'org-race', policy: custom(700 + round), etag })),
      ]);
      expect(results.filter((r) => r === 'OK')).toHaveLength(1);
      expect(results.filter((r) => r === 'ABORTED:ETAG_MISMATCH')).toHaveLength(1);
      await a.replica.catchUp();
      await b.replica.catchUp();
      etag = `"op${round + 1}"`;
    }
    expect(revisions(memory)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('then without an etag both commit, each against the newer state (last writer wins)', async () => {
    const memory = new InMemoryStore();
    const a = await testContext(memory);
    const b = await testContext(memory);
    await enable(a, 'org-lww');
    await b.replica.catchUp();
    await Promise.all([
      updateOrganizationSessionPolicy(a, platformAdmin, { organizationId: 'org-lww', policy: custom(600), etag: '' }),
      updateOrganizationSessionPolicy(b, platformAdmin, { organizationId: 'org-lww', policy: custom(700), etag: '' }),
    ]);
    expect(revisions(memory)).toEqual([1, 2, 3]);
    expect(memory.log.get(3)?.organization?.after.policyVersion).toBe(2);
  });
});

describe('when the caller has already gone', () => {
  it('then nothing is committed: a passed deadline or an aborted signal is DEADLINE_EXCEEDED', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-late');
    const size = ctx.memory.log.size;
    const late = await outcome(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-late', policy: custom(600), etag: '' }, { deadlineMs: ctx.clock.now - 1 }));
    const controller = new AbortController();
    controller.abort();
    const cancelled = await outcome(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-late', policy: custom(600), etag: '' }, { signal: controller.signal }));
    expect([late, cancelled]).toEqual(['DEADLINE_EXCEEDED:DEADLINE_EXCEEDED', 'DEADLINE_EXCEEDED:DEADLINE_EXCEEDED']);
    expect(ctx.memory.log.size).toBe(size);
  });
});

describe('when a write is retried with the same request_id', () => {
  it('then the first result is returned and nothing is applied twice, even after the state moved on', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-retry');
    const first = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-retry', policy: custom(600), etag: '', requestId: 'req-1' });
    await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-retry', policy: custom(500), etag: '' });
    const size = ctx.memory.log.size;
    const retried = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-retry', policy: custom(600), etag: '', requestId: 'req-1' });
    expect(retried).toEqual(first);
    expect(ctx.memory.log.size).toBe(size);
  });

  it('then the same id used for another organization is INVALID_ARGUMENT, and another caller’s id is its own', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-one');
    await enable(ctx, 'org-two');
    await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-one', policy: custom(600), etag: '', requestId: 'req-x' });
    expect(await outcome(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-two', policy: custom(600), etag: '', requestId: 'req-x' }))).toBe('INVALID_ARGUMENT:REQUEST_ID_REUSED');
    const otherAdmin = { ...platformAdmin, actor: 'service:other-admin' };
    expect(await outcome(updateOrganizationSessionPolicy(ctx, otherAdmin, { organizationId: 'org-two', policy: custom(600), etag: '', requestId: 'req-x' }))).toBe('OK');
    expect(await outcome(updateOrganizationSessionPolicy(ctx, reader, { organizationId: 'org-two', policy: custom(600), etag: '', requestId: 'req-x' }))).toBe('PERMISSION_DENIED:INSUFFICIENT_SCOPE');
  });

  it('then request ids survive a restart through the snapshot', async () => {
    const memory = new InMemoryStore();
    const ctx = await testContext(memory, { snapshotEveryChanges: 2 });
    await enable(ctx, 'org-restart');
    const first = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-restart', policy: custom(600), etag: '', requestId: 'req-r' });
    await ctx.replica.stop();
    expect(memory.snapshot?.revision).toBe(2);
    const restarted = await testContext(memory);
    expect(await updateOrganizationSessionPolicy(restarted, platformAdmin, { organizationId: 'org-restart', policy: custom(600), etag: '', requestId: 'req-r' })).toEqual(first);
    expect(memory.log.size).toBe(2);
  });
});

describe('when the store fails mid-append', () => {
  it('then an append that landed is found and answered OK, exactly once', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-unknown');
    ctx.memory.failAfterNextAppend = true;
    const result = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-unknown', policy: custom(600), etag: '' });
    expect(result.etag).toBe('"op1"');
    expect(revisions(ctx.memory)).toEqual([1, 2]);
  });

  it('then with the store down, UNAVAILABLE and nothing half-written', async () => {
    const ctx = await testContext();
    await enable(ctx, 'org-down');
    ctx.memory.down = true;
    await ctx.replica.catchUp();
    expect(await outcome(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-down', policy: custom(600), etag: '' }))).toBe('UNAVAILABLE:STORE_UNAVAILABLE');
    ctx.memory.down = false;
    expect(revisions(ctx.memory)).toEqual([1]);
  });
});

describe('when an instance starts on an existing store', () => {
  it('then it loads the newest snapshot plus the log after it, and serves the same state', async () => {
    const memory = new InMemoryStore();
    const ctx = await testContext(memory, { snapshotEveryChanges: 3 });
    for (let i = 0; i < 4; i++) await enable(ctx, `org-${i}`);
    await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-1', policy: custom(600), etag: '' });
    await ctx.replica.stop();
    expect(memory.snapshot?.revision).toBe(3);
    const fresh = await testContext(memory);
    expect(fresh.replica.revision).toBe(5);
    expect(fresh.replica.organization('org-1')).toEqual(ctx.replica.organization('org-1'));
    expect(fresh.replica.organization('org-3').features.session_policy).toBe(true);
    expect(fresh.replica.organization('org-never').recordRevision).toBe(0);
  });
});

describe('when another instance commits faster than a writer that lost its slot can read entry by entry', () => {
  it('then the writer catches up with one read and commits, instead of falling further behind', async () => {
    const memory = new InMemoryStore();
    const busy = await testContext(memory);
    const lagging = await testContext(memory);
    await enable(busy, 'org-busy');
    await enable(busy, 'org-lagging');
    await lagging.replica.catchUp();
    // The busy instance takes the lagging one's slot, then commits 5 changes while each read of the
    // lagging one is in flight (more than a read of 3 brings back), for the next 40 reads.
    const read = memory.readChanges.bind(memory);
    const append = memory.append.bind(memory);
    let busyWriting = false;
    let reads = 0;
    let value = 100;
    const busyCommits = async (n: number): Promise<void> => {
      busyWriting = true;
      for (let i = 0; i < n; i++) await updateOrganizationSessionPolicy(busy, platformAdmin, { organizationId: 'org-busy', policy: custom(value++), etag: '' });
      busyWriting = false;
    };
    memory.append = async (change) => {
      if (!busyWriting && change.organizationId === 'org-lagging' && value === 100) await busyCommits(1);
      return append(change);
    };
    memory.readChanges = async (from, through) => {
      if (!busyWriting && reads++ < 40) await busyCommits(5);
      return read(from, through);
    };
    const result = await outcome(updateOrganizationSessionPolicy(lagging, platformAdmin, { organizationId: 'org-lagging', policy: custom(900), etag: '' }));
    expect(result).toBe('OK');
    // Having lost its slot, one range read gets it back to the head; reading 3 at a time it fell 2
    // further behind with every read (68 reads), and committed only once the busy one paused.
    expect(reads).toBe(1);
    expect(revisions(memory)).toEqual(Array.from({ length: memory.log.size }, (_, i) => i + 1));
  });
});

// Turns between writers are FerretDB's alone now: test/unit/storage/writer-turns.test.ts.

describe('when the slot an append reports taken holds the writer\'s own entry (a driver retried an insert that had landed)', () => {
  it('then the write is answered OK once, not retried as a new entry', async () => {
    const memory = new InMemoryStore();
    const ctx = await testContext(memory);
    await enable(ctx, 'org-retried-insert');
    const append = memory.append.bind(memory);
    memory.append = async (change) => (await append(change), 'taken');
    const size = memory.log.size;
    expect(await outcome(updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-retried-insert', policy: custom(600), etag: '' }))).toBe('OK');
    expect(memory.log.size).toBe(size + 1);
    expect(ctx.replica.organization('org-retried-insert').policyVersion).toBe(1);
  });
});

describe('when two request ids of one caller have the same hash (request ids are remembered by hash)', () => {
  it('then each is its own request: the second commits, and a retry of either returns its own change', async () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const id = `req-${i}`;
      const hash = requestHash(platformAdmin.actor, id);
      const other = seen.get(hash);
      if (other !== undefined) pair = [other, id];
      else seen.set(hash, id);
    }
    const [first, second] = pair;
    const ctx = await testContext();
    await enable(ctx, 'org-collide');
    const a = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-collide', policy: custom(600), etag: '', requestId: first });
    const b = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-collide', policy: custom(700), etag: '', requestId: second });
    expect([a.etag, b.etag]).toEqual(['"op1"', '"op2"']);
    const againA = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-collide', policy: custom(600), etag: '', requestId: first });
    const againB = await updateOrganizationSessionPolicy(ctx, platformAdmin, { organizationId: 'org-collide', policy: custom(700), etag: '', requestId: second });
    expect([againA.etag, againB.etag]).toEqual([a.etag, b.etag]);
    expect(ctx.memory.log.size).toBe(3);
  });
});
