// grpc-js clients for the scenarios that ghz cannot drive (rule setup, propagation, Watch streams),
// built from the generated clients in gen/ts.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { SessionPolicyAdminServiceClient } from '../gen/ts/sessionpolicy/v1/admin_service';
import { SessionPolicyResolverServiceClient, type EffectivePolicy } from '../gen/ts/sessionpolicy/v1/resolver_service';
import { SessionPolicyType, TimeUnit } from '../gen/ts/sessionpolicy/v1/session_policy';
import { AuthenticationLevel, RiskLevel, type SessionRule } from '../gen/ts/sessionpolicy/v1/session_rules';
import type { BenchProcess } from './processes';

export interface Clients {
  readonly admin: SessionPolicyAdminServiceClient;
  readonly resolver: SessionPolicyResolverServiceClient;
  readonly metadata: Metadata;
  close(): void;
}

export function clientsFor(target: BenchProcess, token: string): Clients {
  const address = `127.0.0.1:${target.port}`;
  const admin = new SessionPolicyAdminServiceClient(address, credentials.createInsecure());
  const resolver = new SessionPolicyResolverServiceClient(address, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return {
    admin,
    resolver,
    metadata,
    close() {
      admin.close();
      resolver.close();
    },
  };
}

const deadline = (): { deadline: number } => ({ deadline: Date.now() + 10_000 });

export function setAbsoluteMinutes(clients: Clients, organizationId: string, absoluteMinutes: number): Promise<void> {
  return new Promise((done, fail) =>
    clients.admin.updateOrganizationSessionPolicy(
      {
        organizationId,
        policySource: SessionPolicyType.CUSTOM,
        absoluteSessionTimeout: absoluteMinutes,
        absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
        idleSessionTimeoutEnabled: false,
        idleSessionTimeout: undefined,
        etag: '',
        requestId: '',
      },
      clients.metadata,
      deadline(),
      (error: ServiceError | null) => (error ? fail(error) : done()),
    ),
  );
}

export function resolve(clients: Clients, organizationId: string): Promise<EffectivePolicy | undefined> {
  return new Promise((done, fail) =>
    clients.resolver.resolveEffectivePolicy({ organizationIds: [organizationId], context: undefined }, clients.metadata, deadline(), (error, response) =>
      error ? fail(error) : done(response?.effectivePolicy),
    ),
  );
}

export const absoluteMinutesOf = (policy: EffectivePolicy | undefined): number => Number(policy?.absoluteSessionTimeout?.value?.seconds ?? 0n) / 60;

/**
 * 50 rules over every kind of condition (roles, application ids, risk, authentication level,
 * attributes, and combinations), so matching a context walks the whole set; a handful match BENCH_CONTEXT.
 */
export function fiftyRules(): SessionRule[] {
  const levels = [AuthenticationLevel.AUTHENTICATION_LEVEL_AAL1, AuthenticationLevel.AUTHENTICATION_LEVEL_AAL2, AuthenticationLevel.AUTHENTICATION_LEVEL_AAL3];
  const risks = [RiskLevel.RISK_LEVEL_LOW, RiskLevel.RISK_LEVEL_MEDIUM, RiskLevel.RISK_LEVEL_HIGH, RiskLevel.RISK_LEVEL_CRITICAL];
  return Array.from({ length: 50 }, (_, i): SessionRule => ({
    ruleId: `rule-${i}`,
    description: `bench rule ${i}`,
    condition: {
      rolesAny: i % 5 === 0 ? [] : [`role-${i}`, `role-${i + 1}`, 'admin'].slice(0, 1 + (i % 3)),
      applicationIdsAny: i % 3 === 0 ? [`app-${i % 10}`] : [],
      minRiskLevel: i % 4 === 0 ? (risks[i % risks.length] as RiskLevel) : RiskLevel.RISK_LEVEL_UNSPECIFIED,
      authenticationLevelsAny: i % 6 === 0 ? [levels[i % levels.length] as AuthenticationLevel] : [],
      attributesAll: new Map(i % 7 === 0 ? [['region', i % 2 === 0 ? 'eu' : 'us'], ['tier', 'gold']] : []),
    },
    maxAbsoluteSessionTimeout: { seconds: BigInt((600 + i * 10) * 60), nanos: 0 },
    maxIdleSessionTimeout: i % 2 === 0 ? { seconds: BigInt((20 + i) * 60), nanos: 0 } : undefined,
  }));
}

/** The context of the issue-13 bench, as ghz JSON: matches several of fiftyRules(). */
export const BENCH_CONTEXT_JSON =
  '{"roles":["role-3","role-12","auditor"],"application_id":"app-3","risk_level":"RISK_LEVEL_HIGH","authentication_level":"AUTHENTICATION_LEVEL_AAL2","attributes":{"region":"eu","tier":"gold"}}';

export function setRules(clients: Clients, organizationId: string, rules: SessionRule[]): Promise<void> {
  return new Promise((done, fail) =>
    clients.admin.updateSessionRules({ organizationId, ruleSet: { rules, complianceProfiles: [] }, etag: '', requestId: '' }, clients.metadata, deadline(), (error: ServiceError | null) =>
      error ? fail(error) : done(),
    ),
  );
}
