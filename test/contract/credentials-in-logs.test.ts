// No credential in any log line, on the paths that used to leak one: an authorization value the
// service cannot take as `Bearer <visible ASCII>` (a pasted no-break space, a control character, a
// tab, two values) on the HTTP face and the gRPC face. Each is refused as UNAUTHENTICATED (never a
// 500), and the process's stdout and stderr, at debug level, hold no piece of the token.
// (scripts/check-run-logs.mjs then checks every log of the whole run for every credential used.)
import { randomBytes } from 'node:crypto';
import * as h2 from 'node:http2';
import { connect } from 'node:net';
import { startServiceProcess, type ServiceProcess } from './support/process-service';
import { ADMIN_TOKEN } from './support/service';
import { recordCredential } from './support/run-log';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

const RESOLVER = '/sessionpolicy.v1.SessionPolicyResolverService';
const WIDGET_SECRET = randomBytes(32).toString('hex');

let store: TestStore;
let proc: ServiceProcess;
let httpPort: number;

beforeAll(async () => {
  store = await startTestStore();
  recordCredential(WIDGET_SECRET);
  proc = await startServiceProcess(store.uri, uniqueDatabase('credential_logs'), { HTTP_LISTEN: '127.0.0.1:0', LOG_LEVEL: 'debug', WIDGET_TOKEN_SECRET: WIDGET_SECRET, WIDGET_ALLOWED_ORIGINS: 'https://admin.example.com' });
  const listening = proc.logs.map((l) => JSON.parse(l) as { msg?: string; port?: number }).find((l) => l.msg?.startsWith('HTTP face listening'));
  httpPort = listening?.port as number;
  expect(httpPort).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
  await proc?.stop();
  await store?.close();
});

/** Header values as raw bytes on the wire (UTF-8 of the text), the way a pasted character arrives. */
const wire = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/** [what, the value, HTTP status]: Node's HTTP parser itself answers 400 to a control character in a header. */
const MALFORMED: [string, (token: string) => string | string[], number][] = [
  ['a trailing no-break space', (t) => wire(`Bearer ${t}\u00a0`), 401],
  ['a no-break space inside the token', (t) => wire(`Bearer ${t.slice(0, 12)}\u00a0${t.slice(12)}`), 401],
  ['a trailing non-ASCII letter', (t) => wire(`Bearer ${t}é`), 401],
  ['a tab before the token', (t) => `Bearer\t${t}`, 401],
  ['a control character in the token', (t) => `Bearer ${t.slice(0, 10)}\u0001${t.slice(10)}`, 400],
  ['two authorization values', (t) => [`Bearer ${t}`, `Bearer ${t}x`], 401],
  ['no scheme', (t) => t, 401],
];

/** One HTTP/1.1 request written byte for byte (Node's client refuses control characters in headers). */
function httpCall(authorization: string | string[]): Promise<{ status: number; body: string }> {
  const body = '{"organizationIds":["org-a"]}';
  const lines = [
    `POST ${RESOLVER}/ResolveEffectivePolicy HTTP/1.1`,
    `host: 127.0.0.1:${httpPort}`,
    'content-type: application/json',
    `content-length: ${body.length}`,
    'connection: close',
    ...(Array.isArray(authorization) ? authorization : [authorization]).map((v) => `authorization: ${v}`),
  ];
  return new Promise((done, fail) => {
    const socket = connect(httpPort, '127.0.0.1', () => socket.end(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1')));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', fail);
    socket.on('close', () => done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), body: answer }));
  });
}

function grpcCall(authorization: string | string[]): Promise<string | undefined> {
  return new Promise((done) => {
    const session = h2.connect(`http://127.0.0.1:${proc.port}`);
    const req = session.request({
      [h2.constants.HTTP2_HEADER_METHOD]: 'POST',
      [h2.constants.HTTP2_HEADER_PATH]: `${RESOLVER}/ResolveEffectivePolicy`,
      'content-type': 'application/grpc',
      te: 'trailers',
      authorization: authorization as string,
    });
    let grpcStatus: string | undefined;
    req.on('response', (headers) => (grpcStatus = headers['grpc-status'] as string | undefined ?? grpcStatus));
    req.on('trailers', (trailers) => (grpcStatus = trailers['grpc-status'] as string | undefined));
    req.on('data', () => undefined);
    const finish = (): void => {
      session.close();
      done(grpcStatus);
    };
    req.on('close', finish);
    req.on('error', finish);
    req.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}

describe.each(MALFORMED)('when the authorization value has %s', (_label, value, httpStatus) => {
  it('then the HTTP face answers 401 and the gRPC face UNAUTHENTICATED, and no log line holds any piece of the token', async () => {
    for (const token of [ADMIN_TOKEN, `spw1_${randomBytes(24).toString('base64url')}`, `eyJhbGciOiJFUzI1NiJ9.${randomBytes(30).toString('base64url')}.${randomBytes(40).toString('base64url')}`]) {
      recordCredential(token);
      const http = await httpCall(value(token));
      expect({ status: http.status, leaked: http.body.includes(token.slice(-16)) }).toEqual({ status: httpStatus, leaked: false });
      // Node's HTTP/2 client cannot send two authorization values; the gRPC face's own check covers them.
      if (!Array.isArray(value(token))) expect(await grpcCall(value(token))).toBe('16');
      await new Promise((r) => setTimeout(r, 100));
      const logs = proc.logs.join('\n');
      for (const piece of [token, token.slice(0, 24), token.slice(-16)]) expect(logs.includes(piece)).toBe(false);
    }
    expect(proc.logs.join('\n')).not.toMatch(/"status":5\d\d/);
  });
});
