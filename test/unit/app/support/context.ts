// A ServiceContext over the in-memory store, with a controllable clock, for app-layer tests.
import { DEFAULT_APPLICATION_POLICY } from '../../../../src/app/application-defaults';
import type { AuditRecord } from '../../../../src/app/audit';
import type { Caller } from '../../../../src/app/caller';
import { RateLimiter } from '../../../../src/app/rate-limiter';
import { Replica } from '../../../../src/app/replica';
import { RevocationCommits } from '../../../../src/app/revocation-commits';
import type { ServiceContext } from '../../../../src/app/service-context';
import { InMemoryStore } from './in-memory-store';

export interface TestContext extends ServiceContext {
  readonly memory: InMemoryStore;
  readonly clock: { now: number };
  /** What the use cases audited, in order. */
  readonly audited: AuditRecord[];
}

export async function testContext(memory = new InMemoryStore(), options: { snapshotEveryChanges?: number; retainedChanges?: number; pollIntervalMs?: number; maxRevocationsPerOrganization?: number; revokeRatePerPrincipal?: number; revokeRatePerServiceToken?: number; revocationSkewMs?: number } = {}): Promise<TestContext> {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const now = (): number => clock.now;
  const replica = new Replica(memory, {
    applicationDefaults: DEFAULT_APPLICATION_POLICY,
    pollIntervalMs: options.pollIntervalMs ?? 60_000,
    staleAfterMs: 2000,
    maxStaleMs: 60_000,
    snapshotEveryChanges: options.snapshotEveryChanges ?? 1000,
    requestIdRetentionMs: 86_400_000,
    retainedChanges: options.retainedChanges ?? 1000,
    now,
    ...(options.revocationSkewMs !== undefined ? { revocationSkewMs: options.revocationSkewMs } : {}),
  });
  await replica.start();
  const maxRevocationsPerOrganization = options.maxRevocationsPerOrganization ?? 10_000;
  const audited: AuditRecord[] = [];
  return {
    replica,
    store: memory,
    memory,
    clock,
    now,
    pageTokenKey: await memory.deploymentSecret('page-token'),
    limits: {
      organizationIdPattern: /^[A-Za-z0-9_.:-]{1,64}$/,
      maxOrganizationIds: 100,
      maxClockSkewMs: 60_000,
      defaultPageSize: 50,
      maxPageSize: 500,
      maxWatchBacklog: 100,
      maxRevocationsPerOrganization,
    },
    revocationCommits: new RevocationCommits(replica, { maxPerScope: maxRevocationsPerOrganization, now }),
    revokeRates: { organizationAdmin: new RateLimiter(options.revokeRatePerPrincipal ?? 1_000_000), serviceToken: new RateLimiter(options.revokeRatePerServiceToken ?? 1_000_000) },
    audit: (record) => audited.push(record),
    audited,
    widgetTokens: undefined,
  };
}

export const platformAdmin: Caller = { kind: 'service', actor: 'service:admin', scopes: new Set(['policy:admin']) };
export const reader: Caller = { kind: 'service', actor: 'service:reader', scopes: new Set(['policy:read']) };
export const orgAdmin = (organizationId: string): Caller => ({ kind: 'organization-admin', actor: `user:admin-of-${organizationId}`, organizationId });
