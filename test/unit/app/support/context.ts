// A ServiceContext over the in-memory store, with a controllable clock, for app-layer tests.
import { DEFAULT_APPLICATION_POLICY } from '../../../../src/app/application-defaults';
import type { Caller } from '../../../../src/app/caller';
import { Replica } from '../../../../src/app/replica';
import type { ServiceContext } from '../../../../src/app/service-context';
import { InMemoryStore } from './in-memory-store';

export interface TestContext extends ServiceContext {
  readonly memory: InMemoryStore;
  readonly clock: { now: number };
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
      maxRevocationsPerOrganization: options.maxRevocationsPerOrganization ?? 10_000,
      revokeRatePerPrincipal: options.revokeRatePerPrincipal ?? 1_000_000,
      revokeRatePerServiceToken: options.revokeRatePerServiceToken ?? 1_000_000,
    },
  };
}

export const platformAdmin: Caller = { kind: 'service', actor: 'service:admin', scopes: new Set(['policy:admin']) };
export const reader: Caller = { kind: 'service', actor: 'service:reader', scopes: new Set(['policy:read']) };
export const orgAdmin = (organizationId: string): Caller => ({ kind: 'organization-admin', actor: `user:admin-of-${organizationId}`, organizationId });
