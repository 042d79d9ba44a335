// Replays the shared JSON vectors (test/vectors) against the pure domain, standing in for the store and
// the gRPC mapping: proto-JSON in, proto-JSON out, exactly as test/vectors/README.md describes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evaluateSession,
  revocationCovers,
  type SessionRevocation,
  PolicySourceNumber,
  resolveEffectivePolicy,
  TimeUnitNumber,
  validateApplicationPolicy,
  validateOrganizationId,
  validateOrganizationPolicy,
  type ApplicationPolicy,
  type ApplicationPolicyInput,
  type DurationInput,
  type EffectivePolicy,
  type FieldViolation,
  type OrganizationPolicy,
  type OrganizationPolicyInput,
  type OrganizationState,
  type PolicySource,
  type Resolved,
  type SessionEvaluation,
  type Validated,
} from '../../../src/domain';

export const VECTORS_DIR = join(__dirname, '..', '..', 'vectors');
/** The server's default EvaluateSession clock skew, which the vectors assume. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 60_000;

type Json = Record<string, unknown>;

export interface VectorCase {
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly given: {
    readonly application: Json;
    readonly organizations?: readonly { readonly organizationId: string; readonly sessionPolicyEnabled: boolean; readonly policy?: Json }[];
    readonly laterApplication?: Json;
    /** Kept revocations (test/vectors/revocation): SessionRevocation proto JSON with a revokeTime. */
    readonly revocations?: readonly Json[];
  };
  readonly when: Json;
  readonly then: Json;
}

/** The revocation vectors live in their own folder until every client's replay records revocations. */
export function loadRevocationVectors(): VectorCase[] {
  const dir = join(VECTORS_DIR, 'revocation');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as VectorCase[]);
}

function revocationOf(json: Json): SessionRevocation {
  const organizationId = (json.organizationId as string | undefined) ?? '';
  const revokedAtMs = Date.parse(json.revokeTime as string);
  if (typeof json.sessionId === 'string') return { organizationId, revokedAtMs, target: { kind: 'SESSION', sessionId: json.sessionId } };
  if (typeof json.subject === 'string') return { organizationId, revokedAtMs, target: { kind: 'SUBJECT', subject: json.subject } };
  if (json.entireOrganization === true) return { organizationId, revokedAtMs, target: { kind: 'ORGANIZATION' } };
  throw new Error(`given revocation has no target: ${JSON.stringify(json)}`);
}

export function loadVectors(): VectorCase[] {
  return readdirSync(VECTORS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(join(VECTORS_DIR, file), 'utf8')) as VectorCase[]);
}

const UNIT_NUMBERS: Record<string, number> = {
  SESSION_TIME_UNIT_UNSPECIFIED: TimeUnitNumber.UNSPECIFIED,
  MINUTES: TimeUnitNumber.MINUTES,
  HOURS: TimeUnitNumber.HOURS,
  DAYS: TimeUnitNumber.DAYS,
};
const SOURCE_NUMBERS: Record<string, number> = {
  SESSION_POLICY_TYPE_UNSPECIFIED: PolicySourceNumber.UNSPECIFIED,
  APPLICATION: PolicySourceNumber.APPLICATION,
  CUSTOM: PolicySourceNumber.CUSTOM,
};

/** Proto JSON accepts an enum as its name or its number; unknown numbers pass through to be rejected. */
function enumNumber(value: unknown, numbers: Record<string, number>): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const number = numbers[String(value)];
  if (number === undefined) throw new Error(`vector uses unknown enum name ${String(value)}`);
  return number;
}

function duration(json: Json, valueKey: string, unitKey: string): DurationInput | undefined {
  const value = json[valueKey];
  if (value === undefined) return undefined;
  const unit = enumNumber(json[unitKey], UNIT_NUMBERS);
  return unit === undefined ? { value: value as number } : { value: value as number, unit };
}

function applicationInput(json: Json): ApplicationPolicyInput {
  return {
    absolute: duration({ absoluteSessionTimeout: 0, ...json }, 'absoluteSessionTimeout', 'absoluteSessionTimeoutUnit') as DurationInput,
    idleEnabled: json.idleSessionTimeoutEnabled === true,
    idle: duration({ idleSessionTimeout: 0, ...json }, 'idleSessionTimeout', 'idleSessionTimeoutUnit') as DurationInput,
    accessTokenMinutes: (json.accessTokenExpiry as number | undefined) ?? 0,
  };
}

function organizationInput(json: Json): OrganizationPolicyInput {
  const absolute = duration(json, 'absoluteSessionTimeout', 'absoluteSessionTimeoutUnit');
  const idle = duration(json, 'idleSessionTimeout', 'idleSessionTimeoutUnit');
  const idleEnabled = json.idleSessionTimeoutEnabled as boolean | undefined;
  return {
    policySource: enumNumber(json.policySource, SOURCE_NUMBERS) ?? PolicySourceNumber.UNSPECIFIED,
    ...(absolute === undefined ? {} : { absolute }),
    ...(idleEnabled === undefined ? {} : { idleEnabled }),
    ...(idle === undefined ? {} : { idle }),
  };
}

function applicationJson(policy: ApplicationPolicy): Json {
  return omitDefaults({
    absoluteSessionTimeout: policy.absoluteMinutes,
    idleSessionTimeoutEnabled: policy.idleEnabled,
    idleSessionTimeout: policy.idleMinutes,
    accessTokenExpiry: policy.accessTokenMinutes,
    absoluteSessionTimeoutUnit: 'MINUTES',
    idleSessionTimeoutUnit: 'MINUTES',
  });
}

function organizationJson(policy: OrganizationPolicy): Json {
  if (policy.source === 'APPLICATION') return { policySource: 'APPLICATION' };
  const stored: Json = {
    policySource: 'CUSTOM',
    absoluteSessionTimeout: policy.absoluteMinutes,
    absoluteSessionTimeoutUnit: 'MINUTES',
    idleSessionTimeoutEnabled: policy.idleEnabled,
  };
  return policy.idleMinutes === undefined ? stored : { ...stored, idleSessionTimeout: policy.idleMinutes, idleSessionTimeoutUnit: 'MINUTES' };
}

function sourceJson(source: PolicySource): Json {
  return source.layer === 'APPLICATION'
    ? { layer: 'POLICY_LAYER_APPLICATION' }
    : { layer: 'POLICY_LAYER_ORGANIZATION', organizationId: source.organizationId };
}

function resolvedDurationJson(resolved: Resolved<number>): Json {
  return { value: `${resolved.value * 60}s`, source: sourceJson(resolved.source) };
}

function effectiveJson(policy: EffectivePolicy): Json {
  return {
    absoluteSessionTimeout: resolvedDurationJson(policy.absoluteMinutes),
    idleSessionTimeoutEnabled: omitDefaults({ value: policy.idleEnabled.value, source: sourceJson(policy.idleEnabled.source) }),
    ...(policy.idleMinutes === undefined ? {} : { idleSessionTimeout: resolvedDurationJson(policy.idleMinutes) }),
    accessTokenLifetime: resolvedDurationJson(policy.accessTokenMinutes),
  };
}

const timestamp = (ms: number): string => new Date(ms).toISOString();

function evaluationJson(evaluation: SessionEvaluation, nowMs: number, policy: EffectivePolicy): Json {
  return omitDefaults({
    expired: evaluation.expired,
    reason: evaluation.reason === undefined ? undefined : `SESSION_EXPIRY_REASON_${evaluation.reason}`,
    maxLifetimeDeadline: timestamp(evaluation.maxLifetimeDeadlineMs),
    idleDeadline: evaluation.idleDeadlineMs === undefined ? undefined : timestamp(evaluation.idleDeadlineMs),
    nextDeadline: timestamp(evaluation.nextDeadlineMs),
    evaluationTime: timestamp(nowMs),
    effectivePolicy: effectiveJson(policy),
  });
}

/** proto3 JSON leaves out false, 0 and unset fields. */
function omitDefaults(json: Record<string, unknown>): Json {
  return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined && value !== false && value !== 0));
}

function invalidArgument(violations: readonly FieldViolation[]): Json {
  return {
    error: {
      code: 'INVALID_ARGUMENT',
      reason: 'INVALID_ARGUMENT',
      fieldViolations: violations.map(({ field, constraint }) => ({ field, constraint })),
    },
  };
}

/** What the service would hold after the case's `given` steps. */
class ReplayState {
  application: ApplicationPolicy;
  private readonly organizations = new Map<string, { policy: OrganizationPolicy; sessionPolicyEnabled: boolean }>();

  constructor(application: Json) {
    this.application = this.mustValidateApplication(application);
  }

  mustValidateApplication(json: Json): ApplicationPolicy {
    const result = validateApplicationPolicy(applicationInput(json));
    if (!result.ok) throw new Error(`given application policy is invalid: ${JSON.stringify(result.violations)}`);
    return result.value;
  }

  organization(organizationId: string): OrganizationState {
    const stored = this.organizations.get(organizationId) ?? { policy: { source: 'APPLICATION' }, sessionPolicyEnabled: false };
    return { organizationId, ...stored };
  }

  setFeature(organizationId: string, sessionPolicyEnabled: boolean): void {
    this.organizations.set(organizationId, { ...this.organization(organizationId), sessionPolicyEnabled });
  }

  updateOrganization(organizationId: string, json: Json): Json {
    const input = organizationInput(json);
    const result = validateOrganizationPolicy(input, this.application);
    const violations = [...validateOrganizationId(organizationId), ...(result.ok ? [] : result.violations)];
    if (!result.ok || violations.length > 0) return invalidArgument(violations);
    const current = this.organization(organizationId);
    if (result.value.source === 'CUSTOM' && !current.sessionPolicyEnabled) {
      return { error: { code: 'FAILED_PRECONDITION', reason: 'FEATURE_DISABLED' } };
    }
    this.organizations.set(organizationId, { policy: result.value, sessionPolicyEnabled: current.sessionPolicyEnabled });
    return { response: { policy: organizationJson(result.value) } };
  }

  resolve(organizationIds: readonly string[]): Validated<EffectivePolicy> {
    const violations = organizationIds.flatMap((id) => validateOrganizationId(id));
    if (violations.length > 0) return { ok: false, violations };
    return { ok: true, value: resolveEffectivePolicy(this.application, organizationIds.map((id) => this.organization(id))) };
  }
}

/** Runs one case and returns its outcome in the shape of the case's `then`. */
export function replay(vector: VectorCase): Json {
  const state = new ReplayState(vector.given.application);
  for (const organization of vector.given.organizations ?? []) {
    state.setFeature(organization.organizationId, true);
    if (organization.policy !== undefined) {
      const outcome = state.updateOrganization(organization.organizationId, organization.policy);
      if (!('response' in outcome)) throw new Error(`given policy of ${organization.organizationId} fails: ${JSON.stringify(outcome)}`);
    }
    state.setFeature(organization.organizationId, organization.sessionPolicyEnabled);
  }
  if (vector.given.laterApplication !== undefined) state.application = state.mustValidateApplication(vector.given.laterApplication);

  const when = vector.when;
  if ('updateApplicationSessionPolicy' in when) {
    const result = validateApplicationPolicy(applicationInput((when.updateApplicationSessionPolicy as Json).policy as Json));
    return result.ok ? { response: { policy: applicationJson(result.value) } } : invalidArgument(result.violations);
  }
  if ('updateOrganizationSessionPolicy' in when) {
    const { organizationId, ...policy } = when.updateOrganizationSessionPolicy as Json;
    return state.updateOrganization(organizationId as string, policy);
  }
  if ('resolveEffectivePolicy' in when) {
    const resolved = state.resolve((when.resolveEffectivePolicy as Json).organizationIds as string[]);
    return resolved.ok ? { response: { effectivePolicy: effectiveJson(resolved.value) } } : invalidArgument(resolved.violations);
  }
  if ('evaluateSession' in when) {
    const request = when.evaluateSession as Record<string, string | string[]>;
    const resolved = state.resolve(request.organizationIds as string[]);
    if (!resolved.ok) return invalidArgument(resolved.violations);
    const nowMs = Date.parse(request.evaluationTime as string);
    const session = { sessionStartMs: Date.parse(request.sessionStartTime as string), lastActivityMs: Date.parse(request.lastActivityTime as string) };
    const revoked = (vector.given.revocations ?? []).map(revocationOf).some((revocation) =>
      revocationCovers(revocation, {
        organizationIds: request.organizationIds as string[],
        sessionStartMs: session.sessionStartMs,
        ...(request.sessionId ? { sessionId: request.sessionId as string } : {}),
        ...(request.subject ? { subject: request.subject as string } : {}),
      }),
    );
    const evaluation = evaluateSession(resolved.value, session, nowMs, DEFAULT_MAX_CLOCK_SKEW_MS, revoked);
    return evaluation.ok ? { response: evaluationJson(evaluation.value, nowMs, resolved.value) } : invalidArgument(evaluation.violations);
  }
  throw new Error(`case ${vector.name} has an unknown "when": ${Object.keys(when).join(', ')}`);
}

const TIMESTAMP_KEYS = new Set(['maxLifetimeDeadline', 'idleDeadline', 'nextDeadline', 'evaluationTime']);

/**
 * The comparison the README prescribes: violations as an unordered set of (field, constraint),
 * timestamps as instants, and the server-only "etag", "revision" and "stale" dropped.
 */
export function comparable(outcome: unknown): unknown {
  if (Array.isArray(outcome)) return outcome.map(comparable);
  if (outcome === null || typeof outcome !== 'object') return outcome;
  const entries = Object.entries(outcome as Json)
    .filter(([key]) => key !== 'etag' && key !== 'revision' && key !== 'stale')
    .map(([key, value]): [string, unknown] => {
      if (TIMESTAMP_KEYS.has(key) && typeof value === 'string') return [key, new Date(value).toISOString()];
      if (key === 'fieldViolations' && Array.isArray(value)) {
        const pairs = value.map((violation: Json) => `${String(violation.field)} ${String(violation.constraint)}`);
        return [key, pairs.sort()];
      }
      return [key, comparable(value)];
    });
  return Object.fromEntries(entries);
}
