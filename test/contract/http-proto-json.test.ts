// The HTTP face speaks proto3 JSON and answers mistakes as the gRPC face does. Every answer is parsed
// by a conforming proto3 JSON decoder that is not the service's (@bufbuild/protobuf's fromJson, strict,
// against buf's descriptor set read here directly); malformed bodies are refused field by field with
// nothing written; the two faces give the same code for the same mistake; metric label values come
// from a closed set whatever method names callers make up. Real server, real FerretDB.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:http2';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { createFileRegistry, fromBinary, fromJson, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { call, connectRefusal, failure, type ConnectRefusal } from './support/calls';
import { ADMIN_TOKEN, asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';
import { recordCredential } from './support/run-log';
import { grpcFrame } from './support/raw-calls';

jest.setTimeout(180_000);

const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';
const MAX_MESSAGE_BYTES = 64 * 1024;

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(resolve(__dirname, '../../gen/descriptor/sessionpolicy.binpb'))));

/** The response message of `path` ("pkg.Service/Method"), from the descriptors. */
function responseSchema(path: string): DescMessage {
  const [service = '', name = ''] = path.split('/');
  const method = registry.getService(service)?.methods.find((m) => m.name === name);
  if (!method) throw new Error(`no method ${path}`);
  return method.output;
}

let store: TestStore;
let svc: TestService;
let base: string;

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: JsonValue | undefined;
}

async function post(path: string, body: unknown, token: string | undefined = ADMIN_TOKEN): Promise<Answer> {
  const response = await fetch(`${base}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${recordCredential(token)}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: JsonValue | undefined;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** A 200 answer decoded by the conforming parser, strictly (an unknown field or a wrong form throws). */
function conforming(path: string, answer: Answer): unknown {
  expect(answer.status).toBe(200);
  return fromJson(responseSchema(path), answer.json as JsonValue, { ignoreUnknownFields: false, registry });
}

/** A Connect error envelope: its code, ErrorInfo reason and BadRequest violations. */
function refusal(answer: Answer): ConnectRefusal {
  return connectRefusal(answer.json as { code?: unknown; details?: { type: string; value: string }[] } | undefined);
}

async function historyLength(organizationId: string): Promise<number> {
  const page = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId, pageSize: 1000, pageToken: '' }, asAdmin());
  return page.policyChanges.length;
}

async function metricsText(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${svc.service.metricsPort}/metrics`)).text();
}

const seriesOf = (metrics: string, name: string): string[] => metrics.split('\n').filter((l) => l.startsWith(`${name}{`));

beforeAll(async () => {
  store = await startTestStore();
  svc = await startTestService(
    testConfig(store.uri, uniqueDatabase('http-json'), {
      HTTP_LISTEN: '127.0.0.1:0',
      METRICS_LISTEN: '127.0.0.1:0',
      MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      WIDGET_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    }),
  );
  base = `http://127.0.0.1:${svc.service.httpPort}`;
  await call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), {
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
    etag: '',
    requestId: '',
  }, asAdmin());
  await post(`${ADMIN}/UpdateOrganizationSettings`, { organizationId: 'org-json', settings: { features: [{ name: 'session_policy', enabled: true }] } });
  await post(`${ADMIN}/UpdateOrganizationSessionPolicy`, { organizationId: 'org-json', policySource: 'CUSTOM', absoluteSessionTimeout: 8, absoluteSessionTimeoutUnit: 'HOURS', idleSessionTimeoutEnabled: true, idleSessionTimeout: 30 });
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

describe('when every method the HTTP face serves answers (proto3 JSON out)', () => {
  const requests: [string, unknown][] = [
    [`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-json' }],
    [`${ADMIN}/UpdateOrganizationSessionPolicy`, { organizationId: 'org-json', policySource: 'CUSTOM', absoluteSessionTimeout: 480, idleSessionTimeoutEnabled: true, idleSessionTimeout: 45 }],
    [`${ADMIN}/GetApplicationSessionPolicy`, {}],
    [`${ADMIN}/GetOrganizationSettings`, { organizationId: 'org-json' }],
    [`${ADMIN}/UpdateOrganizationSettings`, { organizationId: 'org-json', settings: { features: [{ name: 'session_policy', enabled: true }] } }],
    [`${ADMIN}/ListPolicyChanges`, { organizationId: 'org-json', pageSize: 10 }],
    [`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: ['org-json'] }],
  ];

  it.each(requests)('then %s parses with a conforming strict decoder', async (path, body) => {
    const answer = await post(path, body);
    expect(() => conforming(path, answer)).not.toThrow();
  });

  it('then a Duration is a string of seconds ("28800s") and a Timestamp RFC 3339, as grpcurl prints them', async () => {
    const resolved = await post(`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: ['org-json'] });
    const policy = (resolved.json as { effectivePolicy: Record<string, { value: unknown }> }).effectivePolicy;
    expect(policy['absoluteSessionTimeout']?.value).toBe('28800s');
    expect(policy['idleSessionTimeout']?.value).toBe('2700s');
    const changes = await post(`${ADMIN}/ListPolicyChanges`, { organizationId: 'org-json', pageSize: 1 });
    const [change] = (changes.json as { policyChanges: { changeTime: unknown }[] }).policyChanges;
    expect(change?.changeTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('then a request may use proto3 JSON forms too: proto field names, an enum by number', async () => {
    const answer = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organization_id: 'org-json' });
    expect((conforming(`${ADMIN}/GetOrganizationSessionPolicy`, answer) as { policy?: { absoluteSessionTimeout?: number } }).policy?.absoluteSessionTimeout).toBe(480);
  });
});

describe('when a body is not a proto3 JSON encoding of the request (JSON in)', () => {
  const cases: [string, string, unknown, string[]][] = [
    ['organizationIds that is not a list', `${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: 'org-json' }, ['organization_ids']],
    ['a list item that is null', `${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: ['org-json', null] }, ['organization_ids']],
    ['a nested list where a string belongs', `${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: [['org-json']] }, ['organization_ids']],
    ['an object where a string belongs', `${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: { $gt: '' } }, ['organization_id']],
    ['a feature entry that is null', `${ADMIN}/UpdateOrganizationSettings`, { organizationId: 'org-json', settings: { features: [null] } }, ['settings.features[0]']],
    ['a feature name that is a number and a flag that is a string', `${ADMIN}/UpdateOrganizationSettings`, { organizationId: 'org-json', settings: { features: [{ name: 7, enabled: 'yes' }] } }, ['settings.features[0].name', 'settings.features[0].enabled']],
    ['an unknown enum name', `${ADMIN}/UpdateOrganizationSessionPolicy`, { organizationId: 'org-json', policySource: 'SOMETIMES', absoluteSessionTimeout: 600 }, ['policy_source']],
    ['an int32 out of range, a fraction, and a bool as a string, all at once', `${ADMIN}/UpdateOrganizationSessionPolicy`, { organizationId: 'org-json', policySource: 'CUSTOM', absoluteSessionTimeout: 2 ** 31, idleSessionTimeout: 1.5, idleSessionTimeoutEnabled: 'true' }, ['absolute_session_timeout', 'idle_session_timeout', 'idle_session_timeout_enabled']],
    ['an unknown field', `${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-json', organisationId: 'x' }, ['organisationId']],
    ['a list where the body object belongs', `${ADMIN}/GetOrganizationSessionPolicy`, [{ organizationId: 'org-json' }], ['']],
    ['a page size that is not a number', `${ADMIN}/ListPolicyChanges`, { organizationId: 'org-json', pageSize: '10abc' }, ['page_size']],
  ];

  it.each(cases)('then %s is HTTP 400 invalid_argument naming every bad field, and nothing is written', async (_label, path, body, fields) => {
    const before = await historyLength('org-json');
    const answer = await post(path, body);
    expect(answer.status).toBe(400);
    const refused = refusal(answer);
    expect(refused.code).toBe('invalid_argument');
    expect(refused.violations.map((v) => v.field).sort()).toEqual([...fields].sort());
    expect(await historyLength('org-json')).toBe(before);
  });

  it('then text that is not JSON is HTTP 400 invalid_argument too', async () => {
    const answer = await post(`${ADMIN}/GetOrganizationSessionPolicy`, '{"organizationId": "org-js');
    expect(answer.status).toBe(400);
    expect(refusal(answer).code).toBe('invalid_argument');
  });
});

describe('when the two faces are sent the same mistake', () => {
  it('then a request over MAX_MESSAGE_BYTES is RESOURCE_EXHAUSTED / MESSAGE_TOO_LARGE on both (HTTP 429, as Connect maps it)', async () => {
    const organizationIds = Array.from({ length: 10_000 }, (_, i) => `org-${i}`);
    const overHttp = await post(`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds });
    expect(overHttp.status).toBe(429);
    expect(refusal(overHttp)).toMatchObject({ code: 'resource_exhausted', reason: 'MESSAGE_TOO_LARGE' });
    const overGrpc = await failure(call(svc.resolver.resolveEffectivePolicy.bind(svc.resolver), { organizationIds, context: undefined }, asAdmin()));
    expect(overGrpc.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('then a method the HTTP face does not serve is a Connect unimplemented envelope (HTTP 501), as gRPC says UNIMPLEMENTED', async () => {
    for (const path of [`${ADMIN}/UpdateApplicationSessionPolicy`, `${ADMIN}/NoSuchMethod`, 'acme.v1.Other/Method']) {
      const answer = await post(path, {});
      expect(answer.status).toBe(501);
      expect(refusal(answer)).toMatchObject({ code: 'unimplemented' });
    }
  });

  it('then connect-timeout-ms is the deadline: one already passed is 504 deadline_exceeded at once, a malformed one 400 MALFORMED_TIMEOUT', async () => {
    const send = (timeout: string) =>
      fetch(`${base}/${ADMIN}/GetOrganizationSessionPolicy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, 'connect-timeout-ms': timeout },
        body: '{"organizationId":"org-json"}',
      }).then(async (r) => ({ status: r.status, text: await r.text(), json: undefined as JsonValue | undefined })).then((a) => ({ ...a, json: JSON.parse(a.text) as JsonValue }));
    const passed = await send('0');
    expect(passed.status).toBe(504);
    expect(refusal(passed)).toMatchObject({ code: 'deadline_exceeded', reason: 'DEADLINE_EXCEEDED' });
    const malformed = await send('5s');
    expect(malformed.status).toBe(400);
    expect(refusal(malformed)).toMatchObject({ code: 'invalid_argument', reason: 'MALFORMED_TIMEOUT', violations: [{ field: 'connect-timeout-ms', constraint: 'CONNECT_TIMEOUT_MALFORMED' }] });
    expect((await send('5000')).status).toBe(200);
    // Ten digits are a Connect timeout too, however far past what a timer holds (2^31 - 1 ms).
    for (const far of ['9999999999', '4294967296', '2147483648']) expect((await send(far)).status).toBe(200);
  });

  it('then the deadline covers a body that never finishes: 504 deadline_exceeded at the deadline, not when the upload ends', async () => {
    const started = Date.now();
    const answer = await new Promise<{ status: number; text: string }>((done, fail) => {
      const req = httpRequest(`${base}/${ADMIN}/GetOrganizationSessionPolicy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, 'connect-timeout-ms': '300', 'content-length': '1000' },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
      req.write('{"organizationId":');
      // ... and the remaining bytes never come.
      setTimeout(() => req.destroy(), 5000).unref();
    });
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(504);
    expect(refusal({ ...answer, json: JSON.parse(answer.text) as JsonValue })).toMatchObject({ code: 'deadline_exceeded' });
    expect(elapsed).toBeLessThan(2000);
  });

  it('then a page may be framed only by the configured origins (none configured: frame-ancestors none)', async () => {
    const embed = await fetch(`${base}/widget/embed`);
    expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'$/);
  });
});

describe('when callers make up method names', () => {
  it('then 10^4 random names on each face add no metric series; the faces are told apart by a label and count in one code vocabulary', async () => {
    await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-json' });
    await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-json' }, asAdmin());
    const before = await metricsText();
    const names = Array.from({ length: 10_000 }, () => `Fuzz${randomBytes(6).toString('hex')}`);
    // HTTP: anonymous posts to made-up methods of our package and of others.
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(names.slice(i, i + 100).map((name, j) => post(j % 2 === 0 ? `${ADMIN}/${name}` : `acme.v${j}.${name}/${name}`, {}, undefined)));
    }
    // gRPC: the same names, one HTTP/2 session, no gRPC library in between.
    const session = connect(`http://127.0.0.1:${svc.service.port}`);
    try {
      for (let i = 0; i < names.length; i += 200) {
        await Promise.all(
          names.slice(i, i + 200).map(
            (name) =>
              new Promise<void>((done) => {
                const stream = session.request({ ':method': 'POST', ':path': `/${RESOLVER}/${name}`, 'content-type': 'application/grpc', te: 'trailers' });
                stream.on('error', () => done());
                stream.on('close', () => done());
                stream.resume();
                stream.end(grpcFrame(new Uint8Array()));
              }),
          ),
        );
      }
    } finally {
      session.close();
    }
    const after = await metricsText();
    const calls = seriesOf(after, 'session_policy_calls_total');
    const keys = (text: string, name: string): Set<string> => new Set(seriesOf(text, name).map((l) => l.replace(/ \S+$/, '')));
    const added = [...keys(after, 'session_policy_calls_total')].filter((k) => !keys(before, 'session_policy_calls_total').has(k));
    // At most one 'unknown' series per face for all the refusals; no made-up name became a label value.
    expect(added.filter((k) => !k.includes('method="unknown"'))).toEqual([]);
    expect(added.length).toBeLessThanOrEqual(2);
    expect(keys(after, 'session_policy_call_duration_seconds_count').size).toBeLessThanOrEqual(keys(before, 'session_policy_call_duration_seconds_count').size + 2);
    expect(after).toContain(`session_policy_calls_total{face="http",method="${ADMIN}/GetOrganizationSessionPolicy",code="OK"}`);
    expect(after).toContain(`session_policy_calls_total{face="grpc",method="${ADMIN}/GetOrganizationSessionPolicy",code="OK"}`);
    // One vocabulary: gRPC code names on both faces, never an HTTP status.
    for (const line of calls) expect(line).toMatch(/code="[A-Z_]+"/);
  });
});
