import {
  PolicySourceNumber,
  TimeUnitNumber,
  validateOrganizationPolicy,
  type ApplicationPolicy,
  type OrganizationPolicy,
  type OrganizationPolicyInput,
} from '../../../src/domain';

const { APPLICATION, CUSTOM } = PolicySourceNumber;
const { HOURS, DAYS } = TimeUnitNumber;
const application: ApplicationPolicy = { absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 60, accessTokenMinutes: 15 };

const constraints = (input: OrganizationPolicyInput, app: ApplicationPolicy = application): string[] => {
  const result = validateOrganizationPolicy(input, app);
  return result.ok ? [] : result.violations.map((v) => `${v.field} ${v.constraint}`);
};

describe('validateOrganizationPolicy accepts', () => {
  it.each<[string, OrganizationPolicyInput, OrganizationPolicy]>([
    ['APPLICATION alone', { policySource: APPLICATION }, { source: 'APPLICATION' }],
    ['APPLICATION with idle explicitly off', { policySource: APPLICATION, idleEnabled: false }, { source: 'APPLICATION' }],
    ['CUSTOM without idle', { policySource: CUSTOM, absolute: { value: 480 } }, { source: 'CUSTOM', absoluteMinutes: 480, idleEnabled: false }],
    [
      'CUSTOM with idle explicitly off',
      { policySource: CUSTOM, absolute: { value: 480 }, idleEnabled: false },
      { source: 'CUSTOM', absoluteMinutes: 480, idleEnabled: false },
    ],
    [
      'CUSTOM with idle, in hours and days',
      { policySource: CUSTOM, absolute: { value: 1, unit: DAYS }, idleEnabled: true, idle: { value: 2, unit: HOURS } },
      { source: 'CUSTOM', absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 120 },
    ],
    [
      'values looser than the application, stored as given',
      { policySource: CUSTOM, absolute: { value: 2000 }, idleEnabled: true, idle: { value: 120 } },
      { source: 'CUSTOM', absoluteMinutes: 2000, idleEnabled: true, idleMinutes: 120 },
    ],
    ['absolute one above the access token', { policySource: CUSTOM, absolute: { value: 16 } }, { source: 'CUSTOM', absoluteMinutes: 16, idleEnabled: false }],
    [
      'the tightest chain 17 > 16 > 15',
      { policySource: CUSTOM, absolute: { value: 17 }, idleEnabled: true, idle: { value: 16 } },
      { source: 'CUSTOM', absoluteMinutes: 17, idleEnabled: true, idleMinutes: 16 },
    ],
  ])('%s', (_case, input, expected) => {
    expect(validateOrganizationPolicy(input, application)).toEqual({ ok: true, value: expected });
  });
});

describe('validateOrganizationPolicy rejects', () => {
  it.each<[string, OrganizationPolicyInput, string[]]>([
    ['an unspecified source', { policySource: 0, absolute: { value: 480 } }, ['policy_source POLICY_SOURCE_REQUIRED']],
    ['source number 3', { policySource: 3 }, ['policy_source POLICY_SOURCE_UNKNOWN']],
    ['source number -1', { policySource: -1 }, ['policy_source POLICY_SOURCE_UNKNOWN']],
    [
      'an unknown source, still checking each value on its own',
      { policySource: 0, absolute: { value: 0 }, idle: { value: 30, unit: 7 } },
      ['policy_source POLICY_SOURCE_REQUIRED', 'absolute_session_timeout VALUE_NOT_POSITIVE', 'idle_session_timeout_unit UNIT_UNKNOWN'],
    ],
    [
      'APPLICATION carrying values',
      { policySource: APPLICATION, absolute: { value: 480 }, idleEnabled: true, idle: { value: 30 } },
      ['absolute_session_timeout NOT_ALLOWED_FOR_APPLICATION', 'idle_session_timeout_enabled NOT_ALLOWED_FOR_APPLICATION', 'idle_session_timeout NOT_ALLOWED_FOR_APPLICATION'],
    ],
    ['APPLICATION carrying only an idle value', { policySource: APPLICATION, idle: { value: 30 } }, ['idle_session_timeout NOT_ALLOWED_FOR_APPLICATION']],
    ['CUSTOM without absolute', { policySource: CUSTOM }, ['absolute_session_timeout ABSOLUTE_REQUIRED']],
    ['absolute 0', { policySource: CUSTOM, absolute: { value: 0 } }, ['absolute_session_timeout VALUE_NOT_POSITIVE']],
    ['absolute -1', { policySource: CUSTOM, absolute: { value: -1 } }, ['absolute_session_timeout VALUE_NOT_POSITIVE']],
    [
      'a hugely negative absolute as not positive, not as an overflow',
      { policySource: CUSTOM, absolute: { value: -2147483647, unit: DAYS } },
      ['absolute_session_timeout VALUE_NOT_POSITIVE'],
    ],
    [
      'a negative absolute in an unknown unit',
      { policySource: CUSTOM, absolute: { value: -5, unit: 4 } },
      ['absolute_session_timeout_unit UNIT_UNKNOWN', 'absolute_session_timeout VALUE_NOT_POSITIVE'],
    ],
    ['a fractional absolute', { policySource: CUSTOM, absolute: { value: 480.5 } }, ['absolute_session_timeout VALUE_NOT_INTEGER']],
    ['an overflowing absolute', { policySource: CUSTOM, absolute: { value: 2147483647, unit: DAYS } }, ['absolute_session_timeout VALUE_OVERFLOW']],
    ['absolute equal to the access token', { policySource: CUSTOM, absolute: { value: 15 } }, ['absolute_session_timeout ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN']],
    ['idle on without a value', { policySource: CUSTOM, absolute: { value: 480 }, idleEnabled: true }, ['idle_session_timeout IDLE_REQUIRED']],
    ['idle 0', { policySource: CUSTOM, absolute: { value: 480 }, idleEnabled: true, idle: { value: 0 } }, ['idle_session_timeout VALUE_NOT_POSITIVE']],
    [
      'idle in an unknown unit',
      { policySource: CUSTOM, absolute: { value: 480 }, idleEnabled: true, idle: { value: 30, unit: -1 } },
      ['idle_session_timeout_unit UNIT_UNKNOWN'],
    ],
    [
      'an idle value with idle off',
      { policySource: CUSTOM, absolute: { value: 480 }, idleEnabled: false, idle: { value: 30 } },
      ['idle_session_timeout IDLE_SET_WHILE_DISABLED'],
    ],
    ['an idle value without the switch', { policySource: CUSTOM, absolute: { value: 480 }, idle: { value: 30 } }, ['idle_session_timeout IDLE_SET_WHILE_DISABLED']],
    [
      'idle equal to absolute',
      { policySource: CUSTOM, absolute: { value: 60 }, idleEnabled: true, idle: { value: 60 } },
      ['idle_session_timeout IDLE_NOT_BELOW_ABSOLUTE'],
    ],
    [
      'idle above absolute once converted (1 HOURS vs 90)',
      { policySource: CUSTOM, absolute: { value: 1, unit: HOURS }, idleEnabled: true, idle: { value: 90 } },
      ['idle_session_timeout IDLE_NOT_BELOW_ABSOLUTE'],
    ],
    [
      'idle equal to the access token',
      { policySource: CUSTOM, absolute: { value: 480 }, idleEnabled: true, idle: { value: 15 } },
      ['idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN'],
    ],
    [
      'idle not above the access token even when absolute is missing',
      { policySource: CUSTOM, idleEnabled: true, idle: { value: 15 } },
      ['absolute_session_timeout ABSOLUTE_REQUIRED', 'idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN'],
    ],
    [
      'every broken link at once',
      { policySource: CUSTOM, absolute: { value: 10 }, idleEnabled: true, idle: { value: 12 } },
      ['absolute_session_timeout ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN', 'idle_session_timeout IDLE_NOT_BELOW_ABSOLUTE', 'idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN'],
    ],
  ])('%s', (_case, input, expected) => {
    expect(constraints(input)).toEqual(expected);
  });

  it('judges against the application access token it is given', () => {
    const input: OrganizationPolicyInput = { policySource: CUSTOM, absolute: { value: 60 }, idleEnabled: true, idle: { value: 45 } };
    expect(constraints(input, application)).toEqual([]);
    expect(constraints(input, { ...application, accessTokenMinutes: 45 })).toEqual(['idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN']);
    expect(constraints(input, { ...application, accessTokenMinutes: 60 })).toEqual([
      'absolute_session_timeout ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN',
      'idle_session_timeout IDLE_NOT_ABOVE_ACCESS_TOKEN',
    ]);
  });

  it('explains each violation', () => {
    const result = validateOrganizationPolicy({ policySource: CUSTOM, absolute: { value: 15 } }, application);
    expect(result.ok ? '' : result.violations[0]?.description).toContain('15');
  });
});
