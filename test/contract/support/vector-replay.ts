// Replays the shared JSON vectors (test/vectors, format in its README) over gRPC with the generated
// TypeScript client, as every other language's suite does with its own stubs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateSessionRulesRequest, UpdateSessionRulesResponse } from '../../../gen/ts/sessionpolicy/v1/session_rules';
import {
  UpdateApplicationSessionPolicyRequest,
  UpdateApplicationSessionPolicyResponse,
  UpdateOrganizationSessionPolicyRequest,
  UpdateOrganizationSessionPolicyResponse,
} from '../../../gen/ts/sessionpolicy/v1/admin_service';
import {
  EvaluateSessionRequest,
  EvaluateSessionResponse,
  ResolveEffectivePolicyRequest,
  ResolveEffectivePolicyResponse,
} from '../../../gen/ts/sessionpolicy/v1/resolver_service';
import { ApplicationSessionPolicySettings } from '../../../gen/ts/sessionpolicy/v1/session_policy';
import { RevocationReason, type RevokeSessionsRequest } from '../../../gen/ts/sessionpolicy/v1/session_revocation';
import { call, decodeError } from './calls';
import { asAdmin, type TestService } from './service';

type Json = Record<string, unknown>;

export interface VectorCase {
  readonly name: string;
  readonly category: string;
  readonly given: {
    readonly application: Json;
    readonly organizations?: readonly { organizationId: string; sessionPolicyEnabled: boolean; policy?: Json; sessionRules?: Json }[];
    readonly laterApplication?: Json;
    readonly sessionRules?: Json;
    /** revocation.json: the one revocation the case records, with the revokeTime its times are written against. */
    readonly revocations?: readonly Json[];
  };
  readonly when: Json;
  readonly then: { response?: Json; error?: { code: string; reason: string; fieldViolations?: { field: string; constraint: string }[] } };
}

export function loadVectors(): VectorCase[] {
  const dir = join(__dirname, '../../vectors');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as VectorCase[]);
}

const ENUM_FIELDS = ['policySource', 'absoluteSessionTimeoutUnit', 'idleSessionTimeoutUnit'];

/** fromJSON maps unknown enum numbers to UNRECOGNIZED; vectors mean the raw number on the wire. */
function withRawEnums<T extends object>(message: T, json: Json): T {
  const out = { ...message } as Record<string, unknown>;
  for (const field of ENUM_FIELDS) if (typeof json[field] === 'number') out[field] = json[field];
  if (typeof json['policy'] === 'object' && json['policy'] !== null && typeof out['policy'] === 'object') {
    out['policy'] = withRawEnums(out['policy'] as object, json['policy'] as Json);
  }
  return out as T;
}

/**
 * The same for every enum inside a message (contexts, rule sets): wherever the vector has a number and
 * fromJSON produced UNRECOGNIZED (-1), the raw number goes on the wire.
 */
function withRawNestedEnums<T>(message: T, json: unknown): T {
  if (typeof json === 'number' && message === (-1 as unknown)) return json as T;
  if (Array.isArray(json) && Array.isArray(message)) return message.map((m, i) => withRawNestedEnums(m, json[i])) as T;
  // A map (the stubs decode maps into Map) holds no enums here: it stays as it is.
  if (typeof json !== 'object' || json === null || typeof message !== 'object' || message === null || Array.isArray(message) || message instanceof Map) return message;
  const out = { ...(message as Record<string, unknown>) };
  for (const [key, value] of Object.entries(json as Json)) if (key in out) out[key] = withRawNestedEnums(out[key], value);
  return out as T;
}

/** ts-proto's fromJSON reads a Duration as {seconds, nanos}; proto3 JSON (the vectors) writes "600s". */
function withDurationObjects(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withDurationObjects);
  if (typeof json !== 'object' || json === null) return json;
  return Object.fromEntries(
    Object.entries(json as Json).map(([k, v]) => {
      const d = typeof v === 'string' && /^max(Absolute|Idle)SessionTimeout$/.test(k) ? DURATION.exec(v) : null;
      if (!d) return [k, withDurationObjects(v)];
      const seconds = Number(d[1]);
      return [k, { seconds: Math.trunc(seconds), nanos: Math.round((seconds - Math.trunc(seconds)) * 1e9) }];
    }),
  );
}

/** Whether an earlier case of this run may have left application rules behind (see the README). */
let applicationRulesSet = false;

const DURATION = /^(-?\d+(?:\.\d+)?)s$/;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Canonical form for comparison: durations as seconds, instants as epoch ms, volatile fields dropped. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'string') {
    const d = DURATION.exec(value);
    if (d) return { durationSeconds: Number(d[1]) };
    if (INSTANT.test(value)) return { instantMs: Date.parse(value) };
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Json).filter(([k, v]) => v !== undefined && !['etag', 'revision', 'stale'].includes(k));
  const keys = entries.map(([k]) => k);
  // ts-proto renders Duration as {seconds, nanos}; proto3 JSON as "Ns".
  if (keys.length > 0 && keys.every((k) => k === 'seconds' || k === 'nanos')) {
    // int64 seconds arrive as bigint (message) or string (proto3 JSON).
    const o = value as { seconds?: number | bigint | string; nanos?: number };
    return { durationSeconds: Number(o.seconds ?? 0) + (o.nanos ?? 0) / 1e9 };
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

/** Prefixes organization ids and, in revocation cases, session ids and subjects (see the README). */
function prefixIds(value: unknown, prefix: string, sessionsToo: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => prefixIds(v, prefix, sessionsToo));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => {
      if ((k === 'organizationId' && typeof v === 'string' && v !== '') || k === 'organizationIds') {
        return [k, Array.isArray(v) ? v.map((id: string) => prefix + id) : prefix + (v as string)];
      }
      if (sessionsToo && (k === 'sessionId' || k === 'subject') && typeof v === 'string') return [k, prefix + v];
      return [k, prefixIds(v, prefix, sessionsToo)];
    }),
  );
}

/** Moves every instant of a proto3-JSON value by `offsetNs` (replay step 3: onto the server's clock). */
function shiftInstants(value: unknown, offsetNs: bigint): unknown {
  if (Array.isArray(value)) return value.map((v) => shiftInstants(v, offsetNs));
  if (typeof value === 'string') return INSTANT.test(value) ? instantString(BigInt(Date.parse(value)) * 1_000_000n + offsetNs) : value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, shiftInstants(v, offsetNs)]));
}

function instantString(epochNs: bigint): string {
  const ms = epochNs / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 19)}.${(((epochNs % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

/** Records the case's revocation and returns how far the server's revoke_time is from the vector's. */
async function recordRevocation(svc: TestService, json: Json): Promise<bigint> {
  const target: RevokeSessionsRequest['target'] =
    typeof json.sessionId === 'string'
      ? { $case: 'sessionId', value: json.sessionId }
      : typeof json.subject === 'string'
        ? { $case: 'subject', value: json.subject }
        : { $case: 'entireOrganization', value: json.entireOrganization === true };
  const admin = svc.admin;
  const { revocation } = await call(
    admin.revokeSessions.bind(admin),
    { organizationId: (json.organizationId as string | undefined) ?? '', target, reason: RevocationReason.REVOCATION_REASON_LOGOUT, requestId: '' },
    asAdmin(),
  );
  const revokeTime = revocation?.revokeTime;
  if (!revokeTime) throw new Error('RevokeSessions answered without revocation.revoke_time');
  return revokeTime.seconds * 1_000_000_000n + BigInt(revokeTime.nanos) - BigInt(Date.parse(json.revokeTime as string)) * 1_000_000n;
}

export interface ReplayOutcome {
  readonly actual: unknown;
  readonly expected: unknown;
}

/** Runs one case and returns the canonical actual and expected outcomes for the caller to compare. */
export async function replay(svc: TestService, original: VectorCase, prefix: string): Promise<ReplayOutcome> {
  const errorNamesOrgId = (original.then.error?.fieldViolations ?? []).some((v) => v.field === 'organization_id');
  const revocations = original.given.revocations ?? [];
  let vector = (errorNamesOrgId && revocations.length === 0 ? original : prefixIds(original, prefix, revocations.length > 0)) as VectorCase;
  const admin = svc.admin;
  const setApplication = (json: Json) =>
    call(admin.updateApplicationSessionPolicy.bind(admin), { requestId: '', policy: withRawEnums(ApplicationSessionPolicySettings.fromJSON(json), json), etag: '' }, asAdmin());
  const setFeature = (organizationId: string, enabled: boolean) =>
    call(admin.updateOrganizationSettings.bind(admin), { requestId: '', organizationId, settings: { features: [{ name: 'session_policy', enabled }] }, etag: '' }, asAdmin());

  const updateRules = (json: Json) => {
    if ((json.organizationId ?? '') === '') applicationRulesSet = true;
    const parsed = withDurationObjects(json) as Json;
    return call(admin.updateSessionRules.bind(admin), withRawNestedEnums(UpdateSessionRulesRequest.fromJSON(parsed), parsed), asAdmin());
  };

  await setApplication(vector.given.application);
  if (vector.given.sessionRules !== undefined) await updateRules({ ruleSet: vector.given.sessionRules });
  else if (applicationRulesSet) await updateRules({ ruleSet: {} });
  for (const org of vector.given.organizations ?? []) {
    await setFeature(org.organizationId, true);
    if (org.policy) {
      const json = { ...org.policy, organizationId: org.organizationId };
      await call(admin.updateOrganizationSessionPolicy.bind(admin), withRawEnums(UpdateOrganizationSessionPolicyRequest.fromJSON(json), json), asAdmin());
    }
    if (org.sessionRules !== undefined) await updateRules({ organizationId: org.organizationId, ruleSet: org.sessionRules });
    await setFeature(org.organizationId, org.sessionPolicyEnabled);
  }
  if (revocations.length > 1) throw new Error(`case ${vector.name}: at most one revocation per case`);
  for (const revocation of vector.given.revocations ?? []) {
    const offsetNs = await recordRevocation(svc, revocation);
    vector = { ...vector, when: shiftInstants(vector.when, offsetNs) as Json, then: { ...vector.then, ...(vector.then.response ? { response: shiftInstants(vector.then.response, offsetNs) as Json } : {}) } };
  }
  if (vector.given.laterApplication) await setApplication(vector.given.laterApplication);
  // The hot path reads the replica, which follows the change log; make sure it has caught up.
  await svc.service.context.replica.catchUp();

  const [kind, json] = Object.entries(vector.when)[0] as [string, Json];
  let actual: unknown;
  try {
    switch (kind) {
      case 'resolveEffectivePolicy':
        actual = ResolveEffectivePolicyResponse.toJSON(
          await call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), withRawNestedEnums(ResolveEffectivePolicyRequest.fromJSON(json), json), asAdmin()),
        );
        break;
      case 'evaluateSession':
        actual = EvaluateSessionResponse.toJSON(
          await call(svc.resolver.evaluateSession.bind(svc.resolver), withRawNestedEnums(EvaluateSessionRequest.fromJSON(json), json), asAdmin()),
        );
        break;
      case 'updateOrganizationSessionPolicy':
        actual = UpdateOrganizationSessionPolicyResponse.toJSON(
          await call(admin.updateOrganizationSessionPolicy.bind(admin), withRawEnums(UpdateOrganizationSessionPolicyRequest.fromJSON(json), json), asAdmin()),
        );
        break;
      case 'updateApplicationSessionPolicy':
        actual = UpdateApplicationSessionPolicyResponse.toJSON(
          await call(admin.updateApplicationSessionPolicy.bind(admin), withRawEnums(UpdateApplicationSessionPolicyRequest.fromJSON(json), json), asAdmin()),
        );
        break;
      case 'updateSessionRules':
        actual = UpdateSessionRulesResponse.toJSON(await updateRules(json));
        break;
      default:
        throw new Error(`unknown "when" of case ${vector.name}: ${kind}`);
    }
    actual = { response: canonical(actual) };
  } catch (error) {
    if (typeof (error as { code?: unknown }).code !== 'number') throw error;
    const decoded = decodeError(error);
    const violations = [...decoded.violations].sort((a, b) => `${a.field}/${a.constraint}`.localeCompare(`${b.field}/${b.constraint}`));
    actual = { error: { code: decoded.codeName, reason: decoded.reason, ...(violations.length > 0 ? { fieldViolations: violations } : {}) } };
  }
  const expectedError = vector.then.error;
  const expected = expectedError
    ? {
        error: {
          code: expectedError.code,
          reason: expectedError.reason,
          ...(expectedError.fieldViolations && expectedError.fieldViolations.length > 0
            ? { fieldViolations: [...expectedError.fieldViolations].sort((a, b) => `${a.field}/${a.constraint}`.localeCompare(`${b.field}/${b.constraint}`)) }
            : {}),
        },
      }
    : { response: canonical(vector.then.response) };
  return { actual, expected };
}
