// The two faces are one method table: every request the HTTP face serves is sent, as it is, over gRPC
// (raw HTTP/2, the body as the binary encoding of the same proto3 JSON, grpc-timeout for the deadline)
// and over Connect JSON (connect-timeout-ms), and the answers must match: the same response message
// (JSON vs binary aside), or the same code, ErrorInfo reason, domain and metadata, BadRequest field
// violations and message. Valid requests and writes, bad organization ids and values, the policy
// rules, etags, request ids, missing and bad credentials (service tokens and org-admin JWTs) and
// passed deadlines. What only one face has (unknown JSON fields, HTTP statuses, methods the HTTP face
// does not serve) is left to http-api and http-proto-json. Real server, real FerretDB.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders, type IncomingHttpStatusHeader } from 'node:http2';
import { resolve } from 'node:path';
import { status } from '@grpc/grpc-js';
import { createFileRegistry, fromBinary, fromJson, toBinary, toJson, type DescMethod, type JsonValue } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { SignJWT, type KeyLike } from 'jose';
import { testJwtKeys } from './support/jwt-keys';
import { BadRequest, ErrorInfo } from '../../gen/ts/google/rpc/error_details';
import { Status } from '../../gen/ts/google/rpc/status';
import { grpcFrame } from './support/raw-calls';
import { recordCredential } from './support/run-log';
import { ADMIN_TOKEN, READER_TOKEN, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

jest.setTimeout(120_000);

const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'session-policy';

/** Read here from buf's descriptor set, not through the service's own codec. */
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(resolve(__dirname, '../../gen/descriptor/sessionpolicy.binpb'))));

function methodOf(path: string): DescMethod {
  const [service = '', name = ''] = path.split('/');
  const method = registry.getService(service)?.methods.find((m) => m.name === name);
  if (!method) throw new Error(`no method ${path}`);
  return method;
}

/** What either face answered, in one vocabulary. */
type Answer =
  | { readonly ok: true; readonly body: JsonValue }
  | {
      readonly ok: false;
      /** gRPC's code name in lower snake case, as Connect spells it ("invalid_argument"). */
      readonly code: string;
      readonly message: string;
      readonly reason: string;
      readonly domain: string;
      readonly metadata: Record<string, string>;
      readonly violations: { field: string; reason: string; description: string }[];
    };

/** A request both faces are sent. */
interface Case {
  readonly path: string;
  readonly body: JsonValue;
  /** The authorization value sent (none: the header is left out). */
  readonly authorization?: string;
  /** The caller's deadline, ms from sending (grpc-timeout / connect-timeout-ms). */
  readonly timeoutMs?: number;
}

const CONNECT_CODES = Object.fromEntries(
  Object.entries(status)
    .filter(([, v]) => typeof v === 'number')
    .map(([name, code]) => [code, name === 'CANCELLED' ? 'canceled' : name.toLowerCase()]),
) as Record<number, string>;

/** Connect's code -> HTTP status (connectrpc.com/docs/protocol), for the codes these cases meet. */
const HTTP_STATUS: Record<string, number> = { invalid_argument: 400, failed_precondition: 400, unauthenticated: 401, permission_denied: 403, aborted: 409, deadline_exceeded: 504 };

function refusal(code: string, message: string, details: readonly { typeUrl: string; value: Uint8Array }[]): Answer {
  let info: ErrorInfo | undefined;
  const violations: { field: string; reason: string; description: string }[] = [];
  for (const detail of details) {
    if (detail.typeUrl.endsWith('/google.rpc.ErrorInfo') || detail.typeUrl === 'google.rpc.ErrorInfo') info = ErrorInfo.decode(detail.value);
    if (detail.typeUrl.endsWith('/google.rpc.BadRequest') || detail.typeUrl === 'google.rpc.BadRequest') {
      for (const v of BadRequest.decode(detail.value).fieldViolations) violations.push({ field: v.field, reason: v.reason, description: v.description });
    }
  }
  return { ok: false, code, message, reason: info?.reason ?? '', domain: info?.domain ?? '', metadata: Object.fromEntries(info?.metadata ?? []), violations };
}

let store: TestStore;
let svc: TestService;
let grpcSession: ClientHttp2Session;
let privateKey: KeyLike;

/** Over gRPC: the JSON body as its binary encoding, one raw HTTP/2 call, the status from its trailers. */
function overGrpc(c: Case): Promise<Answer> {
  const method = methodOf(c.path);
  const message = toBinary(method.input, fromJson(method.input, c.body, { registry }));
  return new Promise((done, fail) => {
    const stream = grpcSession.request({
      ':method': 'POST',
      ':path': `/${c.path}`,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...(c.authorization !== undefined ? { authorization: c.authorization } : {}),
      ...(c.timeoutMs !== undefined ? { 'grpc-timeout': `${c.timeoutMs}m` } : {}),
    });
    const chunks: Buffer[] = [];
    let headers: IncomingHttpHeaders & IncomingHttpStatusHeader = {};
    stream.on('response', (h) => (headers = h));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', fail);
    const finish = (trailers: IncomingHttpHeaders): void => {
      // A status without a message comes in the headers alone ("trailers-only").
      const all = { ...headers, ...trailers };
      const code = Number(all['grpc-status']);
      if (code === status.OK) {
        const body = Buffer.concat(chunks);
        done({ ok: true, body: toJson(method.output, fromBinary(method.output, body.subarray(5, 5 + body.readUInt32BE(1))), { registry }) });
        return;
      }
      const details = all['grpc-status-details-bin'];
      done(refusal(CONNECT_CODES[code] ?? String(code), decodeURIComponent(String(all['grpc-message'] ?? '')), details === undefined ? [] : Status.decode(Buffer.from(String(details), 'base64')).details));
    };
    let trailers: IncomingHttpHeaders | undefined;
    stream.on('trailers', (t) => (trailers = t));
    stream.on('end', () => finish(trailers ?? {}));
    stream.end(grpcFrame(message));
  });
}

/** Over Connect JSON. */
function overConnect(c: Case): Promise<Answer> {
  const body = JSON.stringify(c.body);
  return new Promise((done, fail) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: svc.service.httpPort,
      method: 'POST',
      path: `/${c.path}`,
      headers: {
        'content-type': 'application/json',
        ...(c.authorization !== undefined ? { authorization: c.authorization } : {}),
        ...(c.timeoutMs !== undefined ? { 'connect-timeout-ms': String(c.timeoutMs) } : {}),
      },
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonValue;
        if (res.statusCode === 200) {
          done({ ok: true, body: json });
          return;
        }
        const envelope = json as { code: string; message: string; details?: { type: string; value: string }[] };
        const answer = refusal(envelope.code, envelope.message, (envelope.details ?? []).map((d) => ({ typeUrl: d.type, value: Buffer.from(d.value, 'base64') })));
        // Every error's HTTP status is the one Connect gives its code.
        if (answer.ok || res.statusCode !== HTTP_STATUS[answer.code]) fail(new Error(`HTTP ${res.statusCode} for ${envelope.code}`));
        done(answer);
      });
    });
    req.end(body);
  });
}

/** Both faces' answers to the same request, gRPC first. */
async function both(c: Case): Promise<[Answer, Answer]> {
  const grpc = await overGrpc(c);
  return [grpc, await overConnect(c)];
}

/** For a write, the answers compared: the etag names each face's own commit, so it is only required. */
function withoutEtag(answer: Answer): Answer {
  if (!answer.ok) return answer;
  const { etag, ...rest } = answer.body as Record<string, JsonValue>;
  expect(typeof etag).toBe('string');
  return { ok: true, body: rest };
}

const bearer = (token: string): string => `Bearer ${recordCredential(token)}`;
const admin = bearer(ADMIN_TOKEN);

async function jwt(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return recordCredential(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(now - 60).setExpirationTime(now + 600).sign(privateKey));
}

const enable = (organizationId: string): Case => ({
  path: `${ADMIN}/UpdateOrganizationSettings`,
  body: { organizationId, settings: { features: [{ name: 'session_policy', enabled: true }] } },
  authorization: admin,
});

beforeAll(async () => {
  const keys = await testJwtKeys();
  privateKey = keys.privateKey;
  const keyFile = keys.keyFile;
  store = await startTestStore();
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('face_parity'), { HTTP_LISTEN: '127.0.0.1:0', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_PUBLIC_KEY_FILE: keyFile }));
  grpcSession = connect(`http://${svc.address}`);
  for (const organizationId of ['org-parity', 'org-reads']) expect((await overGrpc(enable(organizationId))).ok).toBe(true);
  expect(
    (await overGrpc({ path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-reads', policySource: 'CUSTOM', absoluteSessionTimeout: 8, absoluteSessionTimeoutUnit: 'HOURS', idleSessionTimeoutEnabled: true, idleSessionTimeout: 30 }, authorization: admin }))
      .ok,
  ).toBe(true);
});

afterAll(async () => {
  grpcSession?.close();
  await svc?.stop();
  await store?.close();
});

describe('when every method the HTTP face serves is called well on both faces', () => {
  it.each<[string, Case]>([
    ['GetApplicationSessionPolicy', { path: `${ADMIN}/GetApplicationSessionPolicy`, body: {}, authorization: admin }],
    ['GetOrganizationSessionPolicy', { path: `${ADMIN}/GetOrganizationSessionPolicy`, body: { organizationId: 'org-reads' }, authorization: admin }],
    ['GetOrganizationSessionPolicy of an organization never written', { path: `${ADMIN}/GetOrganizationSessionPolicy`, body: { organizationId: 'org-never' }, authorization: admin }],
    ['GetOrganizationSettings', { path: `${ADMIN}/GetOrganizationSettings`, body: { organizationId: 'org-reads' }, authorization: admin }],
    ['ListPolicyChanges', { path: `${ADMIN}/ListPolicyChanges`, body: { organizationId: 'org-reads', pageSize: 1 }, authorization: admin }],
    ['ResolveEffectivePolicy', { path: `${RESOLVER}/ResolveEffectivePolicy`, body: { organizationIds: ['org-reads', 'org-never'] }, authorization: bearer(READER_TOKEN) }],
    [
      'ResolveEffectivePolicy with a session context',
      { path: `${RESOLVER}/ResolveEffectivePolicy`, body: { organizationIds: ['org-reads'], context: { roles: ['admin'], applicationId: 'console', riskLevel: 'RISK_LEVEL_HIGH', authenticationLevel: 'AUTHENTICATION_LEVEL_AAL2', attributes: { network_zone: 'external' } } }, authorization: admin },
    ],
    ['a read with a deadline far enough away', { path: `${ADMIN}/GetOrganizationSessionPolicy`, body: { organizationId: 'org-reads' }, authorization: admin, timeoutMs: 30_000 }],
  ])('then %s answers the same message', async (_name, c) => {
    const [grpc, connectJson] = await both(c);
    expect(grpc.ok).toBe(true);
    expect(connectJson).toEqual(grpc);
  });

  it('then the same write on each face answers the same policy and settings, and the history lists both alike', async () => {
    const policy: Case = {
      path: `${ADMIN}/UpdateOrganizationSessionPolicy`,
      body: { organizationId: 'org-parity', policySource: 'CUSTOM', absoluteSessionTimeout: 600, idleSessionTimeoutEnabled: true, idleSessionTimeout: 1, idleSessionTimeoutUnit: 'HOURS' },
      authorization: admin,
      timeoutMs: 30_000,
    };
    const [grpc, connectJson] = await both(policy);
    expect(grpc.ok && (grpc.body as { policy: unknown }).policy).toMatchObject({ absoluteSessionTimeout: 600, idleSessionTimeout: 60, idleSessionTimeoutUnit: 'MINUTES' });
    expect(withoutEtag(connectJson)).toEqual(withoutEtag(grpc));
    const [settingsGrpc, settingsConnect] = await both(enable('org-parity'));
    expect(withoutEtag(settingsConnect)).toEqual(withoutEtag(settingsGrpc));

    const [history, historyConnect] = await both({ path: `${ADMIN}/ListPolicyChanges`, body: { organizationId: 'org-parity', pageSize: 10 }, authorization: admin });
    expect(historyConnect).toEqual(history);
    expect(history.ok && (history.body as { policyChanges: { actor: string }[] }).policyChanges.map((c) => c.actor)).toEqual(Array.from({ length: 5 }, () => 'service:admin'));
  });

  it("then a write retried with the same request_id on the other face answers the first one's result, etag included", async () => {
    const write: Case = { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-parity', policySource: 'CUSTOM', absoluteSessionTimeout: 480, requestId: 'parity-retry-1' }, authorization: admin };
    const [grpc, connectJson] = await both(write);
    expect(grpc.ok).toBe(true);
    expect(connectJson).toEqual(grpc);
  });
});

describe('when the same mistake is sent to both faces', () => {
  const tooMany = Array.from({ length: 101 }, (_, i) => `org-${i}`);
  it.each<[string, Case]>([
    ['a malformed organization id (Get)', { path: `${ADMIN}/GetOrganizationSessionPolicy`, body: { organizationId: 'org with spaces' }, authorization: admin }],
    ['a malformed organization id (Update)', { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org/../x', policySource: 'APPLICATION' }, authorization: admin }],
    ['a malformed organization id (settings)', { path: `${ADMIN}/GetOrganizationSettings`, body: { organizationId: 'x'.repeat(65) }, authorization: admin }],
    ['a malformed organization id (history)', { path: `${ADMIN}/ListPolicyChanges`, body: { organizationId: 'org with spaces' }, authorization: admin }],
    ['malformed and repeated organization ids (Resolve)', { path: `${RESOLVER}/ResolveEffectivePolicy`, body: { organizationIds: ['org-a', 'bad id', 'org-a'] }, authorization: admin }],
    ['too many organization ids (Resolve)', { path: `${RESOLVER}/ResolveEffectivePolicy`, body: { organizationIds: tooMany }, authorization: admin }],
    ['a session context beyond its bounds (Resolve)', { path: `${RESOLVER}/ResolveEffectivePolicy`, body: { organizationIds: ['org-a'], context: { roles: [''], attributes: { __proto__x: 'y'.repeat(65) } } }, authorization: admin }],
    [
      'every policy rule broken at once',
      { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-parity', policySource: 'CUSTOM', absoluteSessionTimeout: 10, idleSessionTimeoutEnabled: true, idleSessionTimeout: 0 }, authorization: admin },
    ],
    ['an enum number the enum does not have', { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-parity', policySource: 7, absoluteSessionTimeout: 600 }, authorization: admin }],
    ['an unknown feature', { path: `${ADMIN}/UpdateOrganizationSettings`, body: { organizationId: 'org-parity', settings: { features: [{ name: 'no_such_feature', enabled: true }] } }, authorization: admin }],
    ['a malformed request id', { path: `${ADMIN}/UpdateOrganizationSettings`, body: { organizationId: 'org-parity', settings: { features: [] }, requestId: 'not a uuid!' }, authorization: admin }],
    ['a page size below zero', { path: `${ADMIN}/ListPolicyChanges`, body: { organizationId: 'org-parity', pageSize: -1 }, authorization: admin }],
    ['a forged page token', { path: `${ADMIN}/ListPolicyChanges`, body: { organizationId: 'org-parity', pageToken: 'forged' }, authorization: admin }],
    ['CUSTOM while the feature is off', { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-off', policySource: 'CUSTOM', absoluteSessionTimeout: 600 }, authorization: admin }],
    ['a stale etag', { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-reads', policySource: 'APPLICATION', etag: '"stale"' }, authorization: admin }],
  ])('then %s is the same refusal', async (_name, c) => {
    const [grpc, connectJson] = await both(c);
    expect(grpc.ok).toBe(false);
    expect(connectJson).toEqual(grpc);
  });

  it('then a request id used for another change is refused alike on both faces', async () => {
    expect((await overGrpc({ path: `${ADMIN}/UpdateOrganizationSettings`, body: { organizationId: 'org-parity', settings: { features: [{ name: 'session_policy', enabled: true }] }, requestId: 'parity-reused' }, authorization: admin })).ok).toBe(true);
    const [grpc, connectJson] = await both({ path: `${ADMIN}/UpdateOrganizationSettings`, body: { organizationId: 'org-reads', settings: { features: [{ name: 'session_policy', enabled: true }] }, requestId: 'parity-reused' }, authorization: admin });
    expect(grpc).toMatchObject({ ok: false, code: 'invalid_argument', reason: 'REQUEST_ID_REUSED' });
    expect(connectJson).toEqual(grpc);
  });
});

describe('when callers are not who they must be, on both faces', () => {
  const read: Omit<Case, 'authorization'> = { path: `${ADMIN}/GetOrganizationSessionPolicy`, body: { organizationId: 'org-reads' } };
  const write: Omit<Case, 'authorization'> = { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-reads', policySource: 'APPLICATION' } };
  it.each<[string, Omit<Case, 'authorization'>, () => Promise<string | undefined>, string]>([
    ['no credentials', read, async () => undefined, 'MISSING_CREDENTIALS'],
    ['an empty authorization value', read, async () => '', 'MISSING_CREDENTIALS'],
    ['an unknown token', read, async () => bearer('spt_not_a_token'), 'INVALID_CREDENTIALS'],
    ['not a bearer token', read, async () => 'Basic dXNlcjpwYXNz', 'INVALID_CREDENTIALS'],
    ['two bearer tokens in one value', read, async () => `${admin}, ${admin}`, 'INVALID_CREDENTIALS'],
    ['a JWT signed by another key', read, async () => bearer('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'), 'INVALID_CREDENTIALS'],
    ['a read-only token writing', write, async () => bearer(READER_TOKEN), 'INSUFFICIENT_SCOPE'],
    ['an org admin of another organization', read, async () => bearer(await jwt({ sub: 'mallory', org_id: 'org-other', role: 'org_admin' })), 'ORGANIZATION_NOT_PERMITTED'],
    ['a JWT without the admin role', read, async () => bearer(await jwt({ sub: 'eve', org_id: 'org-reads', role: 'viewer' })), 'INSUFFICIENT_SCOPE'],
  ])('then %s is the same refusal', async (_name, request, authorization, reason) => {
    const given = await authorization();
    const [grpc, connectJson] = await both({ ...request, ...(given !== undefined ? { authorization: given } : {}) });
    expect(grpc).toMatchObject({ ok: false, reason });
    expect(connectJson).toEqual(grpc);
  });

  it('then an org admin of the organization is answered the same message on both faces', async () => {
    const token = bearer(await jwt({ sub: 'alice', org_id: 'org-reads', role: 'org_admin' }));
    const [grpc, connectJson] = await both({ ...read, authorization: token });
    expect(grpc.ok).toBe(true);
    expect(connectJson).toEqual(grpc);
  });
});

describe('when the deadline has already passed, on both faces', () => {
  it.each<[string, Case]>([
    ['a read', { path: `${ADMIN}/GetOrganizationSessionPolicy`, body: { organizationId: 'org-reads' }, authorization: admin, timeoutMs: 0 }],
    ['a resolve', { path: `${RESOLVER}/ResolveEffectivePolicy`, body: { organizationIds: ['org-reads'] }, authorization: admin, timeoutMs: 0 }],
    ['a write', { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, body: { organizationId: 'org-deadline', policySource: 'APPLICATION' }, authorization: admin, timeoutMs: 0 }],
  ])('then %s is DEADLINE_EXCEEDED on both, and nothing is written', async (_name, c) => {
    const [grpc, connectJson] = await both(c);
    expect(grpc).toMatchObject({ ok: false, code: 'deadline_exceeded', reason: 'DEADLINE_EXCEEDED' });
    expect(connectJson).toEqual(grpc);
    const [history] = await both({ path: `${ADMIN}/ListPolicyChanges`, body: { organizationId: 'org-deadline' }, authorization: admin });
    expect(history).toEqual({ ok: true, body: {} });
  });
});
