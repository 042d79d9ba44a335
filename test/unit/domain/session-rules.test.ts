// Rule matching and the compliance profile table, case by case (resolution is covered by the shared
// vectors and the property tests).
import {
  COMPLIANCE_LIMITS,
  EMPTY_CONDITION,
  complianceLimitsFor,
  matchesCondition,
  type SessionCondition,
  type SessionContext,
} from '../../../src/domain';

const context = (facts: Partial<SessionContext>): SessionContext => ({ roles: [], attributes: {}, ...facts });
const condition = (parts: Partial<SessionCondition>): SessionCondition => ({ ...EMPTY_CONDITION, ...parts });

describe('matchesCondition', () => {
  it.each([
    ['an empty condition, an empty context', EMPTY_CONDITION, context({}), true],
    ['roles_any, one role in common', condition({ rolesAny: ['admin', 'owner'] }), context({ roles: ['user', 'owner'] }), true],
    ['roles_any, none in common', condition({ rolesAny: ['admin'] }), context({ roles: ['user'] }), false],
    ['application, the same', condition({ applicationIdsAny: ['billing'] }), context({ applicationId: 'billing' }), true],
    ['application, unstated', condition({ applicationIdsAny: ['billing'] }), context({}), false],
    ['min risk HIGH, CRITICAL', condition({ minRiskLevel: 'HIGH' }), context({ riskLevel: 'CRITICAL' }), true],
    ['min risk HIGH, MEDIUM', condition({ minRiskLevel: 'HIGH' }), context({ riskLevel: 'MEDIUM' }), false],
    ['min risk LOW, unstated', condition({ minRiskLevel: 'LOW' }), context({}), false],
    ['level AAL2 or AAL3, AAL3', condition({ authenticationLevelsAny: ['AAL2', 'AAL3'] }), context({ authenticationLevel: 'AAL3' }), true],
    ['level AAL2, unstated', condition({ authenticationLevelsAny: ['AAL2'] }), context({}), false],
    ['attributes, all present', condition({ attributesAll: { zone: 'external' } }), context({ attributes: { zone: 'external', x: 'y' } }), true],
    ['attributes, other value', condition({ attributesAll: { zone: 'external' } }), context({ attributes: { zone: 'internal' } }), false],
    ['attributes, a prototype key is not a stated fact', condition({ attributesAll: { constructor: 'x' } }), context({}), false],
    ['every part must hold', condition({ rolesAny: ['admin'], minRiskLevel: 'HIGH' }), context({ roles: ['admin'], riskLevel: 'LOW' }), false],
  ])('when %s, then the match is as expected', (_name, c, ctx, expected) => {
    expect(matchesCondition(c, ctx)).toBe(expected);
  });
});

describe('compliance profiles', () => {
  it('when the table is read, then every row cites its source and sets a limit', () => {
    for (const row of COMPLIANCE_LIMITS) {
      expect(row.citation).toMatch(row.profile === 'PCI_DSS_4' ? /^PCI DSS v4\.0\.1 requirement 8\.2\.8/ : /^NIST SP 800-63B-4 §2\.[123]\.3/);
      expect(row.maxAbsoluteMinutes ?? row.maxIdleMinutes).toBeDefined();
    }
  });

  it.each([
    ['NIST, no level: the strictest (AAL3) limits, flagged', 'NIST_800_63B_4', undefined, { maxAbsoluteMinutes: 720, maxIdleMinutes: 15, strictestLevelAssumed: true }],
    ['NIST, AAL1: 30 days, no idle limit', 'NIST_800_63B_4', 'AAL1', { maxAbsoluteMinutes: 43200, strictestLevelAssumed: false }],
    ['NIST, AAL2: 24 h and 1 h', 'NIST_800_63B_4', 'AAL2', { maxAbsoluteMinutes: 1440, maxIdleMinutes: 60, strictestLevelAssumed: false }],
    ['NIST, AAL3: 12 h and 15 min', 'NIST_800_63B_4', 'AAL3', { maxAbsoluteMinutes: 720, maxIdleMinutes: 15, strictestLevelAssumed: false }],
    ['PCI, no level: idle 15 min, nothing assumed', 'PCI_DSS_4', undefined, { maxIdleMinutes: 15, strictestLevelAssumed: false }],
    ['PCI, AAL1: idle 15 min', 'PCI_DSS_4', 'AAL1', { maxIdleMinutes: 15, strictestLevelAssumed: false }],
  ] as const)('when %s', (_name, profile, level, expected) => {
    expect(complianceLimitsFor(profile, context(level === undefined ? {} : { authenticationLevel: level }))).toEqual(expected);
  });
});
