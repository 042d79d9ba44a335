// Replays the shared JSON vectors (test/vectors) against the pure domain, standing in for the store and
// the gRPC mapping: proto-JSON in, proto-JSON out, exactly as test/vectors/README.md describes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUTHENTICATION_LEVELS,
  COMPLIANCE_PROFILES,
  RISK_LEVELS,
  validateSessionContext,
  validateSessionRuleSet,
  wireNumberOf,
  type DurationSecondsInput,
  type MatchedRule,
  type SessionContext,
  type SessionContextInput,
  type SessionRuleSet,
  type SessionRuleSetInput,
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
    readonly organizations?: readonly {
      readonly organizationId: string;
      readonly sessionPolicyEnabled: boolean;
      readonly policy?: Json;
      readonly sessionRules?: Json;
    }[];
    readonly laterApplication?: Json;
    /** The application scope's SessionRuleSet (rules.json, update-session-rules.json). */
    readonly sessionRules?: Json;
    /** The revocation a case records (revocation.json): organizationId, a target and the revokeTime. */
    readonly revocations?: readonly Json[];
  };
  readonly when: Json;
  readonly then: Json;
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

/** Wire numbers by proto enum name, for the enums of session_rules.proto. */
function enumTable(prefix: string, names: readonly string[]): Record<string, number> {
  return Object.fromEntries([[`${prefix}UNSPECIFIED`, 0], ...names.map((name, i) => [`${prefix}${name}`, i + 1])]);
}
const RISK_NUMBERS = enumTable('RISK_LEVEL_', RISK_LEVELS);
const LEVEL_NUMBERS = enumTable('AUTHENTICATION_LEVEL_', AUTHENTICATION_LEVELS);
const PROFILE_NUMBERS = enumTable('COMPLIANCE_PROFILE_', COMPLIANCE_PROFILES);
const PROFILE_NAMES = Object.fromEntries(Object.entries(PROFILE_NUMBERS).map(([name, n]) => [n, name]));
const RISK_NAMES = Object.fromEntries(Object.entries(RISK_NUMBERS).map(([name, n]) => [n, name]));
const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVEL_NUMBERS).map(([name, n]) => [n, name]));

/** A proto JSON Duration ("600s", "-60s", "1.5s"). */
function durationSeconds(text: unknown): DurationSecondsInput | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(String(text).replace(/s$/, ''));
  const whole = Math.trunc(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}

function ruleSetInput(json: Json | undefined): SessionRuleSetInput {
  const rules = ((json?.rules as Json[] | undefined) ?? []).map((rule) => {
    const condition = rule.condition as Json | undefined;
    const absolute = durationSeconds(rule.maxAbsoluteSessionTimeout);
    const idle = durationSeconds(rule.maxIdleSessionTimeout);
    return {
      ruleId: (rule.ruleId as string | undefined) ?? '',
      description: (rule.description as string | undefined) ?? '',
      ...(condition === undefined
        ? {}
        : {
            condition: {
              rolesAny: (condition.rolesAny as string[] | undefined) ?? [],
              applicationIdsAny: (condition.applicationIdsAny as string[] | undefined) ?? [],
              minRiskLevel: enumNumber(condition.minRiskLevel, RISK_NUMBERS) ?? 0,
              authenticationLevelsAny: ((condition.authenticationLevelsAny as unknown[] | undefined) ?? []).map((l) => enumNumber(l, LEVEL_NUMBERS) ?? 0),
              attributesAll: (condition.attributesAll as Record<string, string> | undefined) ?? {},
            },
          }),
      ...(absolute === undefined ? {} : { maxAbsoluteSessionTimeout: absolute }),
      ...(idle === undefined ? {} : { maxIdleSessionTimeout: idle }),
    };
  });
  const complianceProfiles = ((json?.complianceProfiles as unknown[] | undefined) ?? []).map((p) => enumNumber(p, PROFILE_NUMBERS) ?? 0);
  return { rules, complianceProfiles };
}

function contextInput(json: Json | undefined): SessionContextInput {
  return {
    roles: (json?.roles as string[] | undefined) ?? [],
    applicationId: (json?.applicationId as string | undefined) ?? '',
    riskLevel: enumNumber(json?.riskLevel, RISK_NUMBERS) ?? 0,
    authenticationLevel: enumNumber(json?.authenticationLevel, LEVEL_NUMBERS) ?? 0,
    attributes: (json?.attributes as Record<string, string> | undefined) ?? {},
  };
}

function ruleSetJson(ruleSet: SessionRuleSet): Json {
  const rules = ruleSet.rules.map((rule) => {
    const c = rule.condition;
    const condition = omitEmpty({
      rolesAny: c.rolesAny,
      applicationIdsAny: c.applicationIdsAny,
      minRiskLevel: c.minRiskLevel === undefined ? undefined : RISK_NAMES[wireNumberOf.riskLevel(c.minRiskLevel)],
      authenticationLevelsAny: c.authenticationLevelsAny.map((level) => LEVEL_NAMES[wireNumberOf.authenticationLevel(level)]),
      attributesAll: c.attributesAll,
    });
    return omitEmpty({
      ruleId: rule.ruleId,
      description: rule.description,
      condition,
      maxAbsoluteSessionTimeout: rule.maxAbsoluteMinutes === undefined ? undefined : `${rule.maxAbsoluteMinutes * 60}s`,
      maxIdleSessionTimeout: rule.maxIdleMinutes === undefined ? undefined : `${rule.maxIdleMinutes * 60}s`,
    });
  });
  return omitEmpty({ rules, complianceProfiles: ruleSet.complianceProfiles.map((p) => PROFILE_NAMES[wireNumberOf.complianceProfile(p)]) });
}

/** proto3 JSON leaves out empty strings, lists, maps and messages too. */
function omitEmpty(json: Json): Json {
  return Object.fromEntries(
    Object.entries(json).filter(
      ([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0),
    ),
  );
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
  const layer =
    source.layer === 'APPLICATION' ? { layer: 'POLICY_LAYER_APPLICATION' } : { layer: 'POLICY_LAYER_ORGANIZATION', organizationId: source.organizationId };
  return {
    ...layer,
    ...(source.ruleId === undefined ? {} : { ruleId: source.ruleId }),
    ...(source.complianceProfile === undefined ? {} : { complianceProfile: PROFILE_NAMES[wireNumberOf.complianceProfile(source.complianceProfile)] }),
  };
}

function matchedJson(matched: MatchedRule): Json {
  return omitDefaults({
    organizationId: matched.source.layer === 'ORGANIZATION' ? matched.source.organizationId : undefined,
    ruleId: matched.source.ruleId,
    complianceProfile: matched.source.complianceProfile === undefined ? undefined : PROFILE_NAMES[wireNumberOf.complianceProfile(matched.source.complianceProfile)],
    maxAbsoluteSessionTimeout: matched.maxAbsoluteMinutes === undefined ? undefined : `${matched.maxAbsoluteMinutes * 60}s`,
    maxIdleSessionTimeout: matched.maxIdleMinutes === undefined ? undefined : `${matched.maxIdleMinutes * 60}s`,
    strictestLevelAssumed: matched.strictestLevelAssumed,
  });
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
    ...(policy.matchedRules === undefined ? {} : { matchedRules: policy.matchedRules.map(matchedJson) }),
    ...(policy.strictestAuthenticationLevelAssumed === true ? { strictestAuthenticationLevelAssumed: true } : {}),
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
  /** Rule sets by scope: "" is the application. */
  private readonly ruleSets = new Map<string, SessionRuleSet>();

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

  updateSessionRules(organizationId: string, json: Json | undefined): Json {
    const result = validateSessionRuleSet(ruleSetInput(json), 'rule_set.');
    const violations = [
      ...(organizationId === '' ? [] : validateOrganizationId(organizationId).map((v) => ({ ...v, field: 'organization_id' }))),
      ...(result.ok ? [] : result.violations),
    ];
    if (!result.ok || violations.length > 0) return invalidArgument(violations);
    this.ruleSets.set(organizationId, result.value);
    return { response: { ruleSet: ruleSetJson(result.value) } };
  }

  resolve(organizationIds: readonly string[], contextJson?: Json): Validated<EffectivePolicy> {
    const violations = organizationIds.flatMap((id) => validateOrganizationId(id));
    let context: SessionContext | undefined;
    if (contextJson !== undefined) {
      const validated = validateSessionContext(contextInput(contextJson), 'context.');
      if (validated.ok) context = validated.value;
      else violations.push(...validated.violations);
    }
    if (violations.length > 0) return { ok: false, violations };
    const organizationRuleSets = new Map([...this.ruleSets].filter(([scope]) => scope !== ''));
    const applicationRuleSet = this.ruleSets.get('');
    return {
      ok: true,
      value: resolveEffectivePolicy(
        this.application,
        organizationIds.map((id) => this.organization(id)),
        { ...(applicationRuleSet === undefined ? {} : { applicationRuleSet }), organizationRuleSets, ...(context === undefined ? {} : { context }) },
      ),
    };
  }
}

/** Runs one case and returns its outcome in the shape of the case's `then`. */
export function replay(vector: VectorCase): Json {
  const state = new ReplayState(vector.given.application);
  const mustUpdateRules = (organizationId: string, json: Json): void => {
    const outcome = state.updateSessionRules(organizationId, json);
    if (!('response' in outcome)) throw new Error(`given session rules of "${organizationId}" fail: ${JSON.stringify(outcome)}`);
  };
  if (vector.given.sessionRules !== undefined) mustUpdateRules('', vector.given.sessionRules);
  for (const organization of vector.given.organizations ?? []) {
    state.setFeature(organization.organizationId, true);
    if (organization.policy !== undefined) {
      const outcome = state.updateOrganization(organization.organizationId, organization.policy);
      if (!('response' in outcome)) throw new Error(`given policy of ${organization.organizationId} fails: ${JSON.stringify(outcome)}`);
    }
    if (organization.sessionRules !== undefined) mustUpdateRules(organization.organizationId, organization.sessionRules);
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
  if ('updateSessionRules' in when) {
    const request = when.updateSessionRules as Json;
    return state.updateSessionRules((request.organizationId as string | undefined) ?? '', request.ruleSet as Json | undefined);
  }
  if ('resolveEffectivePolicy' in when) {
    const request = when.resolveEffectivePolicy as Json;
    const resolved = state.resolve(request.organizationIds as string[], request.context as Json | undefined);
    return resolved.ok ? { response: { effectivePolicy: effectiveJson(resolved.value) } } : invalidArgument(resolved.violations);
  }
  if ('evaluateSession' in when) {
    const request = when.evaluateSession as Record<string, string | string[] | Json>;
    const resolved = state.resolve(request.organizationIds as string[], request.context as Json | undefined);
    if (!resolved.ok) return invalidArgument(resolved.violations);
    const nowMs = Date.parse(request.evaluationTime as string);
    const session = { sessionStartMs: Date.parse(request.sessionStartTime as string), lastActivityMs: Date.parse(request.lastActivityTime as string) };
    const revoked = (vector.given.revocations ?? []).map(revocationOf).some((revocation) =>
      revocationCovers(revocation, {
        organizationIds: request.organizationIds as string[],
        sessionStartMs: session.sessionStartMs,
        ...(request.sessionId ? { sessionId: request.sessionId as string } : {}),
        ...(request.subject ? { subject: request.subject as string } : {}),
      }, DEFAULT_MAX_CLOCK_SKEW_MS),
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
