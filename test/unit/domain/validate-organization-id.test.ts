import { DEFAULT_ORGANIZATION_ID_PATTERN, validateOrganizationId } from '../../../src/domain';

const constraints = (id: string, pattern?: RegExp): string[] => validateOrganizationId(id, pattern).map((v) => `${v.field} ${v.constraint}`);

describe('validateOrganizationId', () => {
  it.each(['org-a', 'a', 'Org_1.eu:prod-2', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(validateOrganizationId(id)).toEqual([]);
  });

  it.each([
    ['an empty id', '', ['organization_id ORGANIZATION_ID_REQUIRED']],
    ['65 characters', 'x'.repeat(65), ['organization_id ORGANIZATION_ID_TOO_LONG']],
    ['a space', 'org a', ['organization_id ORGANIZATION_ID_PATTERN_MISMATCH']],
    ['a slash', 'org/a', ['organization_id ORGANIZATION_ID_PATTERN_MISMATCH']],
    ['a non-ASCII letter', 'orgä', ['organization_id ORGANIZATION_ID_PATTERN_MISMATCH']],
    ['a trailing newline', 'org-a\n', ['organization_id ORGANIZATION_ID_PATTERN_MISMATCH']],
    ['too long and bad characters', `${'x'.repeat(64)} `, ['organization_id ORGANIZATION_ID_TOO_LONG', 'organization_id ORGANIZATION_ID_PATTERN_MISMATCH']],
  ])('rejects %s', (_case, id, expected) => {
    expect(constraints(id)).toEqual(expected);
  });

  it('uses a configured pattern, matched against the whole id even without anchors', () => {
    expect(constraints('tenant42', /[a-z]+[0-9]+/)).toEqual([]);
    expect(constraints('tenant42-eu', /[a-z]+[0-9]+/)).toEqual(['organization_id ORGANIZATION_ID_PATTERN_MISMATCH']);
  });

  it('gives the same answer every time even for a global pattern', () => {
    const pattern = /^[a-z]+$/g;
    expect([constraints('abc', pattern), constraints('abc', pattern)]).toEqual([[], []]);
  });

  it('defaults to letters, digits and _ . : -', () => {
    expect(DEFAULT_ORGANIZATION_ID_PATTERN.test('A-z_0.9:x')).toBe(true);
  });
});
