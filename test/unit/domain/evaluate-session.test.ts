import { evaluateSession, type EffectivePolicy, type SessionEvaluation, type Validated } from '../../../src/domain';

const MIN = 60_000;
const SKEW = 60_000;
const APP = { layer: 'APPLICATION' } as const;
const withIdle: EffectivePolicy = {
  absoluteMinutes: { value: 1440, source: APP },
  idleEnabled: { value: true, source: APP },
  idleMinutes: { value: 60, source: APP },
  accessTokenMinutes: { value: 15, source: APP },
};
const withoutIdle: EffectivePolicy = {
  absoluteMinutes: { value: 1440, source: APP },
  idleEnabled: { value: false, source: APP },
  accessTokenMinutes: { value: 15, source: APP },
};
const T0 = Date.parse('2024-03-01T00:00:00.000Z');

const decide = (policy: EffectivePolicy, start: number, last: number, now: number, skew = SKEW): Validated<SessionEvaluation> =>
  evaluateSession(policy, { sessionStartMs: T0 + start, lastActivityMs: T0 + last }, T0 + now, skew);
const outcome = (result: Validated<SessionEvaluation>): string => (result.ok ? (result.value.reason ?? 'ACTIVE') : 'INVALID');
const constraints = (result: Validated<SessionEvaluation>): string[] => (result.ok ? [] : result.violations.map((v) => `${v.field} ${v.constraint}`));

describe('evaluateSession', () => {
  it.each([
    ['active mid-session', 0, 600 * MIN, 630 * MIN, 'ACTIVE'],
    ['1 ms before the idle deadline', 0, 600 * MIN, 660 * MIN - 1, 'ACTIVE'],
    ['exactly at the idle deadline', 0, 600 * MIN, 660 * MIN, 'IDLE_TIMEOUT'],
    ['1 ms after the idle deadline', 0, 600 * MIN, 660 * MIN + 1, 'IDLE_TIMEOUT'],
    ['1 ms before the max lifetime', 0, 1410 * MIN, 1440 * MIN - 1, 'ACTIVE'],
    ['exactly at the max lifetime', 0, 1410 * MIN, 1440 * MIN, 'MAX_LIFETIME'],
    ['1 ms after the max lifetime', 0, 1410 * MIN, 1440 * MIN + 1, 'MAX_LIFETIME'],
    ['both passed: max lifetime is checked first', 0, 0, 1440 * MIN, 'MAX_LIFETIME'],
    ['activity slightly in the future, within the skew', 0, 10 * MIN + SKEW, 10 * MIN, 'ACTIVE'],
  ])('%s → %s', (_case, start, last, now, expected) => {
    expect(outcome(decide(withIdle, start, last, now))).toBe(expected);
  });

  it('returns both deadlines and the earlier as the next', () => {
    expect(decide(withIdle, 123, 600 * MIN + 456, 630 * MIN)).toEqual({
      ok: true,
      value: { expired: false, maxLifetimeDeadlineMs: T0 + 1440 * MIN + 123, idleDeadlineMs: T0 + 660 * MIN + 456, nextDeadlineMs: T0 + 660 * MIN + 456 },
    });
    expect(decide(withIdle, 0, 1410 * MIN, 1440 * MIN)).toEqual({
      ok: true,
      value: { expired: true, reason: 'MAX_LIFETIME', maxLifetimeDeadlineMs: T0 + 1440 * MIN, idleDeadlineMs: T0 + 1470 * MIN, nextDeadlineMs: T0 + 1440 * MIN },
    });
  });

  it('without idle, never expires for inactivity and has no idle deadline', () => {
    expect(decide(withoutIdle, 0, 0, 1440 * MIN - 1)).toEqual({
      ok: true,
      value: { expired: false, maxLifetimeDeadlineMs: T0 + 1440 * MIN, nextDeadlineMs: T0 + 1440 * MIN },
    });
    expect(outcome(decide(withoutIdle, 0, 0, 1440 * MIN))).toBe('MAX_LIFETIME');
  });

  it.each([
    ['last activity before the start', 10 * MIN, 10 * MIN - 1, 20 * MIN, SKEW, ['last_activity_time LAST_ACTIVITY_BEFORE_START']],
    ['a start 1 ms beyond the skew', SKEW + 1, SKEW + 1, 0, SKEW, ['session_start_time TIME_IN_FUTURE', 'last_activity_time TIME_IN_FUTURE']],
    ['last activity 1 ms beyond the skew', 0, 10 * MIN + SKEW + 1, 10 * MIN, SKEW, ['last_activity_time TIME_IN_FUTURE']],
    ['any future time when no skew is allowed', 0, 1, 0, 0, ['last_activity_time TIME_IN_FUTURE']],
    ['a negative skew as none', 0, 1, 0, -SKEW, ['last_activity_time TIME_IN_FUTURE']],
    ['a NaN skew as none', 0, 1, 0, Number.NaN, ['last_activity_time TIME_IN_FUTURE']],
    [
      'a start in the future and activity before it',
      2 * SKEW,
      SKEW,
      0,
      SKEW,
      ['last_activity_time LAST_ACTIVITY_BEFORE_START', 'session_start_time TIME_IN_FUTURE'],
    ],
  ])('rejects %s', (_case, start, last, now, skew, expected) => {
    expect(constraints(decide(withIdle, start, last, now, skew))).toEqual(expected);
  });

  it('accepts times exactly at the skew', () => {
    expect(outcome(decide(withIdle, SKEW, SKEW, 0))).toBe('ACTIVE');
  });

  it('rejects instants that are not finite numbers', () => {
    expect(constraints(evaluateSession(withIdle, { sessionStartMs: Number.NaN, lastActivityMs: Number.POSITIVE_INFINITY }, Number.NaN, SKEW))).toEqual([
      'session_start_time TIME_NOT_FINITE',
      'last_activity_time TIME_NOT_FINITE',
      'evaluation_time TIME_NOT_FINITE',
    ]);
  });
});
