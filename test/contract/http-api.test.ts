// The HTTP face end to end: Connect unary JSON for the org-admin methods, mirroring admin-api.test.ts
// over gRPC; the Connect error envelope; widget tokens; CORS. Real server, real FerretDB.
import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { Writable } from 'node:stream';
import { startService } from '../../src/service';
import { call, connectRefusal, failure } from './support/calls';
import { ADMIN_TOKEN, READER_TOKEN, asAdmin, bearer, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';
import { recordCredential, serviceLogger } from './support/run-log';

const ALLOWED_ORIGIN = 'https://app.example.com';
const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';

let store: TestStore;
let svc: TestService;
let base: string;

interface Envelope {
  code: string;
  message: string;
  details: { type: string; value: string; debug?: Record<string, unknown> }[];
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function post(path: string, body: unknown, token = ADMIN_TOKEN, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${recordCredential(token)}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown>, headers: response.headers };
}

const decode = (answer: Answer) => connectRefusal(answer.body as { code?: unknown; details?: { type: string; value: string }[] });

const enableFeature = (organizationId: string, enabled = true) =>
  post(`${ADMIN}/UpdateOrganizationSettings`, { organizationId, settings: { features: [{ name: 'session_policy', enabled }] } });

const setCustom = (organizationId: string, fields: Record<string, unknown>, token = ADMIN_TOKEN) =>
  post(`${ADMIN}/UpdateOrganizationSessionPolicy`, { organizationId, policySource: 'CUSTOM', ...fields }, token);

async function widgetToken(organizationId: string, ttlSeconds = 300, subject = 'carol'): Promise<string> {
  const session = await call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId, subject, ttl: { seconds: BigInt(ttlSeconds), nanos: 0 } }, asAdmin());
  return recordCredential(session.token);
}

beforeAll(async () => {
  store = await startTestStore();
  svc = await startTestService(
    testConfig(store.uri, uniqueDatabase('http'), {
      HTTP_LISTEN: '127.0.0.1:0',
      WIDGET_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      WIDGET_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    }),
  );
  base = `http://127.0.0.1:${svc.service.httpPort}`;
  await call(svc.admin.updateApplicationSessionPolicy.bind(svc.admin), {
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
    etag: '',
    requestId: '',
  }, asAdmin());
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

describe('when an organization was never written (over HTTP)', () => {
  it('then it reads as APPLICATION with every value unset, and its feature is off', async () => {
    const got = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-never' });
    expect(got.status).toBe(200);
    expect(got.body['policy']).toEqual({ policySource: 'APPLICATION' });
    expect(got.headers.get('x-request-id')).toBeTruthy();
    const settings = await post(`${ADMIN}/GetOrganizationSettings`, { organizationId: 'org-never' });
    // Proto3 JSON leaves out default values: enabled = false is absent.
    expect(settings.body['settings']).toEqual({ features: [{ name: 'session_policy' }] });
  });
});

describe('when a CUSTOM policy is written in HOURS (over HTTP)', () => {
  it('then it is stored and returned in MINUTES (8 HOURS reads back as 480 MINUTES), and resolution uses it', async () => {
    await enableFeature('org-hours');
    const updated = await setCustom('org-hours', { absoluteSessionTimeout: 8, absoluteSessionTimeoutUnit: 'HOURS', idleSessionTimeoutEnabled: true, idleSessionTimeout: 1, idleSessionTimeoutUnit: 'HOURS' });
    const expected = { policySource: 'CUSTOM', absoluteSessionTimeout: 480, absoluteSessionTimeoutUnit: 'MINUTES', idleSessionTimeoutEnabled: true, idleSessionTimeout: 60, idleSessionTimeoutUnit: 'MINUTES' };
    expect(updated.status).toBe(200);
    expect(updated.body['policy']).toEqual(expected);
    const read = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-hours' });
    expect(read.body).toEqual({ policy: expected, etag: updated.body['etag'] });
    // The gRPC face sees the same stored policy.
    const overGrpc = await call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-hours' }, asAdmin());
    expect(overGrpc.etag).toBe(updated.body['etag']);
    const resolved = await post(`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: ['org-hours'] });
    expect(resolved.body['effectivePolicy']).toMatchObject({
      // Durations in their proto3 JSON form, as grpcurl prints them.
      absoluteSessionTimeout: { value: `${480 * 60}s`, source: { layer: 'POLICY_LAYER_ORGANIZATION', organizationId: 'org-hours' } },
      idleSessionTimeout: { value: `${60 * 60}s`, source: { layer: 'POLICY_LAYER_ORGANIZATION' } },
      accessTokenLifetime: { value: `${15 * 60}s`, source: { layer: 'POLICY_LAYER_APPLICATION' } },
    });
  });

  it('then CUSTOM with idle off returns idle enabled = false explicitly and no idle duration', async () => {
    await enableFeature('org-idle-off');
    const updated = await setCustom('org-idle-off', { absoluteSessionTimeout: 600, idleSessionTimeoutEnabled: false });
    expect(updated.body['policy']).toEqual({ policySource: 'CUSTOM', absoluteSessionTimeout: 600, absoluteSessionTimeoutUnit: 'MINUTES', idleSessionTimeoutEnabled: false });
  });
});

describe('when the session_policy feature is off (over HTTP)', () => {
  it('then CUSTOM fails with failed_precondition / FEATURE_DISABLED (HTTP 400) and nothing is written', async () => {
    const answer = await setCustom('org-gated', { absoluteSessionTimeout: 600 });
    expect(answer.status).toBe(400);
    expect(decode(answer)).toMatchObject({ code: 'failed_precondition', reason: 'FEATURE_DISABLED' });
    const read = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-gated' });
    expect(read.body['policy']).toEqual({ policySource: 'APPLICATION' });
  });
});

describe('when an organization reverts to APPLICATION (over HTTP)', () => {
  it('then its custom values are discarded but stay in the audit history', async () => {
    await enableFeature('org-revert');
    await setCustom('org-revert', { absoluteSessionTimeout: 600 });
    const reverted = await post(`${ADMIN}/UpdateOrganizationSessionPolicy`, { organizationId: 'org-revert', policySource: 'APPLICATION' });
    expect(reverted.body['policy']).toEqual({ policySource: 'APPLICATION' });
    const history = await post(`${ADMIN}/ListPolicyChanges`, { organizationId: 'org-revert', pageSize: 2 });
    const changes = history.body['policyChanges'] as { actor: string; before: unknown; after: unknown }[];
    expect(changes[0]).toMatchObject({ actor: 'service:admin', after: { organizationPolicy: { policySource: 'APPLICATION' } } });
    expect(changes[0]?.before).toMatchObject({ organizationPolicy: { policySource: 'CUSTOM', absoluteSessionTimeout: 600 } });
  });
});

describe('when a request is invalid (over HTTP)', () => {
  it('then HTTP 400 invalid_argument lists every violated field in BadRequest, and nothing changes', async () => {
    await enableFeature('org-invalid');
    const answer = await setCustom('org-invalid', { absoluteSessionTimeout: 10, idleSessionTimeoutEnabled: true, idleSessionTimeout: 0 });
    expect(answer.status).toBe(400);
    const decoded = decode(answer);
    expect(decoded).toMatchObject({ code: 'invalid_argument', reason: 'INVALID_ARGUMENT' });
    expect(decoded.violations).toEqual(expect.arrayContaining([
      { field: 'absolute_session_timeout', constraint: 'ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN' },
      { field: 'idle_session_timeout', constraint: 'VALUE_NOT_POSITIVE' },
    ]));
    // The envelope also carries a readable JSON view of each detail.
    const envelope = answer.body as unknown as Envelope;
    expect(envelope.details.find((d) => d.type === 'google.rpc.BadRequest')?.debug).toMatchObject({ fieldViolations: expect.arrayContaining([expect.objectContaining({ field: 'absolute_session_timeout' })]) });
    const read = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-invalid' });
    expect(read.body['policy']).toEqual({ policySource: 'APPLICATION' });
  });

  it('then unknown enum names, a malformed organization id and bad JSON are rejected', async () => {
    await enableFeature('org-enum');
    // A name the enum does not have is not proto3 JSON; a number it does not have is, and the domain refuses it.
    const badSourceName = await setCustom('org-enum', { policySource: 'SOMETIMES', absoluteSessionTimeout: 600 });
    expect(decode(badSourceName)).toMatchObject({ code: 'invalid_argument', reason: 'MALFORMED_REQUEST', violations: [{ field: 'policy_source', constraint: 'JSON_INVALID_VALUE' }] });
    const badSourceNumber = await setCustom('org-enum', { policySource: 7, absoluteSessionTimeout: 600 });
    expect(decode(badSourceNumber).violations).toContainEqual({ field: 'policy_source', constraint: 'POLICY_SOURCE_UNKNOWN' });
    const badId = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org with spaces' });
    expect(decode(badId).violations).toEqual([{ field: 'organization_id', constraint: 'ORGANIZATION_ID_PATTERN_MISMATCH' }]);
    const badJson = await post(`${ADMIN}/GetOrganizationSessionPolicy`, '{not json');
    expect(badJson.status).toBe(400);
    expect(decode(badJson).code).toBe('invalid_argument');
    const allHistory = await post(`${ADMIN}/ListPolicyChanges`, { organizationId: '' });
    expect(decode(allHistory).violations).toEqual([{ field: 'organization_id', constraint: 'FIELD_REQUIRED' }]);
  });

  it('then a wrong content type is 415 and an unknown or gRPC-only method is 501 with a Connect unimplemented envelope', async () => {
    const text = await fetch(`${base}/${ADMIN}/GetOrganizationSessionPolicy`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{}' });
    expect(text.status).toBe(415);
    for (const path of [`${ADMIN}/UpdateApplicationSessionPolicy`, `${ADMIN}/CreateWidgetSession`, 'acme.v1.Other/Method']) {
      const answer = await post(path, {});
      expect(answer.status).toBe(501);
      expect(decode(answer)).toMatchObject({ code: 'unimplemented', reason: 'UNIMPLEMENTED' });
    }
  });
});

describe('when an update carries an etag (over HTTP)', () => {
  it('then the current etag succeeds and a stale one fails with aborted / ETAG_MISMATCH (HTTP 409), changing nothing', async () => {
    await enableFeature('org-etag');
    const first = await setCustom('org-etag', { absoluteSessionTimeout: 500 });
    const second = await setCustom('org-etag', { absoluteSessionTimeout: 400, etag: first.body['etag'] });
    expect(second.status).toBe(200);
    const stale = await setCustom('org-etag', { absoluteSessionTimeout: 300, etag: first.body['etag'] });
    expect(stale.status).toBe(409);
    expect(decode(stale)).toMatchObject({ code: 'aborted', reason: 'ETAG_MISMATCH' });
    const read = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-etag' });
    expect((read.body['policy'] as { absoluteSessionTimeout: number }).absoluteSessionTimeout).toBe(400);
  });
});

describe('when callers are not allowed (over HTTP)', () => {
  it('then no token is 401 unauthenticated and a read-only token changing a policy is 403 permission_denied', async () => {
    const anonymous = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-never' }, '');
    expect(anonymous.status).toBe(401);
    expect(decode(anonymous)).toMatchObject({ code: 'unauthenticated', reason: 'MISSING_CREDENTIALS' });
    const reader = await setCustom('org-never', { absoluteSessionTimeout: 600 }, READER_TOKEN);
    expect(reader.status).toBe(403);
    expect(decode(reader)).toMatchObject({ code: 'permission_denied', reason: 'INSUFFICIENT_SCOPE' });
  });
});

describe('when a widget session is created', () => {
  it('then it needs policy:admin and a ttl of at most 15 minutes', async () => {
    const reader = await failure(call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId: 'org-w', subject: 'carol', ttl: { seconds: 60n, nanos: 0 } }, bearer(READER_TOKEN)));
    expect(reader.code).toBe(status.PERMISSION_DENIED);
    const tooLong = await failure(call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId: 'org-w', subject: 'carol', ttl: { seconds: 15n * 60n + 1n, nanos: 0 } }, asAdmin()));
    expect(tooLong).toMatchObject({ code: status.INVALID_ARGUMENT, violations: [{ field: 'ttl', constraint: 'TTL_OUT_OF_RANGE' }] });
    const missing = await failure(call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId: 'org w', subject: '', ttl: undefined }, asAdmin()));
    expect(missing.violations.map((v) => v.field).sort()).toEqual(['organization_id', 'subject', 'ttl']);
    const ok = await call(svc.admin.createWidgetSession.bind(svc.admin), { organizationId: 'org-w', subject: 'carol', ttl: { seconds: 900n, nanos: 0 } }, asAdmin());
    expect(ok.token).toMatch(/^spw1_/);
    expect(Math.abs(Number(ok.expireTime?.seconds ?? 0n) * 1000 - (Date.now() + 900_000))).toBeLessThan(5_000);
  });
});

describe('when the widget uses its token', () => {
  it("then it manages its own organization over HTTP, reads the application policy, and is audited as widget:<subject>", async () => {
    await enableFeature('org-w');
    const token = await widgetToken('org-w');
    expect((await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-w' }, token)).status).toBe(200);
    expect((await post(`${ADMIN}/GetApplicationSessionPolicy`, {}, token)).body['policy']).toMatchObject({ accessTokenExpiry: 15 });
    expect((await setCustom('org-w', { absoluteSessionTimeout: 240 }, token)).status).toBe(200);
    expect((await post(`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: ['org-w'] }, token)).status).toBe(200);
    const history = await post(`${ADMIN}/ListPolicyChanges`, { organizationId: 'org-w', pageSize: 1 }, token);
    expect((history.body['policyChanges'] as { actor: string }[])[0]?.actor).toBe('widget:carol');
  });

  it('then another organization is 403 permission_denied, on every org-admin method', async () => {
    const token = await widgetToken('org-w');
    for (const [method, body] of [
      ['GetOrganizationSessionPolicy', { organizationId: 'org-other' }],
      ['UpdateOrganizationSessionPolicy', { organizationId: 'org-other', policySource: 'APPLICATION' }],
      ['GetOrganizationSettings', { organizationId: 'org-other' }],
      ['UpdateOrganizationSettings', { organizationId: 'org-other', settings: { features: [{ name: 'session_policy', enabled: true }] } }],
      ['ListPolicyChanges', { organizationId: 'org-other' }],
    ] as const) {
      const answer = await post(`${ADMIN}/${method}`, body, token);
      expect([method, answer.status, decode(answer).reason]).toEqual([method, 403, 'ORGANIZATION_NOT_PERMITTED']);
    }
    const resolve = await post(`${RESOLVER}/ResolveEffectivePolicy`, { organizationIds: ['org-w', 'org-other'] }, token);
    expect(resolve.status).toBe(403);
  });

  it('then an expired or forged token is 401 unauthenticated', async () => {
    const token = await widgetToken('org-w', 1);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-w' }, token);
    expect(expired.status).toBe(401);
    expect(decode(expired)).toMatchObject({ code: 'unauthenticated', reason: 'WIDGET_TOKEN_EXPIRED' });
    const fresh = await widgetToken('org-w');
    const forged = `${fresh.slice(0, -4)}AAAA`;
    expect(decode(await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-w' }, forged))).toMatchObject({ code: 'unauthenticated', reason: 'INVALID_CREDENTIALS' });
  });

  it('then the same token on the gRPC face is UNAUTHENTICATED', async () => {
    const token = await widgetToken('org-w');
    const error = await failure(call(svc.admin.getOrganizationSessionPolicy.bind(svc.admin), { organizationId: 'org-w' }, bearer(token)));
    expect(error).toMatchObject({ code: status.UNAUTHENTICATED, reason: 'WIDGET_TOKEN_NOT_ACCEPTED_HERE' });
  });
});

describe('when a browser on another origin calls the HTTP face', () => {
  it('then only a configured origin gets CORS headers, and pages carry CSP frame-ancestors with it', async () => {
    const preflight = await fetch(`${base}/${ADMIN}/GetOrganizationSessionPolicy`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const stranger = await post(`${ADMIN}/GetOrganizationSessionPolicy`, { organizationId: 'org-never' }, ADMIN_TOKEN, { origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const module = await fetch(`${base}/widget/session-policy-widget.js`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(module.headers.get('content-type')).toContain('text/javascript');
    expect(module.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(await module.text()).toContain("customElements.define('session-policy-widget'");
    const embed = await fetch(`${base}/widget/embed`);
    // Exactly the configured origins, not the service's own.
    expect(embed.headers.get('content-security-policy')?.endsWith(`; frame-ancestors ${ALLOWED_ORIGIN}`)).toBe(true);
    // Not in dev mode: no demo page.
    expect((await fetch(`${base}/demo`)).status).toBe(404);
  });
});

describe('when the HTTP face serves requests and then shuts down', () => {
  it('then each request is one log line and one metric, and stop() closes the HTTP listener with the gRPC one', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = serviceLogger('http-ops', new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>), done()) }), 'info');
    const own = await startService(
      testConfig(store.uri, uniqueDatabase('http-ops'), { HTTP_LISTEN: '127.0.0.1:0', METRICS_LISTEN: '127.0.0.1:0', LOG_LEVEL: 'info' }),
      logger,
    );
    const url = `http://127.0.0.1:${own.httpPort}/${ADMIN}/GetOrganizationSessionPolicy`;
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'req-ops-1' }, body: '{"organizationId":"org-ops"}' });
    expect(ok.status).toBe(200);
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const http = lines.filter((l) => typeof l['path'] === 'string');
    expect(http).toHaveLength(2);
    // Codes as the gRPC face logs and counts them.
    expect(http[0]).toMatchObject({ method: 'POST', path: `/${ADMIN}/GetOrganizationSessionPolicy`, status: 200, requestId: 'req-ops-1', code: 'OK', organizationId: 'org-ops' });
    expect(typeof http[0]?.['latencyMs']).toBe('number');
    expect(http[1]).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason: 'MISSING_CREDENTIALS' });
    const metrics = await (await fetch(`http://127.0.0.1:${own.metricsPort}/metrics`)).text();
    expect(metrics).toContain(`session_policy_calls_total{face="http",method="${ADMIN}/GetOrganizationSessionPolicy",code="OK"} 1`);
    expect(metrics).toContain(`session_policy_calls_total{face="http",method="${ADMIN}/GetOrganizationSessionPolicy",code="UNAUTHENTICATED"} 1`);

    await own.stop();
    await expect(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).rejects.toThrow();
  });
});
