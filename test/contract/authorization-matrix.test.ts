// Every RPC × every kind of principal, then TLS and mTLS. Permission is decided before existence.
import { credentials, Metadata, status } from '@grpc/grpc-js';
import { SignJWT, type KeyLike } from 'jose';
import { testJwtKeys } from './support/jwt-keys';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { RevocationReason } from '../../gen/ts/sessionpolicy/v1/session_revocation';
import { SessionPolicyResolverServiceClient } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call, decodeError, timestamp } from './support/calls';
import { makeTestPki } from './support/certificates';
import { ADMIN_TOKEN, READER_TOKEN, asAdmin, bearer, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';
import { recordCredential } from './support/run-log';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'session-policy';
const OWN = 'org-own';

let store: TestStore;
let svc: TestService;
let privateKey: KeyLike;
const tokens: Record<string, Metadata | undefined> = {};

async function jwt(claims: Record<string, unknown>, options: { audience?: string; expiresAt?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return recordCredential(await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 600)
    .sign(privateKey));
}

beforeAll(async () => {
  const keys = await testJwtKeys();
  privateKey = keys.privateKey;
  const keyFile = keys.keyFile;
  store = await startTestStore();
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('authz'), { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_PUBLIC_KEY_FILE: keyFile }));
  await call(svc.admin.updateOrganizationSettings.bind(svc.admin), { requestId: '', organizationId: OWN, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());

  const malformed = new Metadata();
  malformed.set('authorization', 'Token abc');
  Object.assign(tokens, {
    'no token': undefined,
    'malformed token': malformed,
    'expired JWT': bearer(await jwt({ sub: 'alice', org_id: OWN, role: 'org_admin' }, { expiresAt: Math.floor(Date.now() / 1000) - 120 })),
    'wrong audience': bearer(await jwt({ sub: 'alice', org_id: OWN, role: 'org_admin' }, { audience: 'someone-else' })),
    'read-only service token': bearer(READER_TOKEN),
    'admin token': bearer(ADMIN_TOKEN),
    'org admin of the same org': bearer(await jwt({ sub: 'alice', org_id: OWN, role: 'org_admin' })),
    'org admin of another org': bearer(await jwt({ sub: 'mallory', org_id: 'org-other', role: 'org_admin' })),
  });
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

function watchFirst(client: SessionPolicyResolverServiceClient, metadata: Metadata): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.watchEffectivePolicies({ organizationIds: [OWN], resumeAfterRevision: 0n }, metadata);
    stream.once('data', () => {
      stream.cancel();
      resolve();
    });
    stream.once('error', (error: Error & { code?: number }) => (error.code === status.CANCELLED ? resolve() : reject(error)));
  });
}

const RPCS: Record<string, (m: Metadata) => Promise<unknown>> = {
  GetOrganizationSessionPolicy: (m) => call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: OWN }, m),
  UpdateOrganizationSessionPolicy: (m) =>
    call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), { requestId: '',
      organizationId: OWN, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 600, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined, etag: '',
    }, m),
  GetApplicationSessionPolicy: (m) => call(svc.admin.getApplicationSessionPolicy.bind(svc.admin), {}, m),
  UpdateApplicationSessionPolicy: (m) =>
    call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), { requestId: '', policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: false, idleSessionTimeout: 0, accessTokenExpiry: 5 }, etag: '' }, m),
  GetOrganizationSettings: (m) => call(svc.admin.getOrganizationSettings.bind(svc.admin), { organizationId: OWN }, m),
  UpdateOrganizationSettings: (m) =>
    call(svc.admin.updateOrganizationSettings.bind(svc.admin), { requestId: '', organizationId: OWN, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, m),
  ListPolicyChanges: (m) => call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: OWN, pageSize: 5, pageToken: '' }, m),
  ResolveEffectivePolicy: (m) => call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { context: undefined, organizationIds: [OWN] }, m),
  EvaluateSession: (m) =>
    call(svc.resolver.evaluateSession.bind(svc.resolver), { context: undefined, organizationIds: [OWN], sessionStartTime: timestamp(Date.now() - 60_000), lastActivityTime: timestamp(Date.now()), evaluationTime: undefined, sessionId: '', subject: '' }, m),
  WatchEffectivePolicies: (m) => watchFirst(svc.resolver, m),
  GetOrganizationSessionRules: (m) => call(svc.admin.getSessionRules.bind(svc.admin), { organizationId: OWN }, m),
  UpdateOrganizationSessionRules: (m) =>
    call(svc.admin.updateSessionRules.bind(svc.admin), { organizationId: OWN, ruleSet: { rules: [], complianceProfiles: [] }, etag: '', requestId: '' }, m),
  GetApplicationSessionRules: (m) => call(svc.admin.getSessionRules.bind(svc.admin), { organizationId: '' }, m),
  UpdateApplicationSessionRules: (m) =>
    call(svc.admin.updateSessionRules.bind(svc.admin), { organizationId: '', ruleSet: { rules: [], complianceProfiles: [] }, etag: '', requestId: '' }, m),
  RevokeSessions: (m) =>
    call(svc.admin.revokeSessions.bind(svc.admin), { organizationId: OWN, target: { $case: 'sessionId', value: 'sess-matrix' }, reason: RevocationReason.REVOCATION_REASON_LOGOUT, requestId: '' }, m),
  ListRevocations: (m) => call(svc.admin.listRevocations.bind(svc.admin), { organizationId: OWN, pageSize: 5, pageToken: '' }, m),
};

const U = 'UNAUTHENTICATED';
const D = 'PERMISSION_DENIED';
const OK = 'OK';
// Columns in RPCS order: GetOrg UpdOrg GetApp UpdApp GetSet UpdSet List Resolve Evaluate Watch,
// then the session rules: GetOrgRules UpdOrgRules GetAppRules UpdAppRules, then Revoke ListRevocations.
const EXPECTED: Record<string, string[]> = {
  'no token': [U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U],
  'malformed token': [U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U],
  'expired JWT': [U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U],
  'wrong audience': [U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U],
  'read-only service token': [OK, D, OK, D, OK, D, D, OK, OK, OK, OK, D, OK, D, D, D],
  'admin token': [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
  'org admin of the same org': [OK, OK, D, D, OK, OK, OK, OK, OK, OK, OK, OK, D, D, OK, OK],
  'org admin of another org': [D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D],
};

async function outcome(rpc: (m: Metadata) => Promise<unknown>, metadata: Metadata | undefined): Promise<string> {
  try {
    await rpc(metadata ?? new Metadata());
    return OK;
  } catch (error) {
    return decodeError(error).codeName;
  }
}

describe('when each kind of principal calls each RPC', () => {
  const observed: Record<string, string[]> = {};
  afterAll(() => {
    const names = Object.keys(RPCS);
    const lines = [`| principal | ${names.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`];
    for (const [who, row] of Object.entries(observed)) lines.push(`| ${who} | ${row.join(' | ')} |`);
    process.stdout.write(`\nAuthorization matrix (observed):\n${lines.join('\n')}\n`);
  });

  it.each(Object.keys(EXPECTED))('then %s gets exactly the expected status from every RPC', async (who) => {
    const row: string[] = [];
    for (const rpc of Object.values(RPCS)) row.push(await outcome(rpc, tokens[who]));
    observed[who] = row;
    expect(row).toEqual(EXPECTED[who]);
  });
});

describe('when an organization admin asks about an organization that is not theirs', () => {
  it('then the answer is PERMISSION_DENIED whether or not that organization exists (no existence oracle)', async () => {
    const mallory = tokens['org admin of another org'] as Metadata;
    const existing = decodeError(await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: OWN }, mallory).catch((e: unknown) => e));
    const missing = decodeError(await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-does-not-exist' }, mallory).catch((e: unknown) => e));
    expect(existing.codeName).toBe(D);
    expect(missing.codeName).toBe(D);
    expect(missing.reason).toBe(existing.reason);
  });
});

describe('when an organization admin revokes or evaluates sessions of an organization that is not theirs', () => {
  it('then the answer is the same PERMISSION_DENIED whether or not that session exists or was revoked, and nothing is recorded', async () => {
    const alice = tokens['org admin of the same org'] as Metadata;
    const mallory = tokens['org admin of another org'] as Metadata;
    const revoke = (sessionId: string, m: Metadata) =>
      call(svc.admin.revokeSessions.bind(svc.admin), { organizationId: OWN, target: { $case: 'sessionId', value: sessionId }, reason: RevocationReason.REVOCATION_REASON_LOGOUT, requestId: '' }, m);
    await revoke('sess-known', alice);
    const listed = async () => (await call(svc.admin.listRevocations.bind(svc.admin), { organizationId: OWN, pageSize: 500, pageToken: '' }, alice)).revocations.length;
    const before = await listed();
    const known = decodeError(await revoke('sess-known', mallory).catch((e: unknown) => e));
    const unknown = decodeError(await revoke('sess-never-seen', mallory).catch((e: unknown) => e));
    expect([known.codeName, unknown.codeName]).toEqual([D, D]);
    expect(known.reason).toBe(unknown.reason);
    expect(known.message).toBe(unknown.message);
    const evaluate = (sessionId: string) =>
      call(svc.resolver.evaluateSession.bind(svc.resolver), { context: undefined, organizationIds: [OWN], sessionStartTime: timestamp(Date.now() - 1000), lastActivityTime: timestamp(Date.now()), evaluationTime: undefined, sessionId, subject: '' }, mallory).catch((e: unknown) => e);
    const evaluatedKnown = decodeError(await evaluate('sess-known'));
    const evaluatedUnknown = decodeError(await evaluate('sess-never-seen'));
    expect([evaluatedKnown.codeName, evaluatedUnknown.codeName]).toEqual([D, D]);
    expect(evaluatedKnown.message).toBe(evaluatedUnknown.message);
    expect(await listed()).toBe(before);
  });
});

describe('when an organization admin changes its policy', () => {
  it('then the audit record names the JWT subject as the actor', async () => {
    const alice = tokens['org admin of the same org'] as Metadata;
    await RPCS['UpdateOrganizationSessionPolicy']?.(alice);
    const history = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: OWN, pageSize: 1, pageToken: '' }, alice);
    expect(history.policyChanges[0]?.actor).toBe('user:alice');
  });
});

describe('when a request exceeds a limit', () => {
  it('then a body over MAX_MESSAGE_BYTES is refused with the standard RESOURCE_EXHAUSTED, and other limits are INVALID_ARGUMENT naming the limit', async () => {
    const hugeId = 'x'.repeat(70 * 1024);
    const big = decodeError(await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: hugeId }, asAdmin()).catch((e: unknown) => e));
    expect(big.codeName).toBe('RESOURCE_EXHAUSTED');
    const longId = decodeError(await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'a'.repeat(65) }, asAdmin()).catch((e: unknown) => e));
    expect(longId.violations).toEqual([{ field: 'organization_id', constraint: 'ORGANIZATION_ID_TOO_LONG' }]);
    const tooMany = decodeError(await call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { context: undefined, organizationIds: Array.from({ length: 101 }, (_, i) => `o${i}`) }, asAdmin()).catch((e: unknown) => e));
    expect(tooMany.violations).toEqual([{ field: 'organization_ids', constraint: 'TOO_MANY_ORGANIZATION_IDS' }]);
    const pageSize = decodeError(await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: OWN, pageSize: -1, pageToken: '' }, asAdmin()).catch((e: unknown) => e));
    expect(pageSize.violations).toEqual([{ field: 'page_size', constraint: 'PAGE_SIZE_OUT_OF_RANGE' }]);
  });
});

describe('when TLS is configured', () => {
  const pki = makeTestPki();

  async function withServer(env: Record<string, string>, body: (address: string) => Promise<void>): Promise<void> {
    const tls = await startTestService(testConfig(store.uri, uniqueDatabase('tls'), env), credentials.createSsl(pki.read(pki.caCert), pki.read(pki.clientKey), pki.read(pki.clientCert)));
    try {
      await body(tls.address);
    } finally {
      await tls.stop();
    }
  }

  const resolveWith = (address: string, channel: ReturnType<typeof credentials.createInsecure>) => {
    // The certificate names localhost: TLS SNI must carry a host name, never an IP (Node's DEP0123).
    const client = new SessionPolicyResolverServiceClient(address, channel, { 'grpc.ssl_target_name_override': 'localhost' });
    return call(client.resolveEffectivePolicy.bind(client), { context: undefined, organizationIds: [] }, asAdmin(), { deadline: Date.now() + 3000 }).finally(() => client.close());
  };

  it('then a TLS client is served and a plaintext client is refused', async () => {
    await withServer({ TLS_CERT_FILE: pki.serverCert, TLS_KEY_FILE: pki.serverKey }, async (address) => {
      await expect(resolveWith(address, credentials.createSsl(pki.read(pki.caCert)))).resolves.toBeDefined();
      const plaintext = decodeError(await resolveWith(address, credentials.createInsecure()).catch((e: unknown) => e));
      expect(plaintext.codeName).toBe('UNAVAILABLE');
    });
  });

  it('then under mTLS a client with a certificate from the CA is served and one without is refused', async () => {
    await withServer({ TLS_CERT_FILE: pki.serverCert, TLS_KEY_FILE: pki.serverKey, TLS_CLIENT_CA_FILE: pki.caCert }, async (address) => {
      await expect(resolveWith(address, credentials.createSsl(pki.read(pki.caCert), pki.read(pki.clientKey), pki.read(pki.clientCert)))).resolves.toBeDefined();
      const anonymous = decodeError(await resolveWith(address, credentials.createSsl(pki.read(pki.caCert))).catch((e: unknown) => e));
      expect(anonymous.codeName).toBe('UNAVAILABLE');
    });
  });
});
