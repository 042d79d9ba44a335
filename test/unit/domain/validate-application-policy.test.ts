import { TimeUnitNumber, validateApplicationPolicy, type ApplicationPolicy, type ApplicationPolicyInput } from '../../../src/domain';

const { HOURS, DAYS } = TimeUnitNumber;
const policy = (absolute: number, idleEnabled: boolean, idle: number, accessTokenMinutes: number): ApplicationPolicyInput => ({
  absolute: { value: absolute },
  idleEnabled,
  idle: { value: idle },
  accessTokenMinutes,
});
const constraints = (input: ApplicationPolicyInput): string[] => {
  const result = validateApplicationPolicy(input);
  return result.ok ? [] : result.violations.map((v) => `${v.field} ${v.constraint}`);
};

describe('validateApplicationPolicy accepts', () => {
  it.each<[string, ApplicationPolicyInput, ApplicationPolicy]>([
    ['a usual policy', policy(1440, true, 60, 15), { absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 60, accessTokenMinutes: 15 }],
    ['idle off with idle 0', policy(1440, false, 0, 15), { absoluteMinutes: 1440, idleEnabled: false, idleMinutes: 0, accessTokenMinutes: 15 }],
    [
      'idle off with idle 0 in a known unit',
      { ...policy(1440, false, 0, 15), idle: { value: 0, unit: DAYS } },
      { absoluteMinutes: 1440, idleEnabled: false, idleMinutes: 0, accessTokenMinutes: 15 },
    ],
    ['the smallest chain', policy(3, true, 2, 1), { absoluteMinutes: 3, idleEnabled: true, idleMinutes: 2, accessTokenMinutes: 1 }],
    [
      'absolute and access token at their upper bounds',
      policy(525600, false, 0, 43200),
      { absoluteMinutes: 525600, idleEnabled: false, idleMinutes: 0, accessTokenMinutes: 43200 },
    ],
    [
      'idle at its upper bound (the chain then caps the access token at 10079)',
      policy(525600, true, 10080, 10079),
      { absoluteMinutes: 525600, idleEnabled: true, idleMinutes: 10080, accessTokenMinutes: 10079 },
    ],
    [
      'units converted before the bounds (365 DAYS, 168 HOURS)',
      { absolute: { value: 365, unit: DAYS }, idleEnabled: true, idle: { value: 168, unit: HOURS }, accessTokenMinutes: 15 },
      { absoluteMinutes: 525600, idleEnabled: true, idleMinutes: 10080, accessTokenMinutes: 15 },
    ],
  ])('%s', (_case, input, expected) => {
    expect(validateApplicationPolicy(input)).toEqual({ ok: true, value: expected });
  });
});

describe('validateApplicationPolicy rejects', () => {
  it.each<[string, ApplicationPolicyInput, string[]]>([
    ['absolute 525601', policy(525601, false, 0, 15), ['policy.absolute_session_timeout OUT_OF_RANGE']],
    ['absolute 366 DAYS', { ...policy(0, false, 0, 15), absolute: { value: 366, unit: DAYS } }, ['policy.absolute_session_timeout OUT_OF_RANGE']],
    ['idle 10081', policy(20000, true, 10081, 15), ['policy.idle_session_timeout OUT_OF_RANGE']],
    ['access token 43201', policy(525600, false, 0, 43201), ['policy.access_token_expiry OUT_OF_RANGE']],
    ['an overflowing absolute', { ...policy(0, false, 0, 15), absolute: { value: 2147483647, unit: DAYS } }, ['policy.absolute_session_timeout VALUE_OVERFLOW']],
    ['an overflowing access token', policy(1440, false, 0, 2 ** 31), ['policy.access_token_expiry VALUE_OVERFLOW']],
    [
      'zero and negative values',
      policy(0, true, -1, -15),
      ['policy.absolute_session_timeout VALUE_NOT_POSITIVE', 'policy.idle_session_timeout VALUE_NOT_POSITIVE', 'policy.access_token_expiry VALUE_NOT_POSITIVE'],
    ],
    ['fractional values', policy(1440.5, false, 0, 15.5), ['policy.absolute_session_timeout VALUE_NOT_INTEGER', 'policy.access_token_expiry VALUE_NOT_INTEGER']],
    ['an unknown absolute unit', { ...policy(0, false, 0, 15), absolute: { value: 1440, unit: 4 } }, ['policy.absolute_session_timeout_unit UNIT_UNKNOWN']],
    ['an unknown idle unit with idle off', { ...policy(1440, false, 0, 15), idle: { value: 0, unit: -1 } }, ['policy.idle_session_timeout_unit UNIT_UNKNOWN']],
    ['an idle value with idle off', policy(1440, false, 60, 15), ['policy.idle_session_timeout IDLE_SET_WHILE_DISABLED']],
    ['a negative idle value with idle off', policy(1440, false, -60, 15), ['policy.idle_session_timeout IDLE_SET_WHILE_DISABLED']],
    ['idle equal to absolute', policy(60, true, 60, 15), ['policy.idle_session_timeout IDLE_NOT_BELOW_ABSOLUTE']],
    ['idle equal to the access token', policy(1440, true, 15, 15), ['policy.idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN']],
    ['absolute equal to the access token, idle off', policy(15, false, 0, 15), ['policy.absolute_session_timeout ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN']],
    [
      'an inverted chain',
      policy(10, true, 20, 30),
      ['policy.absolute_session_timeout ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN', 'policy.idle_session_timeout IDLE_NOT_BELOW_ABSOLUTE', 'policy.idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN'],
    ],
    [
      'idle against the access token even when absolute is invalid',
      policy(0, true, 15, 15),
      ['policy.absolute_session_timeout VALUE_NOT_POSITIVE', 'policy.idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN'],
    ],
    [
      'idle against absolute even when the access token is invalid',
      policy(60, true, 60, 0),
      ['policy.access_token_expiry VALUE_NOT_POSITIVE', 'policy.idle_session_timeout IDLE_NOT_BELOW_ABSOLUTE'],
    ],
  ])('%s', (_case, input, expected) => {
    expect(constraints(input)).toEqual(expected);
  });
});
