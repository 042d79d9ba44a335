// Field violations name the field as the proto spells it (snake_case paths, as the caller sent them),
// and their descriptions say what is wrong without repeating that name: the status message already
// joins them as "field: description".
import { evaluateSession } from '../../../src/domain/evaluate-session';
import type { FieldViolation } from '../../../src/domain/policy';
import { validateApplicationPolicy, validateOrganizationId, validateOrganizationPolicy } from '../../../src/domain/validation';

const APPLICATION = { absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 60, accessTokenMinutes: 15 };
const violations = (result: { ok: true } | { ok: false; violations: readonly FieldViolation[] }): readonly FieldViolation[] =>
  result.ok ? [] : result.violations;

const produced: FieldViolation[] = [
  ...validateOrganizationId(''),
  ...validateOrganizationId('x y'.repeat(40)),
  ...violations(validateOrganizationPolicy({ policySource: 0, absolute: { value: -1, unit: 9 }, idle: { value: 0 } }, APPLICATION)),
  ...violations(validateOrganizationPolicy({ policySource: 7 }, APPLICATION)),
  ...violations(validateOrganizationPolicy({ policySource: 1, absolute: { value: 5 }, idleEnabled: true, idle: { value: 5 } }, APPLICATION)),
  ...violations(validateOrganizationPolicy({ policySource: 2, idleEnabled: true }, APPLICATION)),
  ...violations(validateOrganizationPolicy({ policySource: 2, absolute: { value: 10 }, idleEnabled: true, idle: { value: 20 } }, APPLICATION)),
  ...violations(validateOrganizationPolicy({ policySource: 2, absolute: { value: 1.5, unit: 2 }, idle: { value: 3 } }, APPLICATION)),
  ...violations(
    validateApplicationPolicy({ absolute: { value: 30 }, idleEnabled: true, idle: { value: 60 }, accessTokenMinutes: 90 }),
  ),
  ...violations(
    validateApplicationPolicy({ absolute: { value: 2 ** 31, unit: 3 }, idleEnabled: false, idle: { value: 4 }, accessTokenMinutes: 0 }),
  ),
  ...violations(evaluateSession({ absoluteMinutes: { value: 60 } } as never, { sessionStartMs: 2e12, lastActivityMs: 1e12 }, 1e12, 0)),
  ...violations(evaluateSession({ absoluteMinutes: { value: 60 } } as never, { sessionStartMs: NaN, lastActivityMs: 1e12 }, 1e12, 0)),
];

it('covers a good spread of rules', () => {
  expect(new Set(produced.map((v) => v.constraint)).size).toBeGreaterThanOrEqual(14);
});

it.each(produced.map((v) => [v.field, v.constraint, v] as const))('%s %s is a snake_case path', (_field, _constraint, v) => {
  expect(v.field).toMatch(/^[a-z][a-z0-9_]*(\[\d+\])?(\.[a-z][a-z0-9_]*(\[\d+\])?)*$/);
});

it.each(produced.map((v) => [v.field, v.constraint, v] as const))('%s %s: the description does not repeat the field', (_field, _constraint, v) => {
  const leaf = v.field.replace(/\[\d+\]/g, '').split('.').pop() as string;
  expect(v.description).not.toContain(leaf);
  expect(v.description.toLowerCase()).not.toContain(leaf.replaceAll('_', ' '));
  expect(v.description).not.toBe('');
});
