// Proto <-> domain mapping. Values leave in minutes with unit MINUTES; durations as Duration.
import type {
  ApplicationPolicy,
  ApplicationPolicyInput,
  EffectivePolicy as DomainEffectivePolicy,
  OrganizationPolicy,
  OrganizationPolicyInput,
  PolicySource as DomainPolicySource,
  Resolved,
} from '../domain/policy';
import type { PolicyChangeRecord } from '../app/policy-store';
import {
  ApplicationSessionPolicySettings,
  OrganizationSessionPolicySettings,
  SessionPolicyType,
  TimeUnit,
} from '../../gen/ts/sessionpolicy/v1/session_policy';
import type { UpdateOrganizationSessionPolicyRequest, PolicyChange, PolicySnapshot } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { PolicyChangeTarget } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { PolicyLayer, type EffectivePolicy, type PolicySource, type ResolvedDuration } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import type { Duration } from '../../gen/ts/google/protobuf/duration';
import { complianceProfileNumber, toMatchedRuleMessage, toSessionRuleSetMessage } from './rules-mapping';
import type { Timestamp } from '../../gen/ts/google/protobuf/timestamp';
import type { FieldViolation } from '../domain/policy';
import { TIMESTAMP_MAX_MS, TIMESTAMP_MIN_MS } from '../domain/evaluate-session';

export function organizationPolicyInput(request: UpdateOrganizationSessionPolicyRequest): OrganizationPolicyInput {
  return {
    policySource: request.policySource,
    ...(request.absoluteSessionTimeout !== undefined
      ? { absolute: { value: request.absoluteSessionTimeout, ...(request.absoluteSessionTimeoutUnit !== undefined ? { unit: request.absoluteSessionTimeoutUnit } : {}) } }
      : {}),
    ...(request.idleSessionTimeoutEnabled !== undefined ? { idleEnabled: request.idleSessionTimeoutEnabled } : {}),
    ...(request.idleSessionTimeout !== undefined
      ? { idle: { value: request.idleSessionTimeout, ...(request.idleSessionTimeoutUnit !== undefined ? { unit: request.idleSessionTimeoutUnit } : {}) } }
      : {}),
  };
}

export function applicationPolicyInput(policy: ApplicationSessionPolicySettings): ApplicationPolicyInput {
  return {
    absolute: { value: policy.absoluteSessionTimeout, ...(policy.absoluteSessionTimeoutUnit !== undefined ? { unit: policy.absoluteSessionTimeoutUnit } : {}) },
    idleEnabled: policy.idleSessionTimeoutEnabled,
    idle: { value: policy.idleSessionTimeout, ...(policy.idleSessionTimeoutUnit !== undefined ? { unit: policy.idleSessionTimeoutUnit } : {}) },
    accessTokenMinutes: policy.accessTokenExpiry,
  };
}

export function toOrganizationSettingsMessage(policy: OrganizationPolicy): OrganizationSessionPolicySettings {
  if (policy.source === 'APPLICATION') {
    return {
      policySource: SessionPolicyType.APPLICATION,
      absoluteSessionTimeout: undefined,
      idleSessionTimeoutEnabled: undefined,
      idleSessionTimeout: undefined,
    };
  }
  return {
    policySource: SessionPolicyType.CUSTOM,
    absoluteSessionTimeout: policy.absoluteMinutes,
    absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
    idleSessionTimeoutEnabled: policy.idleEnabled,
    idleSessionTimeout: policy.idleEnabled ? policy.idleMinutes : undefined,
    ...(policy.idleEnabled ? { idleSessionTimeoutUnit: TimeUnit.MINUTES } : {}),
  };
}

export function toApplicationSettingsMessage(policy: ApplicationPolicy): ApplicationSessionPolicySettings {
  return {
    absoluteSessionTimeout: policy.absoluteMinutes,
    idleSessionTimeoutEnabled: policy.idleEnabled,
    idleSessionTimeout: policy.idleEnabled ? policy.idleMinutes : 0,
    accessTokenExpiry: policy.accessTokenMinutes,
    absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
    idleSessionTimeoutUnit: TimeUnit.MINUTES,
  };
}

const minutes = (value: number): Duration => ({ seconds: BigInt(value) * 60n, nanos: 0 });

function toSource(source: DomainPolicySource): PolicySource {
  const decidedBy = { ruleId: source.ruleId ?? '', complianceProfile: complianceProfileNumber(source.complianceProfile) };
  return source.layer === 'APPLICATION'
    ? { layer: PolicyLayer.POLICY_LAYER_APPLICATION, organizationId: '', ...decidedBy }
    : { layer: PolicyLayer.POLICY_LAYER_ORGANIZATION, organizationId: source.organizationId, ...decidedBy };
}

const resolvedDuration = (r: Resolved<number>): ResolvedDuration => ({ value: minutes(r.value), source: toSource(r.source) });

/** The last message built for each resolved policy: memoized resolutions map to the same message. */
const messages = new WeakMap<DomainEffectivePolicy, { revision: number; stale: boolean; message: EffectivePolicy }>();

export function toEffectivePolicyMessage(policy: DomainEffectivePolicy, revision: number, stale: boolean): EffectivePolicy {
  const built = messages.get(policy);
  if (built && built.revision === revision && built.stale === stale) return built.message;
  const message = buildEffectivePolicyMessage(policy, revision, stale);
  messages.set(policy, { revision, stale, message });
  return message;
}

function buildEffectivePolicyMessage(policy: DomainEffectivePolicy, revision: number, stale: boolean): EffectivePolicy {
  return {
    absoluteSessionTimeout: resolvedDuration(policy.absoluteMinutes),
    idleSessionTimeoutEnabled: { value: policy.idleEnabled.value, source: toSource(policy.idleEnabled.source) },
    idleSessionTimeout: policy.idleMinutes ? resolvedDuration(policy.idleMinutes) : undefined,
    accessTokenLifetime: resolvedDuration(policy.accessTokenMinutes),
    revision: BigInt(revision),
    stale,
    matchedRules: (policy.matchedRules ?? []).map(toMatchedRuleMessage),
    strictestAuthenticationLevelAssumed: policy.strictestAuthenticationLevelAssumed === true,
  };
}

const TARGETS = {
  APPLICATION_POLICY: PolicyChangeTarget.POLICY_CHANGE_TARGET_APPLICATION_POLICY,
  ORGANIZATION_POLICY: PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_POLICY,
  ORGANIZATION_SETTINGS: PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_SETTINGS,
  // Never listed: ListPolicyChanges leaves revocations to ListRevocations.
  SESSION_REVOCATION: PolicyChangeTarget.POLICY_CHANGE_TARGET_UNSPECIFIED,
} as const;

function targetOf(change: PolicyChangeRecord): PolicyChangeTarget {
  if (change.target !== 'SESSION_RULES') return TARGETS[change.target];
  return change.organizationId === undefined ? PolicyChangeTarget.POLICY_CHANGE_TARGET_APPLICATION_RULES : PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_RULES;
}

export function toPolicyChangeMessage(change: PolicyChangeRecord): PolicyChange {
  const snapshot = (side: 'before' | 'after'): PolicySnapshot | undefined => {
    if (change.rules) {
      const state = change.rules[side];
      return state ? { state: { $case: 'sessionRules', value: toSessionRuleSetMessage(state.ruleSet) } } : undefined;
    }
    if (change.application) {
      const state = change.application[side];
      return state ? { state: { $case: 'applicationPolicy', value: toApplicationSettingsMessage(state.policy) } } : undefined;
    }
    const state = change.organization?.[side];
    if (!state) return undefined;
    return change.target === 'ORGANIZATION_SETTINGS'
      ? { state: { $case: 'organizationSettings', value: { features: [{ name: 'session_policy', enabled: state.features.session_policy }] } } }
      : { state: { $case: 'organizationPolicy', value: toOrganizationSettingsMessage(state.policy) } };
  };
  return {
    revision: BigInt(change.revision),
    actor: change.actor,
    changeTime: toTimestamp(change.time.getTime()),
    target: targetOf(change),
    organizationId: change.organizationId ?? '',
    before: snapshot('before'),
    after: snapshot('after'),
  };
}

/** Constraints on wire values themselves (Timestamp ranges, int64 that must fit a revision). */
export const WireConstraint = {
  NANOS_OUT_OF_RANGE: 'TIMESTAMP_NANOS_OUT_OF_RANGE',
  OUT_OF_RANGE: 'TIMESTAMP_OUT_OF_RANGE',
  INT64_OUT_OF_RANGE: 'INT64_OUT_OF_RANGE',
} as const;

const MIN_SECONDS = BigInt(TIMESTAMP_MIN_MS / 1000);
const MAX_SECONDS = BigInt(Math.floor(TIMESTAMP_MAX_MS / 1000));

/**
 * Epoch milliseconds of a Timestamp field (undefined when unset). Nanos outside 0..999,999,999 and
 * instants outside 0001-01-01..9999-12-31 are violations, as Timestamp's definition says.
 */
export function epochMs(timestamp: Timestamp | undefined, field: string, violations: FieldViolation[]): number | undefined {
  if (timestamp === undefined) return undefined;
  const { seconds, nanos } = timestamp;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    violations.push({ field, constraint: WireConstraint.NANOS_OUT_OF_RANGE, description: 'nanos must be from 0 to 999,999,999' });
    return undefined;
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    violations.push({ field, constraint: WireConstraint.OUT_OF_RANGE, description: 'must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z' });
    return undefined;
  }
  return Number(seconds) * 1000 + Math.floor(nanos / 1_000_000);
}

export function toTimestamp(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: Math.round((ms - seconds * 1000) * 1_000_000) };
}

/** An int64 request field that must be a revision: decoded as bigint, then checked to fit a safe number. */
export function revisionOf(value: bigint, field: string, violations: FieldViolation[]): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    violations.push({ field, constraint: WireConstraint.INT64_OUT_OF_RANGE, description: `must be from 0 to ${Number.MAX_SAFE_INTEGER}` });
    return 0;
  }
  return Number(value);
}

/** Milliseconds of a Duration (seconds as a 64-bit integer), rounded down. */
export const durationMs = (duration: { readonly seconds: bigint; readonly nanos: number }): number => Number(duration.seconds) * 1000 + Math.trunc(duration.nanos / 1e6);
