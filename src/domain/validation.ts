// Admin writes are checked here, all rules at once, so an admin fixes every problem in one round trip.
import { Constraint, fieldViolation } from './constraint';
import {
  PolicySourceNumber,
  type ApplicationPolicy,
  type ApplicationPolicyInput,
  type DurationInput,
  type FieldViolation,
  type OrganizationPolicy,
  type OrganizationPolicyInput,
  type Validated,
} from './policy';
import { toMinutes } from './units';

export const ORGANIZATION_ID_MAX_LENGTH = 64;
export const DEFAULT_ORGANIZATION_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** Application bounds in minutes, after unit conversion: 365 days, 7 days, 30 days. */
export const ApplicationBounds = { absoluteMinutes: 525600, idleMinutes: 10080, accessTokenMinutes: 43200 } as const;

// Field paths as the request names them in the proto (snake_case, as the caller sent them), so a
// BadRequest points at exactly what to fix.
const OrganizationField = {
  organizationId: 'organization_id',
  policySource: 'policy_source',
  absolute: 'absolute_session_timeout',
  idleEnabled: 'idle_session_timeout_enabled',
  idle: 'idle_session_timeout',
} as const;

const ApplicationField = {
  absolute: 'policy.absolute_session_timeout',
  idle: 'policy.idle_session_timeout',
  accessToken: 'policy.access_token_expiry',
} as const;

export function validateOrganizationId(id: string, pattern: RegExp = DEFAULT_ORGANIZATION_ID_PATTERN): FieldViolation[] {
  const field = OrganizationField.organizationId;
  if (id.length === 0) return [fieldViolation(field, Constraint.ORGANIZATION_ID_REQUIRED, 'is required')];
  const violations: FieldViolation[] = [];
  if (id.length > ORGANIZATION_ID_MAX_LENGTH) {
    violations.push(
      fieldViolation(field, Constraint.ORGANIZATION_ID_TOO_LONG, `has ${id.length} characters; at most ${ORGANIZATION_ID_MAX_LENGTH}`),
    );
  }
  if (!matchesWhole(id, pattern)) {
    violations.push(fieldViolation(field, Constraint.ORGANIZATION_ID_PATTERN_MISMATCH, `must match ${pattern.source}`));
  }
  return violations;
}

/** The anchored, stateless form of each configured pattern, compiled once (ids are checked on every call). */
const wholePatterns = new WeakMap<RegExp, RegExp>();

/** A configured pattern may lack anchors or carry a stateful g/y flag; the whole id must match either way. */
function matchesWhole(id: string, pattern: RegExp): boolean {
  let whole = wholePatterns.get(pattern);
  if (!whole) wholePatterns.set(pattern, (whole = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''))));
  return whole.test(id);
}

/**
 * Checks an organization policy update against the application policy it must stay consistent with.
 * Values looser than the application are accepted: resolution clamps them, and they take effect if the
 * application is loosened later.
 */
export function validateOrganizationPolicy(input: OrganizationPolicyInput, application: ApplicationPolicy): Validated<OrganizationPolicy> {
  switch (input.policySource) {
    case PolicySourceNumber.APPLICATION:
      return validateInheritedPolicy(input);
    case PolicySourceNumber.CUSTOM:
      return validateCustomPolicy(input, application);
    default: {
      const sourceViolation =
        input.policySource === PolicySourceNumber.UNSPECIFIED
          ? fieldViolation(OrganizationField.policySource, Constraint.POLICY_SOURCE_REQUIRED, 'is required: APPLICATION or CUSTOM')
          : fieldViolation(
              OrganizationField.policySource,
              Constraint.POLICY_SOURCE_UNKNOWN,
              `${input.policySource} is not APPLICATION or CUSTOM`,
            );
      // Without a known source only the rules every value obeys can be checked.
      const violations = [sourceViolation];
      if (input.absolute !== undefined) violations.push(...violationsOf(positiveMinutes(input.absolute, OrganizationField.absolute)));
      if (input.idle !== undefined) violations.push(...violationsOf(positiveMinutes(input.idle, OrganizationField.idle)));
      return { ok: false, violations };
    }
  }
}

function validateInheritedPolicy(input: OrganizationPolicyInput): Validated<OrganizationPolicy> {
  const violations: FieldViolation[] = [];
  const reject = (field: string): void => {
    violations.push(fieldViolation(field, Constraint.NOT_ALLOWED_FOR_APPLICATION, 'must be unset when the policy source is APPLICATION'));
  };
  if (input.absolute !== undefined) reject(OrganizationField.absolute);
  if (input.idleEnabled === true) reject(OrganizationField.idleEnabled);
  if (input.idle !== undefined) reject(OrganizationField.idle);
  return violations.length > 0 ? { ok: false, violations } : { ok: true, value: { source: 'APPLICATION' } };
}

function validateCustomPolicy(input: OrganizationPolicyInput, application: ApplicationPolicy): Validated<OrganizationPolicy> {
  const violations: FieldViolation[] = [];
  const accessToken = application.accessTokenMinutes;

  let absolute: number | undefined;
  if (input.absolute === undefined) {
    violations.push(fieldViolation(OrganizationField.absolute, Constraint.ABSOLUTE_REQUIRED, 'is required for a CUSTOM policy'));
  } else {
    absolute = collect(positiveMinutes(input.absolute, OrganizationField.absolute), violations);
  }
  if (absolute !== undefined && absolute <= accessToken) {
    violations.push(
      fieldViolation(
        OrganizationField.absolute,
        Constraint.ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN,
        `${absolute} min must be greater than the application access-token expiry of ${accessToken} min`,
      ),
    );
  }

  let idle: number | undefined;
  if (input.idleEnabled === true) {
    if (input.idle === undefined) {
      violations.push(fieldViolation(OrganizationField.idle, Constraint.IDLE_REQUIRED, 'is required when idle is enabled'));
    } else {
      idle = collect(positiveMinutes(input.idle, OrganizationField.idle), violations);
    }
  } else if (input.idle !== undefined) {
    violations.push(fieldViolation(OrganizationField.idle, Constraint.IDLE_SET_WHILE_DISABLED, 'must be unset unless idle is enabled'));
  }
  if (idle !== undefined) {
    if (absolute !== undefined && absolute <= idle) violations.push(idleNotBelowAbsolute(OrganizationField.idle, idle, absolute));
    if (idle <= accessToken) violations.push(idleNotAboveAccessToken(OrganizationField.idle, idle, accessToken));
  }

  if (absolute === undefined || violations.length > 0) return { ok: false, violations };
  if (idle === undefined) return { ok: true, value: { source: 'CUSTOM', absoluteMinutes: absolute, idleEnabled: false } };
  return { ok: true, value: { source: 'CUSTOM', absoluteMinutes: absolute, idleEnabled: true, idleMinutes: idle } };
}

export function validateApplicationPolicy(input: ApplicationPolicyInput): Validated<ApplicationPolicy> {
  const violations: FieldViolation[] = [];
  const absolute = boundedMinutes(input.absolute, ApplicationField.absolute, ApplicationBounds.absoluteMinutes, violations);

  let idle: number | undefined;
  if (input.idleEnabled) {
    idle = boundedMinutes(input.idle, ApplicationField.idle, ApplicationBounds.idleMinutes, violations);
  } else if (input.idle.value !== 0) {
    violations.push(fieldViolation(ApplicationField.idle, Constraint.IDLE_SET_WHILE_DISABLED, 'must be 0 unless idle is enabled'));
  } else {
    // The value is ignored, but an unknown unit number is still a malformed request.
    collect(toMinutes(input.idle, ApplicationField.idle), violations);
  }

  const accessToken = boundedMinutes(
    { value: input.accessTokenMinutes },
    ApplicationField.accessToken,
    ApplicationBounds.accessTokenMinutes,
    violations,
  );

  if (absolute !== undefined && accessToken !== undefined && absolute <= accessToken) {
    violations.push(
      fieldViolation(
        ApplicationField.absolute,
        Constraint.ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN,
        `${absolute} min must be greater than the access-token expiry of ${accessToken} min`,
      ),
    );
  }
  if (idle !== undefined) {
    if (absolute !== undefined && absolute <= idle) violations.push(idleNotBelowAbsolute(ApplicationField.idle, idle, absolute));
    if (accessToken !== undefined && idle <= accessToken) violations.push(idleNotAboveAccessToken(ApplicationField.idle, idle, accessToken));
  }

  if (absolute === undefined || accessToken === undefined || violations.length > 0) return { ok: false, violations };
  return { ok: true, value: { absoluteMinutes: absolute, idleEnabled: input.idleEnabled, idleMinutes: idle ?? 0, accessTokenMinutes: accessToken } };
}

/** Minutes of a duration that must be positive; a non-positive value is reported as such, not as an overflow. */
function positiveMinutes(input: DurationInput, field: string): Validated<number> {
  const converted = toMinutes(input, field);
  if (!Number.isInteger(input.value) || input.value > 0) return converted;
  const unitViolations = violationsOf(converted).filter((violation) => violation.field !== field);
  return {
    ok: false,
    violations: [...unitViolations, fieldViolation(field, Constraint.VALUE_NOT_POSITIVE, `${input.value} must be greater than 0`)],
  };
}

function boundedMinutes(input: DurationInput, field: string, maxMinutes: number, violations: FieldViolation[]): number | undefined {
  const minutes = collect(positiveMinutes(input, field), violations);
  if (minutes === undefined || minutes <= maxMinutes) return minutes;
  violations.push(fieldViolation(field, Constraint.OUT_OF_RANGE, `${minutes} min is outside 1 to ${maxMinutes} minutes`));
  return undefined;
}

function collect<T>(result: Validated<T>, violations: FieldViolation[]): T | undefined {
  if (result.ok) return result.value;
  violations.push(...result.violations);
  return undefined;
}

function violationsOf<T>(result: Validated<T>): FieldViolation[] {
  return result.ok ? [] : result.violations;
}

function idleNotBelowAbsolute(field: string, idle: number, absolute: number): FieldViolation {
  return fieldViolation(field, Constraint.IDLE_NOT_BELOW_ABSOLUTE, `${idle} min must be less than the absolute timeout of ${absolute} min`);
}

function idleNotAboveAccessToken(field: string, idle: number, accessToken: number): FieldViolation {
  return fieldViolation(
    field,
    Constraint.IDLE_NOT_ABOVE_ACCESS_TOKEN,
    `${idle} min must be greater than the access-token expiry of ${accessToken} min`,
  );
}
