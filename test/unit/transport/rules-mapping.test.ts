// Rule sets and contexts cross the proto boundary unchanged, unknown enum numbers included.
import { validateSessionContext, validateSessionRuleSet, type SessionRuleSet } from '../../../src/domain';
import { sessionContextInput, sessionRuleSetInput, toMatchedRuleMessage, toSessionRuleSetMessage } from '../../../src/transport/rules-mapping';

const ruleSet: SessionRuleSet = {
  rules: [
    { ruleId: 'everyone', description: '', condition: { rolesAny: [], applicationIdsAny: [], authenticationLevelsAny: [], attributesAll: {} }, maxAbsoluteMinutes: 120 },
    {
      ruleId: 'risky',
      description: 'risky admins',
      condition: { rolesAny: ['admin'], applicationIdsAny: ['billing'], minRiskLevel: 'HIGH', authenticationLevelsAny: ['AAL1', 'AAL3'], attributesAll: { zone: 'external' } },
      maxAbsoluteMinutes: 60,
      maxIdleMinutes: 5,
    },
  ],
  complianceProfiles: ['PCI_DSS_4', 'NIST_800_63B_4'],
};

describe('rules mapping', () => {
  it('when a rule set goes out and back in, then it validates to the same rule set, an empty condition left unset', () => {
    const message = toSessionRuleSetMessage(ruleSet);
    expect(message.rules[0]?.condition).toBeUndefined();
    expect(message.rules[1]?.maxIdleSessionTimeout).toEqual({ seconds: 300n, nanos: 0 });
    expect(message.complianceProfiles).toEqual([2, 1]);
    expect(validateSessionRuleSet(sessionRuleSetInput(message))).toEqual({ ok: true, value: ruleSet });
  });

  it('when enum numbers are unknown, then they reach validation as sent', () => {
    const input = sessionContextInput({ roles: [], applicationId: '', riskLevel: 9 as never, authenticationLevel: 0, attributes: new Map() });
    expect(validateSessionContext(input, 'context.')).toEqual({
      ok: false,
      violations: [expect.objectContaining({ field: 'context.risk_level', constraint: 'ENUM_UNKNOWN' })],
    });
    expect(sessionContextInput(undefined)).toEqual({ roles: [], applicationId: '', riskLevel: 0, authenticationLevel: 0, attributes: {} });
  });

  it('when a matched profile is mapped, then it names its organization, profile and limits', () => {
    expect(
      toMatchedRuleMessage({ source: { layer: 'ORGANIZATION', organizationId: 'org-a', complianceProfile: 'NIST_800_63B_4' }, maxAbsoluteMinutes: 720, maxIdleMinutes: 15, strictestLevelAssumed: true }),
    ).toEqual({
      organizationId: 'org-a',
      ruleId: '',
      complianceProfile: 1,
      maxAbsoluteSessionTimeout: { seconds: 43200n, nanos: 0 },
      maxIdleSessionTimeout: { seconds: 900n, nanos: 0 },
      strictestLevelAssumed: true,
    });
  });
});
