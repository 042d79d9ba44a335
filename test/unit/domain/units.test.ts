import { Constraint, MAX_MINUTES, TimeUnitNumber, toMinutes, unitFieldOf, type Validated } from '../../../src/domain';

const { UNSPECIFIED, MINUTES, HOURS, DAYS } = TimeUnitNumber;
const violations = (result: Validated<number>): string[] => (result.ok ? [] : result.violations.map((v) => `${v.field} ${v.constraint}`));

describe('toMinutes', () => {
  it.each([
    ['absent unit means minutes', 45, undefined, 45],
    ['UNSPECIFIED means minutes', 45, UNSPECIFIED, 45],
    ['MINUTES', 45, MINUTES, 45],
    ['HOURS', 8, HOURS, 480],
    ['DAYS', 1, DAYS, 1440],
    ['zero stays zero', 0, DAYS, 0],
    ['negative values are converted; judging sign is the caller’s job', -2, HOURS, -120],
    ['largest HOURS that fits', 35791394, HOURS, 2147483640],
    ['largest DAYS that fits', 1491308, DAYS, 2147483520],
    ['int32 max minutes', MAX_MINUTES, MINUTES, 2147483647],
    ['int32 min minutes', -(2 ** 31), MINUTES, -(2 ** 31)],
  ])('%s: %d in unit %s is %d minutes', (_case, value, unit, minutes) => {
    expect(toMinutes(unit === undefined ? { value } : { value, unit }, 'absolute_session_timeout')).toEqual({ ok: true, value: minutes });
  });

  it.each([
    ['2147483647 DAYS', 2147483647, DAYS],
    ['one HOURS past the limit', 35791395, HOURS],
    ['one DAYS past the limit', 1491309, DAYS],
    ['int32 max + 1 minutes', 2 ** 31, MINUTES],
    ['below int32 min', -(2 ** 31) - 1, MINUTES],
    ['far below int32 min', -1491309, DAYS],
  ])('rejects %s as an overflow, never a wrapped number', (_case, value, unit) => {
    expect(violations(toMinutes({ value, unit }, 'idle_session_timeout'))).toEqual(['idle_session_timeout VALUE_OVERFLOW']);
  });

  it.each([4, -1, 1.5, Number.NaN, 99])('rejects unit number %d on the paired unit field', (unit) => {
    expect(violations(toMinutes({ value: 10, unit }, 'policy.absolute_session_timeout'))).toEqual([
      `policy.absolute_session_timeout_unit ${Constraint.UNIT_UNKNOWN}`,
    ]);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects the non-integer value %d', (value) => {
    expect(violations(toMinutes({ value, unit: HOURS }, 'absolute_session_timeout'))).toEqual(['absolute_session_timeout VALUE_NOT_INTEGER']);
  });

  it('reports an unknown unit and a non-integer value together', () => {
    expect(violations(toMinutes({ value: 0.5, unit: 4 }, 'idle_session_timeout'))).toEqual([
      'idle_session_timeout_unit UNIT_UNKNOWN',
      'idle_session_timeout VALUE_NOT_INTEGER',
    ]);
  });

  it('describes each violation for a human', () => {
    const result = toMinutes({ value: 2147483647, unit: DAYS }, 'absolute_session_timeout');
    expect(result.ok || result.violations[0]?.description).toMatch(/2147483647/);
  });

  it('names the unit field after the value field', () => {
    expect(unitFieldOf('policy.idle_session_timeout')).toBe('policy.idle_session_timeout_unit');
  });
});
