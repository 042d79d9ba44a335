// What one caller may make every instance hold (issue 19, 0b): kept revocations are capped per
// organization (and separately for the global scope), decided in the commit on the state at the log's
// head, so two instances racing at the cap cannot overrun it; RevokeSessions is rate-limited per
// principal on each instance, global revocations by an application admin exempt.
import type { Caller } from '../../../src/app/caller';
import { PolicyError } from '../../../src/app/errors';
import { RateLimiter } from '../../../src/app/rate-limiter';
import { revokeSessions, type KeptRevocation, type RevokeSessionsRequest } from '../../../src/app/use-cases/revoke-sessions';
import { ORGANIZATION_WIDE_REVOCATIONS_KEPT } from '../../../src/domain/revocation';
import { InMemoryStore } from './support/in-memory-store';
import { orgAdmin, platformAdmin, testContext, type TestContext } from './support/context';

const CAP = 5;

async function outcome(work: Promise<KeptRevocation>): Promise<KeptRevocation | PolicyError> {
  return work.catch((error: unknown) => {
    if (error instanceof PolicyError) return error;
    throw error;
  });
}

async function rejection(work: Promise<unknown>): Promise<PolicyError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof PolicyError)) throw new Error(`expected a PolicyError, got ${String(error)}`);
  return error;
}

const session = (organizationId: string, sessionId: string): RevokeSessionsRequest => ({ organizationId, target: { kind: 'SESSION', sessionId }, reason: 'LOGOUT' });
const subject = (organizationId: string, name: string): RevokeSessionsRequest => ({ organizationId, target: { kind: 'SUBJECT', subject: name }, reason: 'ADMIN' });
const wholeOrganization = (organizationId: string): RevokeSessionsRequest => ({ organizationId, target: { kind: 'ORGANIZATION' }, reason: 'COMPROMISED' });

async function fill(ctx: TestContext, caller: Caller, requests: readonly RevokeSessionsRequest[]): Promise<void> {
  for (const request of requests) await revokeSessions(ctx, caller, request);
}

describe('when an organization keeps as many session-id revocations as it may', () => {
  it('then one more is RESOURCE_EXHAUSTED naming the subject and the whole organization instead, nothing is recorded, and those two still work', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    const admin = orgAdmin('org-a');
    await fill(ctx, admin, Array.from({ length: CAP }, (_, i) => session('org-a', `s-${i}`)));
    const head = ctx.replica.revision;

    const refused = await rejection(revokeSessions(ctx, admin, session('org-a', 's-over')));
    expect(refused).toMatchObject({ status: 'RESOURCE_EXHAUSTED', reason: 'REVOCATION_LIMIT_REACHED' });
    expect(refused.metadata).toEqual({ organizationId: 'org-a', target: 'session_id', kept: String(CAP), limit: String(CAP), instead: 'subject,entire_organization' });
    expect(refused.message).toContain('revoke the subject (subject) or the whole organization (entire_organization) instead');
    expect(ctx.replica.revision).toBe(head);
    expect(ctx.memory.log.size).toBe(head);

    // The broader targets have room of their own, and so does every other organization.
    await revokeSessions(ctx, admin, subject('org-a', 'alice'));
    await revokeSessions(ctx, admin, wholeOrganization('org-a'));
    await revokeSessions(ctx, orgAdmin('org-b'), session('org-b', 's-over'));
    // An application admin is held to the same cap.
    expect(await rejection(revokeSessions(ctx, platformAdmin, session('org-a', 's-admin')))).toMatchObject({ reason: 'REVOCATION_LIMIT_REACHED' });
    expect(ctx.replica.revocations.kept('org-a')).toEqual({ sessionIds: CAP, subjects: 1, organizationWide: 1 });
  });

  it('then subjects have their own cap, after which only the whole organization is offered', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    const admin = orgAdmin('org-a');
    await fill(ctx, admin, [...Array.from({ length: CAP }, (_, i) => session('org-a', `s-${i}`)), ...Array.from({ length: CAP }, (_, i) => subject('org-a', `u-${i}`))]);
    expect((await rejection(revokeSessions(ctx, admin, subject('org-a', 'u-over')))).metadata).toMatchObject({ target: 'subject', instead: 'entire_organization' });
    expect((await rejection(revokeSessions(ctx, admin, session('org-a', 's-over')))).metadata).toMatchObject({ target: 'session_id', instead: 'entire_organization' });
    await revokeSessions(ctx, admin, wholeOrganization('org-a'));
  });

  it('then a broader target without room is never offered: at both caps with no organization-wide room left, nothing is', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    const admin = orgAdmin('org-a');
    await fill(ctx, admin, [...Array.from({ length: CAP }, (_, i) => session('org-a', `s-${i}`)), ...Array.from({ length: CAP }, (_, i) => subject('org-a', `u-${i}`))]);
    await fill(ctx, platformAdmin, Array.from({ length: ORGANIZATION_WIDE_REVOCATIONS_KEPT }, () => wholeOrganization('org-a')));
    expect((await rejection(revokeSessions(ctx, admin, session('org-a', 's-over')))).metadata).toMatchObject({ target: 'session_id', instead: '' });
    expect((await rejection(revokeSessions(ctx, admin, subject('org-a', 'u-over')))).metadata).toMatchObject({ target: 'subject', instead: '' });
  });

  it('then organization-wide revocations are capped too, and the answer says the newest already covers everyone before it', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    await fill(ctx, platformAdmin, Array.from({ length: ORGANIZATION_WIDE_REVOCATIONS_KEPT }, () => wholeOrganization('org-a')));
    const refused = await rejection(revokeSessions(ctx, orgAdmin('org-a'), wholeOrganization('org-a')));
    expect(refused.metadata).toMatchObject({ target: 'entire_organization', kept: String(ORGANIZATION_WIDE_REVOCATIONS_KEPT), instead: '' });
    expect(refused.message).toContain('the newest organization-wide revocation covers every session started before it');
  });

  it('then room comes back as revocations lapse (revoked_at + application absolute timeout)', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    await fill(ctx, orgAdmin('org-a'), Array.from({ length: CAP }, (_, i) => session('org-a', `s-${i}`)));
    await rejection(revokeSessions(ctx, orgAdmin('org-a'), session('org-a', 's-over')));
    ctx.clock.now += ctx.replica.applicationPolicy().policy.absoluteMinutes * 60_000;
    await ctx.replica.catchUp();
    await revokeSessions(ctx, orgAdmin('org-a'), session('org-a', 's-over'));
    expect(ctx.replica.revocations.kept('org-a').sessionIds).toBe(1);
  });
});

describe('when revocations arrive together at the cap', () => {
  it('then the group commit takes exactly the room left and refuses the rest', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    await fill(ctx, orgAdmin('org-a'), [session('org-a', 's-0'), session('org-a', 's-1')]);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(revokeSessions(ctx, orgAdmin('org-a'), session('org-a', `burst-${i}`)))));
    expect(results.filter((r) => !(r instanceof PolicyError))).toHaveLength(CAP - 2);
    expect(results.filter((r) => r instanceof PolicyError && r.reason === 'REVOCATION_LIMIT_REACHED')).toHaveLength(12 - (CAP - 2));
    expect(ctx.replica.revocations.kept('org-a').sessionIds).toBe(CAP);
  });

  it('then two instances racing for the last slot record one revocation, not two: the cap is decided at the head of the shared log', async () => {
    const memory = new InMemoryStore();
    const a = await testContext(memory, { maxRevocationsPerOrganization: CAP });
    const b = await testContext(memory, { maxRevocationsPerOrganization: CAP });
    await fill(a, orgAdmin('org-a'), Array.from({ length: CAP - 1 }, (_, i) => session('org-a', `s-${i}`)));
    await b.replica.catchUp();
    expect(b.replica.revocations.kept('org-a').sessionIds).toBe(CAP - 1);
    // A takes the last slot; B has not polled since, so its own memory still shows room.
    await revokeSessions(a, orgAdmin('org-a'), session('org-a', 'via-a'));
    expect(b.replica.revocations.kept('org-a').sessionIds).toBe(CAP - 1);
    const refused = await rejection(revokeSessions(b, orgAdmin('org-a'), session('org-a', 'via-b')));
    expect(refused.reason).toBe('REVOCATION_LIMIT_REACHED');
    await a.replica.catchUp();
    expect(a.replica.revocations.kept('org-a').sessionIds).toBe(CAP);
    expect(b.replica.revocations.kept('org-a').sessionIds).toBe(CAP);
  });
});

describe('when the global scope fills up', () => {
  it('then it is capped on its own, an application admin is offered a global subject revocation, and organizations keep their room', async () => {
    const ctx = await testContext(undefined, { maxRevocationsPerOrganization: CAP });
    await fill(ctx, platformAdmin, Array.from({ length: CAP }, (_, i) => session('', `g-${i}`)));
    const refused = await rejection(revokeSessions(ctx, platformAdmin, session('', 'g-over')));
    expect(refused.metadata).toEqual({ target: 'session_id', kept: String(CAP), limit: String(CAP), instead: 'subject' });
    expect(refused.message).toContain('the global scope');
    await revokeSessions(ctx, platformAdmin, subject('', 'mallory'));
    await revokeSessions(ctx, platformAdmin, session('org-a', 'g-over'));
  });
});

describe('when one principal calls RevokeSessions faster than its rate', () => {
  it('then calls past the burst are RATE_LIMITED with the wait, nothing recorded, and let through once that wait has passed', async () => {
    const ctx = await testContext(undefined, { revokeRatePerPrincipal: 2 });
    const admin = orgAdmin('org-a');
    // Bursts of 5 s worth: 10 at once.
    await fill(ctx, admin, Array.from({ length: 10 }, (_, i) => session('org-a', `s-${i}`)));
    const head = ctx.replica.revision;
    const limited = await rejection(revokeSessions(ctx, admin, session('org-a', 's-10')));
    expect(limited).toMatchObject({ status: 'RESOURCE_EXHAUSTED', reason: 'RATE_LIMITED' });
    expect(limited.metadata).toEqual({ limitPerSecond: '2', burst: '10', retryAfterMs: '500' });
    expect(ctx.replica.revision).toBe(head);

    // Per principal: another organization's admin is not held back by this one.
    await revokeSessions(ctx, orgAdmin('org-b'), session('org-b', 's-0'));
    ctx.clock.now += 499;
    await rejection(revokeSessions(ctx, admin, session('org-a', 's-10')));
    ctx.clock.now += 1;
    await revokeSessions(ctx, admin, session('org-a', 's-10'));
  });

  it('then a retry of a recorded request id is answered with that revocation, whatever the rate', async () => {
    const ctx = await testContext(undefined, { revokeRatePerPrincipal: 1 });
    const admin = orgAdmin('org-a');
    const first = await revokeSessions(ctx, admin, { ...session('org-a', 's-0'), requestId: 'logout-s-0' });
    await fill(ctx, admin, Array.from({ length: 4 }, (_, i) => session('org-a', `s-${i + 1}`)));
    expect((await rejection(revokeSessions(ctx, admin, session('org-a', 's-9')))).reason).toBe('RATE_LIMITED');
    const head = ctx.replica.revision;
    expect(await revokeSessions(ctx, admin, { ...session('org-a', 's-0'), requestId: 'logout-s-0' })).toEqual(first);
    expect(ctx.replica.revision).toBe(head);
  });

  it('then a service token has its own rate, and its global revocations are not rate-limited', async () => {
    const ctx = await testContext(undefined, { revokeRatePerPrincipal: 1, revokeRatePerServiceToken: 1 });
    await fill(ctx, platformAdmin, Array.from({ length: 5 }, (_, i) => session('org-a', `s-${i}`)));
    expect((await rejection(revokeSessions(ctx, platformAdmin, session('org-a', 's-5')))).reason).toBe('RATE_LIMITED');
    await fill(ctx, platformAdmin, Array.from({ length: 20 }, (_, i) => session('', `g-${i}`)));
  });
});

describe('RateLimiter', () => {
  it('when many principals call once each over time, then it holds only those seen within the last few seconds', () => {
    const limiter = new RateLimiter(10);
    let now = 0;
    let refused = 0;
    for (let i = 0; i < 100_000; i++) {
      if (limiter.take(`user:${i}`, now) !== 0) refused += 1;
      now += 1;
    }
    expect(refused).toBe(0);
    // 100 s of calls, 5 s of burst: what is left is about the last 5 000 principals, at most twice the floor-swept size.
    expect(limiter.size).toBeLessThanOrEqual(2 * 5_000 + 1024);
  });

  it('when the clock steps back, then nothing is refilled and nothing is taken away', () => {
    const limiter = new RateLimiter(1);
    for (let i = 0; i < 5; i++) expect(limiter.take('p', 10_000)).toBe(0);
    expect(limiter.take('p', 5_000)).toBe(1000);
    expect(limiter.take('p', 6_000)).toBe(0);
  });
});
