// A store written by the first version (records updated in place, a change log with write intents and
// skip markers) starts cleanly: its changes become the dense log 1..n with their audit history, and
// its records the first snapshot. The fixture is a FerretDB data directory that version produced
// (commit d3c6d63: three organizations, an application policy, nine changes, one revert).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { PolicyLayer } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from '../../src/storage/embedded-ferretdb';
import { call } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { FERRETDB_BIN } from './support/store';

const FIXTURE = resolve(__dirname, '../fixtures/legacy-store/session_policy.sqlite');
let dataDir: string;
let ferret: EmbeddedFerretDb;
let svc: TestService | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'spol-legacy-'));
  copyFileSync(FIXTURE, join(dataDir, 'session_policy.sqlite'));
  ferret = await startEmbeddedFerretDb({ binary: FERRETDB_BIN, dataDir });
});

afterAll(async () => {
  await svc?.stop();
  await ferret?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('when the service starts on a first-version store, then every record and every audited change is there, and writes continue the log', async () => {
  svc = await startTestService(testConfig(ferret.uri, 'session_policy'));
  const org1 = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org_legacy_1' }, asAdmin());
  expect(org1.policy).toMatchObject({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 480, idleSessionTimeout: 30 });
  expect(org1.etag).toBe('"op1"');
  const org3 = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org_legacy_3' }, asAdmin());
  expect(org3.policy?.policySource).toBe(SessionPolicyType.APPLICATION);
  const app = await call(svc.admin.getApplicationSessionPolicy.bind(svc.admin), {}, asAdmin());
  expect(app.policy).toMatchObject({ absoluteSessionTimeout: 2880, idleSessionTimeout: 60, accessTokenExpiry: 10 });

  const resolved = await call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { context: undefined, organizationIds: ['org_legacy_2'] }, asAdmin());
  expect(resolved.effectivePolicy?.absoluteSessionTimeout?.value?.seconds).toBe(300n * 60n);
  expect(resolved.effectivePolicy?.absoluteSessionTimeout?.source?.layer).toBe(PolicyLayer.POLICY_LAYER_ORGANIZATION);

  const all = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: '', pageSize: 100, pageToken: '' }, asAdmin());
  expect(all.policyChanges.map((c) => c.revision)).toEqual([9n, 8n, 7n, 6n, 5n, 4n, 3n, 2n, 1n]);
  expect(all.policyChanges.every((c) => c.actor === 'service:dev-admin')).toBe(true);
  const history3 = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: 'org_legacy_3', pageSize: 10, pageToken: '' }, asAdmin());
  expect(history3.policyChanges.map((c) => c.revision)).toEqual([9n, 8n, 7n]);

  // The next write is revision 10 and joins org_legacy_2's history chain.
  const written = await call(
    svc.admin.updateOrganizationSessionPolicy.bind(svc.admin),
    { organizationId: 'org_legacy_2', policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 200, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '"op2"', requestId: '' },
    asAdmin(),
  );
  expect(written.etag).toBe('"op3"');
  const history2 = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: 'org_legacy_2', pageSize: 10, pageToken: '' }, asAdmin());
  expect(history2.policyChanges.map((c) => c.revision)).toEqual([10n, 6n, 5n, 4n]);

  // A restart loads the migrated snapshot plus the new entry, and migrates nothing again.
  await svc.stop();
  svc = await startTestService(testConfig(ferret.uri, 'session_policy'));
  expect(svc.service.context.replica.revision).toBe(10);
  const again = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org_legacy_2' }, asAdmin());
  expect(again.policy?.absoluteSessionTimeout).toBe(200);
});
