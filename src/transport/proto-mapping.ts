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

const minutes = (value: number): Duration => ({ seconds: value * 60, nanos: 0 });

function toSource(source: DomainPolicySource): PolicySource {
  return source.layer === 'APPLICATION'
    ? { layer: PolicyLayer.POLICY_LAYER_APPLICATION, organizationId: '' }
    : { layer: PolicyLayer.POLICY_LAYER_ORGANIZATION, organizationId: source.organizationId };
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
    revision,
    stale,
  };
}

const TARGETS = {
  APPLICATION_POLICY: PolicyChangeTarget.POLICY_CHANGE_TARGET_APPLICATION_POLICY,
  ORGANIZATION_POLICY: PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_POLICY,
  ORGANIZATION_SETTINGS: PolicyChangeTarget.POLICY_CHANGE_TARGET_ORGANIZATION_SETTINGS,
  // Never listed: ListPolicyChanges leaves revocations to ListRevocations.
  SESSION_REVOCATION: PolicyChangeTarget.POLICY_CHANGE_TARGET_UNSPECIFIED,
} as const;

export function toPolicyChangeMessage(change: PolicyChangeRecord): PolicyChange {
  const snapshot = (side: 'before' | 'after'): PolicySnapshot | undefined => {
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
    revision: change.revision,
    actor: change.actor,
    changeTime: change.time,
    target: TARGETS[change.target],
    organizationId: change.organizationId ?? '',
    before: snapshot('before'),
    after: snapshot('after'),
  };
}

/** Epoch milliseconds of a Timestamp field, or undefined when unset. */
export const epochMs = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime());
