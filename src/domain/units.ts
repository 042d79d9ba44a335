// Durations arrive as a value in a caller-chosen unit and are kept as whole minutes.
import { Constraint, fieldViolation } from './constraint';
import { TimeUnitNumber, type DurationInput, type FieldViolation, type Validated } from './policy';

/** Stored minutes travel back out in int32 fields, so nothing larger may ever be stored. */
export const MAX_MINUTES = 2 ** 31 - 1;
const MIN_MINUTES = -(2 ** 31);

const MINUTES_PER_UNIT: ReadonlyMap<number, number> = new Map([
  [TimeUnitNumber.UNSPECIFIED, 1],
  [TimeUnitNumber.MINUTES, 1],
  [TimeUnitNumber.HOURS, 60],
  [TimeUnitNumber.DAYS, 1440],
]);

/** The unit field paired with a duration field: "policy.idle_session_timeout" → "policy.idle_session_timeout_unit". */
export function unitFieldOf(field: string): string {
  return `${field}_unit`;
}

/**
 * Converts a duration to minutes. `field` is the proto field path of the value; unit problems are reported on
 * the paired unit field. Sign is not judged here: callers decide what a zero or negative duration means.
 */
export function toMinutes(input: DurationInput, field: string): Validated<number> {
  const violations: FieldViolation[] = [];
  const unit = input.unit ?? TimeUnitNumber.UNSPECIFIED;
  const factor = MINUTES_PER_UNIT.get(unit);
  if (factor === undefined) {
    violations.push(
      fieldViolation(unitFieldOf(field), Constraint.UNIT_UNKNOWN, `unit ${unit} is not a known TimeUnit; use MINUTES, HOURS or DAYS`),
    );
  }
  if (!Number.isInteger(input.value)) {
    violations.push(fieldViolation(field, Constraint.VALUE_NOT_INTEGER, `${input.value} is not a whole number`));
  }
  if (factor === undefined || violations.length > 0) return { ok: false, violations };

  const minutes = input.value * factor;
  if (minutes > MAX_MINUTES || minutes < MIN_MINUTES) {
    return {
      ok: false,
      violations: [
        fieldViolation(field, Constraint.VALUE_OVERFLOW, `${input.value} × ${factor} minutes does not fit in ${MAX_MINUTES} minutes`),
      ],
    };
  }
  return { ok: true, value: minutes };
}
