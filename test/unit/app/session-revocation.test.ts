// Session revocation over the store port (in memory): authorization before anything, what reaches the
// log, REVOKED before max lifetime, subject/organization cut-off at revoked_at, bounded retention,
// snapshots, ListRevocations paging and Watch events in revision order.
import { PolicyError } from '../../../src/app/errors';
import type { AppendOutcome, PolicyChangeRecord, WriteOptions } from '../../../src/app/policy-store';
import { Replica } from '../../../src/app/replica';
import { DEFAULT_APPLICATION_POLICY } from '../../../src/app/application-defaults';
import { SEVERAL_ACTORS } from '../../../src/app/revocation-commits';
import { updateApplicationSessionPolicy } from '../../../src/app/use-cases/application-session-policy';
import { listRevocations } from '../../../src/app/use-cases/list-revocations';
import { evaluateSession } from '../../../src/app/use-cases/resolve-and-evaluate';
import { revokeSessions } from '../../../src/app/use-cases/revoke-sessions';
import { watchEffectivePolicies } from '../../../src/app/use-cases/watch-effective-policies';
import { take } from './support/watch';
import { orgAdmin, platformAdmin, reader, testContext, type TestContext } from './support/context';
import { InMemoryStore } from './support/in-memory-store';

const MINUTE = 60_000;

async function rejection(work: Promise<unknown>): Promise<PolicyError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof PolicyError)) throw new Error(`expected a PolicyError, got ${String(error)}`);
  return error;
}

/** Moves the clock; the replica's poll confirms it is current (and purges what expired by then). */
async function advance(ctx: TestContext, ms: number): Promise<void> {
  ctx.clock.now += ms;
  await ctx.replica.catchUp();
}

function evaluate(ctx: TestContext, session: { organizationIds?: string[]; sessionId?: string; subject?: string; startedMinutesAgo: number }) {
  const start = ctx.clock.now - session.startedMinutesAgo * MINUTE;
  return evaluateSession(ctx, reader, {
    organizationIds: session.organizationIds ?? ['org-a'],
    sessionStartMs: start,
    lastActivityMs: start,
    evaluationTimeMs: undefined,
    ...(session.sessionId ? { sessionId: session.sessionId } : {}),
    ...(session.subject ? { subject: session.subject } : {}),
  });
}

describe('when a session id is revoked', () => {
  it('then EvaluateSession with that id answers REVOKED, other ids and other organizations do not', async () => {
    const ctx = await testContext();
    const { revocation } = await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 's-1' }, reason: 'LOGOUT' });
    expect(revocation).toMatchObject({ organizationId: 'org-a', actor: 'user:admin-of-org-a', reason: 'LOGOUT', revokedAtMs: ctx.clock.now, revision: ctx.replica.revision });
    expect(ctx.memory.log.get(revocation.revision)?.target).toBe('SESSION_REVOCATION');

    await advance(ctx, 5 * MINUTE);
    expect((await evaluate(ctx, { sessionId: 's-1', startedMinutesAgo: 6 })).evaluation).toMatchObject({ expired: true, reason: 'REVOKED' });
    expect((await evaluate(ctx, { sessionId: 's-2', startedMinutesAgo: 6 })).evaluation.expired).toBe(false);
    expect((await evaluate(ctx, { startedMinutesAgo: 6 })).evaluation.expired).toBe(false);
    expect((await evaluate(ctx, { organizationIds: ['org-b'], sessionId: 's-1', startedMinutesAgo: 6 })).evaluation.expired).toBe(false);
  });

  it('then it covers sessions started at or before it (+ the clock skew), not a new session that reuses the id', async () => {
    const ctx = await testContext(undefined, { revocationSkewMs: MINUTE });
    await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 's-1' }, reason: 'LOGOUT' });
    await advance(ctx, 5 * MINUTE);
    expect((await evaluate(ctx, { sessionId: 's-1', startedMinutesAgo: 5 })).evaluation.reason).toBe('REVOKED');
    // Stamped up to the skew after the revocation by an enforcer whose clock runs ahead: still the session logged out.
    expect((await evaluate(ctx, { sessionId: 's-1', startedMinutesAgo: 4 })).evaluation.reason).toBe('REVOKED');
    expect((await evaluate(ctx, { sessionId: 's-1', startedMinutesAgo: 4 - 1 / MINUTE })).evaluation.expired).toBe(false);
    expect((await evaluate(ctx, { sessionId: 's-1', startedMinutesAgo: 1 })).evaluation.expired).toBe(false);
  });

  it('then REVOKED is answered before MAX_LIFETIME', async () => {
    const ctx = await testContext();
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 's-old' }, reason: 'COMPROMISED' });
    const old = await evaluate(ctx, { sessionId: 's-old', startedMinutesAgo: DEFAULT_APPLICATION_POLICY.absoluteMinutes + 1 });
    expect(old.evaluation.reason).toBe('REVOKED');
  });
});

describe('when a subject or a whole organization is revoked', () => {
  it('then sessions started at or before the revocation end, sessions started after it do not', async () => {
    const ctx = await testContext();
    await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SUBJECT', subject: 'alice' }, reason: 'ADMIN' });
    await advance(ctx, 10 * MINUTE);
    expect((await evaluate(ctx, { subject: 'alice', startedMinutesAgo: 10 })).evaluation.reason).toBe('REVOKED');
    expect((await evaluate(ctx, { subject: 'alice', startedMinutesAgo: 11 })).evaluation.reason).toBe('REVOKED');
    expect((await evaluate(ctx, { subject: 'alice', startedMinutesAgo: 9 })).evaluation.expired).toBe(false);
    expect((await evaluate(ctx, { subject: 'bob', startedMinutesAgo: 11 })).evaluation.expired).toBe(false);

    await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'ORGANIZATION' }, reason: 'POLICY_CHANGE' });
    await advance(ctx, MINUTE);
    expect((await evaluate(ctx, { subject: 'bob', startedMinutesAgo: 2 })).evaluation.reason).toBe('REVOKED');
    expect((await evaluate(ctx, { startedMinutesAgo: 2 })).evaluation.reason).toBe('REVOKED');
    expect((await evaluate(ctx, { startedMinutesAgo: 0 })).evaluation.expired).toBe(false);
    expect((await evaluate(ctx, { organizationIds: ['org-b'], startedMinutesAgo: 2 })).evaluation.expired).toBe(false);
  });

  it('then a global subject revocation (policy:admin) covers every organization', async () => {
    const ctx = await testContext();
    await revokeSessions(ctx, platformAdmin, { organizationId: '', target: { kind: 'SUBJECT', subject: 'carol' }, reason: 'COMPROMISED' });
    expect((await evaluate(ctx, { organizationIds: ['org-x', 'org-y'], subject: 'carol', startedMinutesAgo: 1 })).evaluation.reason).toBe('REVOKED');
    expect((await evaluate(ctx, { organizationIds: [], subject: 'carol', startedMinutesAgo: 1 })).evaluation.reason).toBe('REVOKED');
  });
});

describe('when someone not allowed revokes', () => {
  it('then an org admin of another organization gets the same PERMISSION_DENIED whether or not the session exists, and nothing is logged', async () => {
    const ctx = await testContext();
    await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'known' }, reason: 'LOGOUT' });
    const before = ctx.memory.log.size;
    const known = await rejection(revokeSessions(ctx, orgAdmin('org-b'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'known' }, reason: 'LOGOUT' }));
    const unknown = await rejection(revokeSessions(ctx, orgAdmin('org-b'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'never' }, reason: 'LOGOUT' }));
    const invalid = await rejection(revokeSessions(ctx, orgAdmin('org-b'), { organizationId: 'org-a', target: undefined, reason: undefined }));
    expect([known.status, unknown.status, invalid.status]).toEqual(['PERMISSION_DENIED', 'PERMISSION_DENIED', 'PERMISSION_DENIED']);
    expect(known.message).toBe(unknown.message);
    expect(known.reason).toBe(unknown.reason);
    const listing = await rejection(listRevocations(ctx, orgAdmin('org-b'), { organizationId: 'org-a', pageSize: 0, pageToken: '' }));
    expect(listing.status).toBe('PERMISSION_DENIED');
    expect(ctx.memory.log.size).toBe(before);
  });

  it('then a read token and an org admin revoking globally are refused', async () => {
    const ctx = await testContext();
    expect((await rejection(revokeSessions(ctx, reader, { organizationId: 'org-a', target: { kind: 'ORGANIZATION' }, reason: 'ADMIN' }))).status).toBe('PERMISSION_DENIED');
    expect((await rejection(revokeSessions(ctx, orgAdmin('org-a'), { organizationId: '', target: { kind: 'SUBJECT', subject: 'x' }, reason: 'ADMIN' }))).status).toBe('PERMISSION_DENIED');
    expect(ctx.memory.log.size).toBe(0);
  });

  it('then a malformed request lists every violated field', async () => {
    const ctx = await testContext();
    const error = await rejection(revokeSessions(ctx, platformAdmin, { organizationId: '', target: { kind: 'ORGANIZATION' }, reason: undefined, requestId: 'bad id!' }));
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.details.violations?.map((v) => v.field).sort()).toEqual(['organization_id', 'reason', 'request_id']);
    const id = await rejection(revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'x'.repeat(129) }, reason: 'LOGOUT' }));
    expect(id.details.violations?.map((v) => v.field)).toEqual(['session_id']);
  });
});

describe('when a revocation is retried with the same request_id', () => {
  it('then the first revocation is returned and the log holds one entry', async () => {
    const ctx = await testContext();
    const first = await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SUBJECT', subject: 'dave' }, reason: 'LOGOUT', requestId: 'req-1' });
    const again = await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SUBJECT', subject: 'dave' }, reason: 'LOGOUT', requestId: 'req-1' });
    expect(again).toEqual(first);
    expect(ctx.memory.log.size).toBe(1);
  });
});

describe('when a revocation outlives the longest session', () => {
  it('then it is purged after revoked_at + application absolute timeout (+ skew), and left out of the next snapshot', async () => {
    const ctx = await testContext(undefined, { snapshotEveryChanges: 3 });
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'gone' }, reason: 'LOGOUT' });
    const absolute = DEFAULT_APPLICATION_POLICY.absoluteMinutes * MINUTE;
    await advance(ctx, absolute - 1);
    expect(ctx.replica.revocations.size).toBe(1);
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'kept' }, reason: 'LOGOUT' });
    await advance(ctx, 1);
    expect(ctx.replica.revocations.size).toBe(1);
    expect([...ctx.replica.revocations.all()].map((r) => r.revision)).toEqual([2]);
    expect((await evaluate(ctx, { sessionId: 'gone', startedMinutesAgo: 1 })).evaluation.expired).toBe(false);
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-b', target: { kind: 'ORGANIZATION' }, reason: 'ADMIN' });
    await new Promise((resolve) => setImmediate(resolve));
    const snapshot = ctx.memory.snapshot;
    expect(snapshot?.revision).toBe(3);
    expect([...(snapshot?.revocations ?? [])].map((r) => r.revision)).toEqual([2, 3]);

    // A restart loads the snapshot: the purged revocation stays gone, the kept ones are back.
    const restarted = new Replica(ctx.memory, { applicationDefaults: DEFAULT_APPLICATION_POLICY, pollIntervalMs: 60_000, staleAfterMs: 2000, maxStaleMs: 60_000, snapshotEveryChanges: 3, requestIdRetentionMs: 86_400_000, retainedChanges: 10, now: ctx.now });
    await restarted.start();
    expect([...restarted.revocations.all()].map((r) => r.revision)).toEqual([2, 3]);
    await restarted.stop();
  });

  it('then shortening the application absolute timeout shortens retention, lengthening it keeps entries longer', async () => {
    const ctx = await testContext();
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SUBJECT', subject: 'eve' }, reason: 'ADMIN' });
    const revokedAt = ctx.clock.now;
    const policy = (absolute: number) => ({ absolute: { value: absolute, unit: 1 }, idleEnabled: false, idle: { value: 0 }, accessTokenMinutes: 5 });
    await updateApplicationSessionPolicy(ctx, platformAdmin, { policy: policy(60), etag: '' });
    await advance(ctx, revokedAt + 59 * MINUTE - ctx.clock.now);
    expect(ctx.replica.revocations.size).toBe(1);
    // Lengthened before it expired: it now stays until revoked_at + the new timeout.
    await updateApplicationSessionPolicy(ctx, platformAdmin, { policy: policy(120), etag: '' });
    await advance(ctx, 2 * MINUTE);
    expect(ctx.replica.revocations.size).toBe(1);
    expect(ctx.replica.revocationExpiresAt([...ctx.replica.revocations.all()][0]!)).toBe(revokedAt + 120 * MINUTE);
    await updateApplicationSessionPolicy(ctx, platformAdmin, { policy: policy(30), etag: '' });
    expect(ctx.replica.purgeRevocations()).toBe(1);
    expect(ctx.replica.revocations.size).toBe(0);
  });
});

describe('when revocations are listed', () => {
  it('then pages of one organization come oldest first with a signed token bound to it', async () => {
    const ctx = await testContext();
    for (let i = 0; i < 5; i++) await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: `s-${i}` }, reason: 'LOGOUT' });
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-b', target: { kind: 'SESSION', sessionId: 'other' }, reason: 'LOGOUT' });
    const first = await listRevocations(ctx, orgAdmin('org-a'), { organizationId: 'org-a', pageSize: 3, pageToken: '' });
    expect(first.revocations.map((r) => r.revocation.target)).toEqual([0, 1, 2].map((i) => ({ kind: 'SESSION', sessionId: `s-${i}` })));
    const second = await listRevocations(ctx, orgAdmin('org-a'), { organizationId: 'org-a', pageSize: 3, pageToken: first.nextPageToken });
    expect(second.revocations.map((r) => r.revocation.revision)).toEqual([4, 5]);
    expect(second.nextPageToken).toBe('');
    const stolen = await rejection(listRevocations(ctx, orgAdmin('org-b'), { organizationId: 'org-b', pageSize: 3, pageToken: first.nextPageToken }));
    expect(stolen.details.violations?.map((v) => v.field)).toEqual(['page_token']);
  });
});

describe('when a watcher follows revocations', () => {
  it('then the snapshot holds kept ones, changes arrive in revision order, other organizations are left out, and a resume replays them', async () => {
    const ctx = await testContext();
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'before' }, reason: 'LOGOUT' });
    const abort = new AbortController();
    const watch = watchEffectivePolicies(ctx, reader, { organizationIds: ['org-a'], resumeAfterRevision: 0 }, abort.signal);
    const [snapshot] = await take(watch, 1);
    expect(snapshot?.revocations.map((r) => r.revision)).toEqual([1]);
    await revokeSessions(ctx, platformAdmin, { organizationId: 'org-b', target: { kind: 'SESSION', sessionId: 'elsewhere' }, reason: 'LOGOUT' });
    await revokeSessions(ctx, platformAdmin, { organizationId: '', target: { kind: 'SUBJECT', subject: 'global' }, reason: 'COMPROMISED' });
    await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'ORGANIZATION' }, reason: 'ADMIN' });
    const changes = await take(watch, 2);
    expect(changes.map((e) => [e.type, e.revision, e.revocations[0]?.target.kind])).toEqual([
      ['CHANGE', 3, 'SUBJECT'],
      ['CHANGE', 4, 'ORGANIZATION'],
    ]);
    abort.abort();
    await watch.return(undefined);

    const resumed = watchEffectivePolicies(ctx, reader, { organizationIds: ['org-a'], resumeAfterRevision: 1 }, new AbortController().signal);
    expect((await take(resumed, 2)).map((e) => e.revision)).toEqual([3, 4]);
    await resumed.return(undefined);
  });
});

describe('when many revocations arrive together', () => {
  it('then they are group-committed in fewer log entries, each caller gets its own, and a concurrent retry gets the same one', async () => {
    const ctx = await testContext();
    const calls = Array.from({ length: 20 }, (_, i) =>
      revokeSessions(ctx, orgAdmin(`org-${i % 3}`), { organizationId: `org-${i % 3}`, target: { kind: 'SESSION', sessionId: `g-${i}` }, reason: 'LOGOUT', requestId: `req-${i}` }),
    );
    const retry = revokeSessions(ctx, orgAdmin('org-1'), { organizationId: 'org-1', target: { kind: 'SESSION', sessionId: 'g-1' }, reason: 'LOGOUT', requestId: 'req-1' });
    const results = (await Promise.all(calls)).map((kept) => kept.revocation);
    expect(results.map((r) => (r.target.kind === 'SESSION' ? r.target.sessionId : ''))).toEqual(Array.from({ length: 20 }, (_, i) => `g-${i}`));
    expect(results.map((r) => r.actor)).toEqual(Array.from({ length: 20 }, (_, i) => `user:admin-of-org-${i % 3}`));
    expect((await retry).revocation).toEqual(results[1]);
    expect(ctx.memory.log.size).toBeLessThan(20);
    expect(new Set(results.map((r) => `${r.revision}.${r.index}`)).size).toBe(20);
    // A later retry of a grouped request is answered from the log.
    expect((await revokeSessions(ctx, orgAdmin('org-2'), { organizationId: 'org-2', target: { kind: 'SESSION', sessionId: 'g-5' }, reason: 'LOGOUT', requestId: 'req-5' })).revocation).toEqual(results[5]);
    const reused = await rejection(revokeSessions(ctx, platformAdmin, { organizationId: 'org-1', target: { kind: 'SESSION', sessionId: 'x' }, reason: 'LOGOUT', requestId: 'req-7' }).then(() =>
      revokeSessions(ctx, platformAdmin, { organizationId: 'org-2', target: { kind: 'SESSION', sessionId: 'x' }, reason: 'LOGOUT', requestId: 'req-7' }),
    ));
    expect(reused.status).toBe('INVALID_ARGUMENT');
    // Paging crosses group boundaries without loss or repeats.
    const seen: string[] = [];
    for (let token = ''; ; ) {
      const page = await listRevocations(ctx, platformAdmin, { organizationId: 'org-0', pageSize: 2, pageToken: token });
      seen.push(...page.revocations.map(({ revocation: r }) => (r.target.kind === 'SESSION' ? r.target.sessionId : '')));
      if (!page.nextPageToken) break;
      token = page.nextPageToken;
    }
    expect(seen).toEqual(['g-0', 'g-3', 'g-6', 'g-9', 'g-12', 'g-15', 'g-18']);
  });
});

/** A store that awaits `beforeAppend` before each append: another instance can take the slot meanwhile. */
class StoreWithAppendHook extends InMemoryStore {
  beforeAppend: ((change: PolicyChangeRecord) => Promise<void>) | undefined;
  /** The caller's signal each append was given, by the session ids it carried. */
  readonly signals: [string[], AbortSignal | undefined][] = [];

  override async append(change: PolicyChangeRecord, options?: WriteOptions): Promise<AppendOutcome> {
    this.signals.push([sessionIdsOf(change), options?.signal]);
    await this.beforeAppend?.(change);
    return super.append(change);
  }
}

const sessionIdsOf = (change: PolicyChangeRecord | undefined): string[] => (change?.revocations ?? []).map((r) => (r.target.kind === 'SESSION' ? r.target.sessionId : r.target.kind));
const sessionIdsIn = (ctx: TestContext, revision: number): string[] => sessionIdsOf(ctx.memory.log.get(revision));

describe('when callers go before their group commits', () => {
  const logout = (sessionId: string) => ({ organizationId: 'org-a', target: { kind: 'SESSION' as const, sessionId }, reason: 'LOGOUT' as const });

  it('then one whose signal aborted while it queued is answered DEADLINE_EXCEEDED and left out, and the others commit together', async () => {
    const ctx = await testContext();
    // The first call commits alone; the next three queue behind it and form the next group.
    const first = revokeSessions(ctx, platformAdmin, logout('first'));
    const gone = new AbortController();
    const queued = [
      revokeSessions(ctx, platformAdmin, logout('b'), { signal: new AbortController().signal }),
      revokeSessions(ctx, platformAdmin, logout('c'), { signal: gone.signal }),
      revokeSessions(ctx, platformAdmin, logout('d'), { deadlineMs: ctx.clock.now + MINUTE }),
    ];
    gone.abort();
    await first;
    const [b, c, d] = await Promise.allSettled(queued);
    expect(c).toMatchObject({ status: 'rejected', reason: { status: 'DEADLINE_EXCEEDED', reason: 'DEADLINE_EXCEEDED' } });
    expect([b?.status, d?.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(ctx.memory.log.size).toBe(2);
    expect(sessionIdsIn(ctx, 2)).toEqual(['b', 'd']);
  });

  it('then one whose deadline passed while it queued is left out too', async () => {
    const ctx = await testContext();
    const first = revokeSessions(ctx, platformAdmin, logout('first'));
    const late = revokeSessions(ctx, platformAdmin, logout('late'), { deadlineMs: ctx.clock.now + 10 });
    const patient = revokeSessions(ctx, platformAdmin, logout('patient'));
    ctx.clock.now += 10;
    await first;
    expect(await rejection(late)).toMatchObject({ status: 'DEADLINE_EXCEEDED' });
    await patient;
    expect(sessionIdsIn(ctx, 2)).toEqual(['patient']);
  });

  /**
   * A group of `members` (a caller without a signal, one that waits, one that goes) whose first append
   * finds its slot taken by another instance (B); those that go, go while B commits, and the group
   * then decides again on the newer state.
   */
  async function loseTheSlot(members: readonly ('no signal' | 'waits' | 'goes')[]): Promise<{ memory: StoreWithAppendHook; settled: PromiseSettledResult<unknown>[] }> {
    const memory = new StoreWithAppendHook();
    const a = await testContext(memory);
    const b = await testContext(memory);
    const first = revokeSessions(a, platformAdmin, logout('first'));
    const aborts = members.map((member) => (member === 'no signal' ? undefined : new AbortController()));
    const group = aborts.map((abort, i) => revokeSessions(a, platformAdmin, logout(`member-${i}`), abort ? { signal: abort.signal } : {}));
    memory.beforeAppend = async (change) => {
      if (!sessionIdsOf(change).includes('member-0')) return;
      memory.beforeAppend = undefined;
      await revokeSessions(b, platformAdmin, logout('via-b'));
      aborts.forEach((abort, i) => members[i] === 'goes' && abort?.abort());
    };
    await first;
    return { memory, settled: await Promise.allSettled(group) };
  }

  /** The signals the group's appends were given (the one that lost its slot, then the one after). */
  const groupSignals = (memory: StoreWithAppendHook, member: string): (AbortSignal | undefined)[] => memory.signals.filter(([ids]) => ids.includes(member)).map(([, signal]) => signal);

  it('then one that goes while its group decides again after a lost slot is left out of what is appended', async () => {
    const { memory, settled } = await loseTheSlot(['no signal', 'goes', 'waits']);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[1]).toMatchObject({ reason: { status: 'DEADLINE_EXCEEDED' } });
    expect([...memory.log.values()].map(sessionIdsOf)).toEqual([['first'], ['via-b'], ['member-0', 'member-2']]);
    // A caller without a signal never goes: its group commits whoever else leaves.
    expect(groupSignals(memory, 'member-0')).toEqual([undefined, undefined]);
  });

  it("then the group's signal stays unaborted while one of its callers still waits", async () => {
    const { memory, settled } = await loseTheSlot(['goes', 'waits']);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
    expect(groupSignals(memory, 'member-1').map((signal) => signal?.aborted)).toEqual([false, false]);
  });

  it('then a group whose callers have all gone appends nothing, and its signal aborted with the last of them', async () => {
    const { memory, settled } = await loseTheSlot(['goes', 'goes']);
    expect(settled).toMatchObject([
      { status: 'rejected', reason: { status: 'DEADLINE_EXCEEDED' } },
      { status: 'rejected', reason: { status: 'DEADLINE_EXCEEDED' } },
    ]);
    expect([...memory.log.values()].map(sessionIdsOf)).toEqual([['first'], ['via-b']]);
    expect(groupSignals(memory, 'member-0').map((signal) => signal?.aborted)).toEqual([true]);
  });
});

describe('when callers revoke together', () => {
  it('then each revocation keeps its own actor, and the entry names its caller only when it has one', async () => {
    const ctx = await testContext();
    const alone = revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'alone' }, reason: 'LOGOUT' });
    const together = [
      revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 'x' }, reason: 'LOGOUT' }),
      revokeSessions(ctx, platformAdmin, { organizationId: 'org-b', target: { kind: 'SUBJECT', subject: 'y' }, reason: 'ADMIN' }),
    ];
    await alone;
    const kept = await Promise.all(together);
    expect(kept.map((k) => k.revocation.actor)).toEqual(['user:admin-of-org-a', 'service:admin']);
    expect(ctx.memory.log.get(1)?.actor).toBe('user:admin-of-org-a');
    expect(ctx.memory.log.get(2)?.actor).toBe(SEVERAL_ACTORS);
    expect(ctx.memory.log.get(2)?.revocations?.map((r) => r.actor)).toEqual(['user:admin-of-org-a', 'service:admin']);
  });
});

describe('when a revocation is recorded', () => {
  it('then the answer carries its expiry and one audit record names the call, a retry of it audited again, a refusal not at all', async () => {
    const ctx = await testContext(undefined, { revocationSkewMs: MINUTE, revokeRatePerPrincipal: 1 });
    const request = { organizationId: 'org-a', target: { kind: 'SESSION' as const, sessionId: 's-9' }, reason: 'COMPROMISED' as const, requestId: 'logout-9' };
    const kept = await revokeSessions(ctx, orgAdmin('org-a'), request, { callId: 'call-1' });
    expect(kept.expireTimeMs).toBe(kept.revocation.revokedAtMs + DEFAULT_APPLICATION_POLICY.absoluteMinutes * MINUTE + MINUTE);
    expect(ctx.audited).toEqual([
      { audit: 'session_revocation', actor: 'user:admin-of-org-a', org: 'org-a', target: 'session_id', sessionId: 's-9', reason: 'COMPROMISED', revision: 1, requestId: 'call-1', aipRequestId: 'logout-9' },
    ]);
    await revokeSessions(ctx, orgAdmin('org-a'), request, { callId: 'call-2' });
    expect(ctx.audited.map((a) => [a.requestId, a.revision])).toEqual([['call-1', 1], ['call-2', 1]]);
    for (let i = 0; i < 10; i++) await revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'SUBJECT', subject: `u-${i}` }, reason: 'ADMIN' }).catch(() => undefined);
    const audited = ctx.audited.length;
    expect((await rejection(revokeSessions(ctx, orgAdmin('org-a'), { organizationId: 'org-a', target: { kind: 'ORGANIZATION' }, reason: 'ADMIN' }))).reason).toBe('RATE_LIMITED');
    expect(ctx.audited).toHaveLength(audited);
    expect(ctx.audited.slice(2).map((a) => a.target)).toEqual(Array.from({ length: audited - 2 }, () => 'subject'));
  });
});
