// Rule sets and request contexts are checked here, every violation at once, with snake_case field
// paths exactly as the caller sent them (e.g. "rule_set.rules[2].condition.roles_any[0]").
import { Constraint, fieldViolation } from './constraint';
import type { FieldViolation, Validated } from './policy';
import {
  fromWireNumber,
  type AuthenticationLevel,
  type ComplianceProfileId,
  type SessionCondition,
  type SessionContext,
  type SessionRule,
  type SessionRuleSet,
} from './session-rules';
import { ApplicationBounds } from './validation';

/** The bounds of docs/design.md §2.6. */
export const SessionRuleBounds = {
  rulesPerScope: 50,
  conditionListEntries: 20,
  conditionAttributes: 10,
  contextRoles: 50,
  contextAttributes: 20,
  /** Roles, application ids, attribute keys and values. */
  textLength: 64,
  descriptionLength: 256,
} as const;

export const RULE_ID_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** A google.protobuf.Duration as received. */
export interface DurationSecondsInput {
  readonly seconds: number;
  readonly nanos: number;
}

/** Enum fields are raw wire numbers, so unknown ones can be reported. */
export interface SessionConditionInput {
  readonly rolesAny: readonly string[];
  readonly applicationIdsAny: readonly string[];
  readonly minRiskLevel: number;
  readonly authenticationLevelsAny: readonly number[];
  readonly attributesAll: Readonly<Record<string, string>>;
}

export interface SessionRuleInput {
  readonly ruleId: string;
  readonly description: string;
  readonly condition?: SessionConditionInput;
  readonly maxAbsoluteSessionTimeout?: DurationSecondsInput;
  readonly maxIdleSessionTimeout?: DurationSecondsInput;
}

export interface SessionRuleSetInput {
  readonly rules: readonly SessionRuleInput[];
  readonly complianceProfiles: readonly number[];
}

export interface SessionContextInput {
  readonly roles: readonly string[];
  readonly applicationId: string;
  readonly riskLevel: number;
  readonly authenticationLevel: number;
  readonly attributes: Readonly<Record<string, string>>;
}

/** `prefix` is the path of the rule set in the request, e.g. "rule_set." (empty for a bare rule set). */
export function validateSessionRuleSet(input: SessionRuleSetInput, prefix = ''): Validated<SessionRuleSet> {
  const violations: FieldViolation[] = [];
  if (input.rules.length > SessionRuleBounds.rulesPerScope) {
    violations.push(
      fieldViolation(`${prefix}rules`, Constraint.TOO_MANY_ENTRIES, `${input.rules.length} rules; at most ${SessionRuleBounds.rulesPerScope} per scope`),
    );
  }
  const seenIds = new Set<string>();
  const rules: SessionRule[] = [];
  input.rules.forEach((rule, i) => {
    const path = `${prefix}rules[${i}]`;
    if (!RULE_ID_PATTERN.test(rule.ruleId)) {
      violations.push(fieldViolation(`${path}.rule_id`, Constraint.RULE_ID_MALFORMED, `rule id "${rule.ruleId}" must match ${RULE_ID_PATTERN.source}`));
    } else if (seenIds.has(rule.ruleId)) {
      violations.push(fieldViolation(`${path}.rule_id`, Constraint.RULE_ID_REPEATED, `rule id "${rule.ruleId}" is used by an earlier rule of this scope`));
    }
    seenIds.add(rule.ruleId);
    if (rule.description.length > SessionRuleBounds.descriptionLength) {
      violations.push(
        fieldViolation(`${path}.description`, Constraint.ENTRY_TOO_LONG, `description has ${rule.description.length} characters; at most ${SessionRuleBounds.descriptionLength}`),
      );
    }
    const condition = validateCondition(rule.condition, `${path}.condition`, violations);
    if (rule.maxAbsoluteSessionTimeout === undefined && rule.maxIdleSessionTimeout === undefined) {
      violations.push(fieldViolation(path, Constraint.RULE_LIMIT_REQUIRED, 'a rule needs max_absolute_session_timeout, max_idle_session_timeout or both'));
    }
    const absolute = limitMinutes(rule.maxAbsoluteSessionTimeout, `${path}.max_absolute_session_timeout`, ApplicationBounds.absoluteMinutes, violations);
    const idle = limitMinutes(rule.maxIdleSessionTimeout, `${path}.max_idle_session_timeout`, ApplicationBounds.idleMinutes, violations);
    rules.push({
      ruleId: rule.ruleId,
      description: rule.description,
      condition,
      ...(absolute === undefined ? {} : { maxAbsoluteMinutes: absolute }),
      ...(idle === undefined ? {} : { maxIdleMinutes: idle }),
    });
  });

  const profiles: ComplianceProfileId[] = [];
  input.complianceProfiles.forEach((n, i) => {
    const field = `${prefix}compliance_profiles[${i}]`;
    const profile = fromWireNumber.complianceProfile(n);
    if (profile === undefined) violations.push(fieldViolation(field, Constraint.ENUM_UNKNOWN, `${n} is not a known compliance profile`));
    else if (profiles.includes(profile)) violations.push(fieldViolation(field, Constraint.ENTRY_REPEATED, `profile ${profile} is listed more than once`));
    else profiles.push(profile);
  });

  return violations.length > 0 ? { ok: false, violations } : { ok: true, value: { rules, complianceProfiles: profiles } };
}

/** `prefix` is the path of the context in the request, e.g. "context.". */
export function validateSessionContext(input: SessionContextInput, prefix = ''): Validated<SessionContext> {
  const violations: FieldViolation[] = [];
  textList(input.roles, `${prefix}roles`, SessionRuleBounds.contextRoles, violations);
  if (input.applicationId.length > SessionRuleBounds.textLength) {
    violations.push(tooLong(`${prefix}application_id`, input.applicationId));
  }
  const riskLevel = fromWireNumber.riskLevel(input.riskLevel);
  if (input.riskLevel !== 0 && riskLevel === undefined) {
    violations.push(fieldViolation(`${prefix}risk_level`, Constraint.ENUM_UNKNOWN, `${input.riskLevel} is not a known risk level`));
  }
  const authenticationLevel = fromWireNumber.authenticationLevel(input.authenticationLevel);
  if (input.authenticationLevel !== 0 && authenticationLevel === undefined) {
    violations.push(
      fieldViolation(`${prefix}authentication_level`, Constraint.ENUM_UNKNOWN, `${input.authenticationLevel} is not a known authentication level`),
    );
  }
  attributeMap(input.attributes, `${prefix}attributes`, SessionRuleBounds.contextAttributes, violations);
  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    value: {
      roles: input.roles,
      ...(input.applicationId === '' ? {} : { applicationId: input.applicationId }),
      ...(riskLevel === undefined ? {} : { riskLevel }),
      ...(authenticationLevel === undefined ? {} : { authenticationLevel }),
      attributes: input.attributes,
    },
  };
}

function validateCondition(input: SessionConditionInput | undefined, path: string, violations: FieldViolation[]): SessionCondition {
  if (input === undefined) return { rolesAny: [], applicationIdsAny: [], authenticationLevelsAny: [], attributesAll: {} };
  textList(input.rolesAny, `${path}.roles_any`, SessionRuleBounds.conditionListEntries, violations);
  textList(input.applicationIdsAny, `${path}.application_ids_any`, SessionRuleBounds.conditionListEntries, violations);
  const minRiskLevel = fromWireNumber.riskLevel(input.minRiskLevel);
  if (input.minRiskLevel !== 0 && minRiskLevel === undefined) {
    violations.push(fieldViolation(`${path}.min_risk_level`, Constraint.ENUM_UNKNOWN, `${input.minRiskLevel} is not a known risk level`));
  }
  const levels: AuthenticationLevel[] = [];
  if (input.authenticationLevelsAny.length > SessionRuleBounds.conditionListEntries) {
    violations.push(tooMany(`${path}.authentication_levels_any`, input.authenticationLevelsAny.length, SessionRuleBounds.conditionListEntries));
  }
  input.authenticationLevelsAny.forEach((n, i) => {
    const field = `${path}.authentication_levels_any[${i}]`;
    const level = fromWireNumber.authenticationLevel(n);
    // UNSPECIFIED in a condition would match nothing (a context without a level matches no level condition).
    if (level === undefined) violations.push(fieldViolation(field, Constraint.ENUM_UNKNOWN, `${n} is not a defined authentication level`));
    else if (levels.includes(level)) violations.push(fieldViolation(field, Constraint.ENTRY_REPEATED, `${level} is listed more than once`));
    else levels.push(level);
  });
  attributeMap(input.attributesAll, `${path}.attributes_all`, SessionRuleBounds.conditionAttributes, violations);
  return {
    rolesAny: input.rolesAny,
    applicationIdsAny: input.applicationIdsAny,
    ...(minRiskLevel === undefined ? {} : { minRiskLevel }),
    authenticationLevelsAny: levels,
    attributesAll: input.attributesAll,
  };
}

/** Whole minutes of a rule limit, within (0, bound]; undefined when absent or invalid. */
function limitMinutes(input: DurationSecondsInput | undefined, field: string, boundMinutes: number, violations: FieldViolation[]): number | undefined {
  if (input === undefined) return undefined;
  const seconds = input.seconds + input.nanos / 1e9;
  if (!(seconds > 0)) {
    violations.push(fieldViolation(field, Constraint.VALUE_NOT_POSITIVE, `${seconds}s must be greater than 0`));
    return undefined;
  }
  if (input.nanos !== 0 || input.seconds % 60 !== 0) {
    violations.push(fieldViolation(field, Constraint.VALUE_NOT_WHOLE_MINUTES, `${seconds}s is not a whole number of minutes`));
    return undefined;
  }
  const minutes = input.seconds / 60;
  if (minutes > boundMinutes) {
    violations.push(fieldViolation(field, Constraint.OUT_OF_RANGE, `${minutes} min is above the application bound of ${boundMinutes} minutes`));
    return undefined;
  }
  return minutes;
}

function textList(values: readonly string[], field: string, max: number, violations: FieldViolation[]): void {
  if (values.length > max) violations.push(tooMany(field, values.length, max));
  values.forEach((value, i) => {
    if (value.length === 0) violations.push(fieldViolation(`${field}[${i}]`, Constraint.ENTRY_EMPTY, 'must not be empty'));
    else if (value.length > SessionRuleBounds.textLength) violations.push(tooLong(`${field}[${i}]`, value));
  });
}

/** Attribute keys that are object machinery rather than data (Constraint.ATTRIBUTE_KEY_RESERVED). */
const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function attributeMap(map: Readonly<Record<string, string>>, field: string, max: number, violations: FieldViolation[]): void {
  const entries = Object.entries(map);
  if (entries.length > max) violations.push(tooMany(field, entries.length, max));
  for (const [key, value] of entries) {
    const entryField = `${field}[${JSON.stringify(key)}]`;
    if (key.length === 0) violations.push(fieldViolation(entryField, Constraint.ENTRY_EMPTY, 'an attribute key must not be empty'));
    else if (key.length > SessionRuleBounds.textLength) violations.push(tooLong(entryField, key));
    else if (RESERVED_ATTRIBUTE_KEYS.has(key)) violations.push(fieldViolation(entryField, Constraint.ATTRIBUTE_KEY_RESERVED, `${JSON.stringify(key)} is reserved; name the attribute otherwise`));
    if (value.length > SessionRuleBounds.textLength) violations.push(tooLong(entryField, value));
  }
}

function tooMany(field: string, count: number, max: number): FieldViolation {
  return fieldViolation(field, Constraint.TOO_MANY_ENTRIES, `${count} entries; at most ${max}`);
}

function tooLong(field: string, value: string): FieldViolation {
  return fieldViolation(field, Constraint.ENTRY_TOO_LONG, `${value.length} characters; at most ${SessionRuleBounds.textLength}`);
}
