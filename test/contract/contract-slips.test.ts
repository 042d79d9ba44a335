// Small places where an answer did not say what the contract says: every violated field at once,
// a range error named as a range error, a reason that is not INTERNAL for a client's mistake, and
// scope names that match between the protos and the configuration. Real server, real FerretDB.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, credentials } from '@grpc/grpc-js';
import { call, decodeError, failure } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
let svc: TestService;

beforeAll(async () => {
  store = await startTestStore();
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('slips'), { HTTP_LISTEN: '127.0.0.1:0', WIDGET_TOKEN_SECRET: randomBytes(32).toString('base64url') }));
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

it('when EvaluateSession has a malformed organization id and a last activity before the session start, then both are listed at once', async () => {
  const start = Date.now() - 60_000;
  const refused = await failure(
    call(svc.resolver.evaluateSession.bind(svc.resolver), {
      organizationIds: ['org with spaces'],
      sessionStartTime: { seconds: BigInt(Math.floor(start / 1000)), nanos: 0 },
      lastActivityTime: { seconds: BigInt(Math.floor(start / 1000) - 30), nanos: 0 },
      evaluationTime: undefined,
      context: undefined,
      sessionId: '',
      subject: '',
    }, asAdmin()),
  );
  expect(refused.codeName).toBe('INVALID_ARGUMENT');
  expect(refused.violations.map((v) => v.constraint).sort()).toEqual(['LAST_ACTIVITY_BEFORE_START', 'ORGANIZATION_ID_PATTERN_MISMATCH']);
});

it('when a widget session asks for a ttl of 3600 s, then the answer says the ttl is out of range, not that it is required', async () => {
  const refused = await failure(call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId: 'org-1', subject: 'carol', ttl: { seconds: 3600n, nanos: 0 } }, asAdmin()));
  expect(refused.violations).toEqual([{ field: 'ttl', constraint: 'TTL_OUT_OF_RANGE' }]);
  expect(refused.message).not.toMatch(/required/);
  expect(refused.message).toMatch(/at most 15 minutes/);
});

it('when Health Check names a service this server does not have, then it is NOT_FOUND with reason NOT_FOUND, not INTERNAL', async () => {
  const health = new Client(`127.0.0.1:${svc.service.port}`, credentials.createInsecure());
  try {
    // grpc.health.v1 HealthCheckRequest { string service = 1 }, encoded by hand.
    const name = Buffer.from('acme.v1.NoSuchService');
    const request = Buffer.concat([Buffer.from([0x0a, name.length]), name]);
    const error = await new Promise<unknown>((done) =>
      health.makeUnaryRequest('/grpc.health.v1.Health/Check', (b: Buffer) => b, (b: Buffer) => b, request, (e) => done(e)),
    );
    const decoded = decodeError(error);
    expect(decoded.codeName).toBe('NOT_FOUND');
    expect(decoded.reason).toBe('NOT_FOUND');
  } finally {
    health.close();
  }
});

it('when an operator configures SERVICE_TOKENS, then the README says which proto scope each short name grants', () => {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith('| `SERVICE_TOKENS` |')) ?? '';
  expect(row).toContain('policy:read');
  expect(row).toContain('policy:admin');
});
