// Issue 11's transport findings, each as it was reproduced against the old server: every test here
// failed there (oversized trailers, INTERNAL for bad bodies and big int64s, a token on stderr, no
// Watch limit, watchers buffered without bound, 4 MiB bodies buffered before authentication).
import { readFileSync } from 'node:fs';
import { connect, constants as h2, type ClientHttp2Session } from 'node:http2';
import { Writable } from 'node:stream';
import { Metadata, status } from '@grpc/grpc-js';
import pino from 'pino';
import { Client, credentials } from '@grpc/grpc-js';
import { startService, type RunningService } from '../../src/service';
import { createAuthenticator } from '../../src/transport/authenticate';
import { Metrics } from '../../src/transport/metrics';
import { startServer } from '../../src/transport/server';
import { SessionPolicyAdminServiceClient, UpdateOrganizationSettingsRequest } from '../../gen/ts/sessionpolicy/v1/admin_service';
import {
  EvaluateSessionRequest,
  ResolveEffectivePolicyRequest,
  SessionPolicyResolverServiceClient,
  WatchEffectivePoliciesRequest,
  type WatchEffectivePoliciesResponse,
} from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call, decodeError, timestamp } from './support/calls';
import { RawClient, errorInfoIn, grpcFrame, trailerBytes } from './support/raw-calls';
import { ADMIN_TOKEN, READER_TOKEN, asAdmin, bearer, testConfig } from './support/service';
import { startServiceProcess, type ServiceProcess } from './support/process-service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';
import { serviceLogger } from './support/run-log';

const RESOLVER = '/sessionpolicy.v1.SessionPolicyResolverService';
const ADMIN = '/sessionpolicy.v1.SessionPolicyAdminService';
const EIGHT_KIB = 8 * 1024;

let store: TestStore;
let service: RunningService;
let address: string;
let admin: SessionPolicyAdminServiceClient;
let resolver: SessionPolicyResolverServiceClient;
let raw: RawClient;
const logLines: string[] = [];

beforeAll(async () => {
  store = await startTestStore();
  const logSink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) });
  const config = testConfig(store.uri, uniqueDatabase('hardening'), {
    LOG_LEVEL: 'info',
    METRICS_LISTEN: '127.0.0.1:0',
    WATCH_MAX_STREAMS_PER_PRINCIPAL: '3',
    WATCH_MAX_BUFFERED_EVENTS: '2',
  });
  service = await startService(config, serviceLogger('hardening', logSink, 'info'));
  address = `127.0.0.1:${service.port}`;
  admin = new SessionPolicyAdminServiceClient(address, credentials.createInsecure());
  resolver = new SessionPolicyResolverServiceClient(address, credentials.createInsecure());
  raw = new RawClient(address);
  await call(admin.updateApplicationSessionPolicy.bind(admin), { requestId: '',
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
    etag: '',
  }, asAdmin());
});

afterAll(async () => {
  admin?.close();
  resolver?.close();
  raw?.close();
  await service?.stop();
  await store?.close();
});

async function callCount(method: string, code: string): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith('session_policy_calls_total{') && l.includes(`method="${method}"`) && l.includes(`code="${code}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * One call over raw HTTP/2 (what no gRPC library sends: its own timers and framing stay out of it):
 * `message` framed with `flag` (1 = compressed), answered with the response headers and trailers merged,
 * since a trailers-only answer arrives as the response headers.
 */
function rawHttp2Call(session: ClientHttp2Session, path: string, message: Uint8Array, headers: Record<string, string>, flag = 0): Promise<Record<string, unknown>> {
  const frame = grpcFrame(message, flag);
  return new Promise((done, fail) => {
    const request = session.request({ [h2.HTTP2_HEADER_METHOD]: 'POST', [h2.HTTP2_HEADER_PATH]: path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const seen: Record<string, unknown> = {};
    request.on('response', (received) => Object.assign(seen, received));
    request.on('trailers', (received) => Object.assign(seen, received));
    request.on('error', fail);
    request.on('data', () => undefined);
    request.on('end', () => done(seen));
    request.end(frame);
  });
}

/** The ErrorInfo reason of a raw answer's grpc-status-details-bin. */
function reasonIn(answer: Record<string, unknown>): string {
  return errorInfoIn(answer)?.reason ?? '';
}

describe('when a client sends a 10 kB organization id', () => {
  it('then the answer is INVALID_ARGUMENT with trailers far below 8 KiB, readable by a client with the 8 KiB metadata limit, and the log carries a cut prefix', async () => {
    const hugeId = `org-${'x'.repeat(10_000)}`;
    const limited = new SessionPolicyAdminServiceClient(address, credentials.createInsecure(), { 'grpc.max_metadata_size': EIGHT_KIB });
    try {
      const error = await call(limited.getOrganizationSessionPolicy.bind(limited), { organizationId: hugeId }, asAdmin()).catch((e: unknown) => e);
      const decoded = decodeError(error);
      expect(decoded.codeName).toBe('INVALID_ARGUMENT');
      expect(trailerBytes((error as { metadata: Metadata }).metadata, decoded.message)).toBeLessThan(2048);
      for (const value of [decoded.message, ...Object.values(decoded.metadata)]) expect(value.length).toBeLessThan(400);
    } finally {
      limited.close();
    }
    const logged = logLines.filter((l) => l.includes('GetOrganizationSessionPolicy') && l.includes('xxxx'));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      expect(line).not.toContain('x'.repeat(129));
      expect(line).toContain('[cut, 10004 chars]');
    }
  });
});

describe('when UpdateOrganizationSettings names 300 unknown features', () => {
  it('then the trailers stay small, the violations are capped, and a call on the same connection still completes', async () => {
    const features = Array.from({ length: 300 }, (_, i) => ({ name: `unknown_feature_${i}`, enabled: true }));
    const body = Buffer.from(UpdateOrganizationSettingsRequest.encode({ requestId: '', organizationId: 'org-features', settings: { features }, etag: '' }).finish());
    const [outcome, other] = await Promise.all([
      raw.unary(`${ADMIN}/UpdateOrganizationSettings`, body, asAdmin()),
      call(resolver.resolveEffectivePolicy.bind(resolver), { context: undefined, organizationIds: ['org-features'] }, asAdmin(), { deadline: Date.now() + 5000 }),
    ]);
    expect(outcome.code).toBe(status.INVALID_ARGUMENT);
    expect(outcome.trailerBytes).toBeLessThan(4096);
    expect(other.effectivePolicy).toBeDefined();
  });
});

describe('when a request body does not decode', () => {
  it('then an authenticated caller gets INVALID_ARGUMENT (MALFORMED_REQUEST) with ErrorInfo, logged and counted; an unauthenticated one UNAUTHENTICATED, also counted', async () => {
    const method = `${RESOLVER}/ResolveEffectivePolicy`;
    const label = method.slice(1);
    const before = await callCount(label, 'INVALID_ARGUMENT');
    const beforeUnauthenticated = await callCount(label, 'UNAUTHENTICATED');
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]); // field 1, length far past the end
    const outcome = await raw.unary(method, garbage, asAdmin());
    expect(outcome.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeError(Object.assign(new Error(), { code: outcome.code, details: outcome.details, metadata: outcome.metadata })).reason).toBe('MALFORMED_REQUEST');
    expect((await raw.unary(method, garbage, new Metadata())).code).toBe(status.UNAUTHENTICATED);
    expect(await callCount(label, 'INVALID_ARGUMENT')).toBe(before + 1);
    expect(await callCount(label, 'UNAUTHENTICATED')).toBe(beforeUnauthenticated + 1);
    expect(logLines.some((l) => l.includes('"reason":"MALFORMED_REQUEST"'))).toBe(true);
  });
});

describe('when 64-bit integers and Timestamps are out of range', () => {
  const evaluate = (fields: Partial<EvaluateSessionRequest>) =>
    raw.unary(`${RESOLVER}/EvaluateSession`, Buffer.from(EvaluateSessionRequest.encode({ context: undefined,
      organizationIds: ['org-time'], sessionStartTime: timestamp('2026-01-01T00:00:00Z'), lastActivityTime: timestamp('2026-01-01T00:00:00Z'), evaluationTime: undefined, sessionId: '', subject: '', ...fields,
    }).finish()), asAdmin());

  it('then resume_after_revision 2^63-1 and Timestamp seconds 2^62 decode and are INVALID_ARGUMENT, not INTERNAL', async () => {
    const watch = await raw.serverStream(`${RESOLVER}/WatchEffectivePolicies`, Buffer.from(WatchEffectivePoliciesRequest.encode({ organizationIds: [], resumeAfterRevision: 2n ** 63n - 1n }).finish()), asAdmin());
    expect(watch.code).toBe(status.INVALID_ARGUMENT);
    expect((await evaluate({ sessionStartTime: { seconds: 2n ** 62n, nanos: 0 } })).code).toBe(status.INVALID_ARGUMENT);
    expect((await evaluate({ evaluationTime: { seconds: -(2n ** 62n), nanos: 0 } })).code).toBe(status.INVALID_ARGUMENT);
  });

  it('then nanos of -1 or 2^31-1 are INVALID_ARGUMENT instead of silently accepted', async () => {
    expect((await evaluate({ sessionStartTime: { seconds: 1_767_225_600n, nanos: -1 } })).code).toBe(status.INVALID_ARGUMENT);
    expect((await evaluate({ lastActivityTime: { seconds: 1_767_225_600n, nanos: 2 ** 31 - 1 } })).code).toBe(status.INVALID_ARGUMENT);
  });

  it('then a session near year 9999 whose deadline would leave the Timestamp range is INVALID_ARGUMENT, never OK in year 10000 or INTERNAL', async () => {
    const late = { seconds: 253_402_300_000n, nanos: 0 }; // 9999-12-31T23:46:40Z
    const error = decodeError(await call(resolver.evaluateSession.bind(resolver), { context: undefined, organizationIds: ['org-time'], sessionStartTime: late, lastActivityTime: late, evaluationTime: late, sessionId: '', subject: '' }, asAdmin()).catch((e: unknown) => e));
    expect(error.codeName).toBe('INVALID_ARGUMENT');
    expect(error.violations.map((v) => v.constraint)).toContain('DEADLINE_OUT_OF_RANGE');
  });
});

describe('as a separate process (its own stdout, stderr and RSS)', () => {
  let proc: ServiceProcess;
  beforeAll(async () => {
    proc = await startServiceProcess(store.uri, uniqueDatabase('hardening_proc'));
  });
  afterAll(async () => {
    await proc?.stop();
  });

  it('when a valid token is followed by a non-ASCII character, then the token never reaches stdout or stderr', async () => {
    const session = connect(`http://127.0.0.1:${proc.port}`);
    await new Promise<void>((done) => {
      const request = session.request({
        [h2.HTTP2_HEADER_METHOD]: 'POST',
        [h2.HTTP2_HEADER_PATH]: `${RESOLVER}/ResolveEffectivePolicy`,
        'content-type': 'application/grpc',
        te: 'trailers',
        // A pasted no-break space after the token, as raw UTF-8 bytes on the wire.
        authorization: Buffer.from(`Bearer ${ADMIN_TOKEN}\u00a0`, 'utf8').toString('latin1'),
      });
      request.on('error', () => done());
      request.on('close', () => done());
      request.on('data', () => undefined);
      request.end(Buffer.from([0, 0, 0, 0, 0]));
    });
    session.close();
    await new Promise((r) => setTimeout(r, 300));
    // grpc-js did report the header it could not parse, through the service logger, redacted.
    expect(proc.logs.some((l) => l.includes('"component":"grpc-js"') && l.includes('authorization') && l.includes('[redacted]'))).toBe(true);
    expect(proc.logs.join('\n')).not.toContain(ADMIN_TOKEN);
    expect(proc.logs.join('\n')).not.toContain(ADMIN_TOKEN.slice(0, 20));
  });

  it('when 100 unauthenticated 4 MiB requests arrive, then each is refused without the server buffering the bodies', async () => {
    const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const client = new RawClient(`127.0.0.1:${proc.port}`);
    const body = Buffer.alloc(4 * 1024 * 1024, 0x41);
    const before = rssMb();
    const codes = new Set<number>();
    try {
      for (let batch = 0; batch < 10; batch++) {
        const outcomes = await Promise.all(Array.from({ length: 10 }, () => client.unary(`${RESOLVER}/ResolveEffectivePolicy`, body, new Metadata(), 10_000)));
        for (const o of outcomes) codes.add(o.code);
      }
    } finally {
      client.close();
    }
    const after = rssMb();
    process.stderr.write(`RSS before ${before.toFixed(0)} MiB, after 100 unauthenticated 4 MiB bodies ${after.toFixed(0)} MiB\n`);
    expect([...codes].every((c) => c === status.RESOURCE_EXHAUSTED || c === status.UNAUTHENTICATED)).toBe(true);
    // The old server grew from 133 to 537 MB here.
    expect(after - before).toBeLessThan(60);
  });
  it('when one token opens 1,000 Watch streams, then 16 (the default limit) are served, the rest RESOURCE_EXHAUSTED, and RSS barely moves', async () => {
    const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const client = new SessionPolicyResolverServiceClient(`127.0.0.1:${proc.port}`, credentials.createInsecure());
    const before = rssMb();
    const streams = Array.from({ length: 1000 }, () => client.watchEffectivePolicies({ organizationIds: [], resumeAfterRevision: 0n }, bearer(READER_TOKEN)));
    const outcomes = await Promise.all(
      streams.map((stream) => new Promise<string>((done) => {
        stream.once('data', () => done('OK'));
        stream.once('error', (e: unknown) => done(decodeError(e).reason));
      })),
    );
    const after = rssMb();
    for (const stream of streams) {
      stream.on('error', () => undefined);
      stream.cancel();
    }
    client.close();
    const served = outcomes.filter((o) => o === 'OK').length;
    process.stderr.write(`1,000 Watch opens by one token: ${served} served, ${outcomes.filter((o) => o === 'WATCH_LIMIT_REACHED').length} WATCH_LIMIT_REACHED; RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB\n`);
    expect(served).toBe(16);
    expect(outcomes.filter((o) => o === 'WATCH_LIMIT_REACHED')).toHaveLength(984);
    expect(after - before).toBeLessThan(60);
  });
});

describe('when one principal opens more Watch streams than allowed', () => {
  const open = (token: string) => resolver.watchEffectivePolicies({ organizationIds: [], resumeAfterRevision: 0n }, bearer(token));
  const firstEvent = (stream: ReturnType<typeof open>) =>
    new Promise<void>((done, fail) => {
      stream.once('data', () => done());
      stream.once('error', fail);
    });

  it('then the next one is RESOURCE_EXHAUSTED (WATCH_LIMIT_REACHED), other principals are unaffected, and a cancelled stream frees its slot at once', async () => {
    const held = [open(READER_TOKEN), open(READER_TOKEN), open(READER_TOKEN)];
    await Promise.all(held.map(firstEvent));
    const refused = await firstEvent(open(READER_TOKEN)).then(() => undefined, (e: unknown) => decodeError(e));
    expect(refused?.codeName).toBe('RESOURCE_EXHAUSTED');
    expect(refused?.reason).toBe('WATCH_LIMIT_REACHED');
    const other = open(ADMIN_TOKEN);
    await firstEvent(other);
    other.cancel();
    held[0]?.on('error', () => undefined);
    held[0]?.cancel();
    await new Promise((r) => setTimeout(r, 200));
    const again = open(READER_TOKEN);
    again.on('error', () => undefined);
    await firstEvent(again);
    for (const stream of [...held, again]) {
      stream.on('error', () => undefined);
      stream.cancel();
    }
  });
});

describe('when a watcher stops reading while changes keep coming', () => {
  it('then its stream is ended ABORTED (WATCHER_TOO_SLOW) naming the last revision sent, instead of buffering without bound', async () => {
    const orgs = Array.from({ length: 60 }, (_, i) => `org-slow-${i}`);
    const stream = resolver.watchEffectivePolicies({ organizationIds: orgs, resumeAfterRevision: 0n }, asAdmin());
    const received: WatchEffectivePoliciesResponse[] = [];
    const ended = new Promise<unknown>((done) => {
      stream.on('error', done);
      stream.on('end', () => done(undefined));
    });
    await new Promise<void>((done) => stream.once('data', (m: WatchEffectivePoliciesResponse) => (received.push(m), done())));
    stream.pause();
    // Each application change re-sends every watched organization's policy (~60 × 100 bytes).
    for (let i = 0; i < 80; i++) {
      await call(admin.updateApplicationSessionPolicy.bind(admin), { requestId: '',
        policy: { absoluteSessionTimeout: 1440 + i, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
        etag: '',
      }, asAdmin());
    }
    await new Promise((r) => setTimeout(r, 7000)); // longer than the server's stall allowance (5 s)
    stream.on('data', (m: WatchEffectivePoliciesResponse) => received.push(m));
    stream.resume();
    const error = decodeError(await ended);
    await new Promise((r) => setTimeout(r, 300)); // events buffered before the status are still being read
    expect(error.codeName).toBe('ABORTED');
    expect(error.reason).toBe('WATCHER_TOO_SLOW');
    expect(error.metadata['lastRevision']).toBe(String(received[received.length - 1]?.revision));
    expect(received.length).toBeLessThan(80);
  }, 60_000);
});

describe('when the store cannot take writes but reads are answered from memory', () => {
  it('then health reports the resolver service and the server SERVING and the admin service NOT_SERVING', async () => {
    const config = testConfig(store.uri, uniqueDatabase('health'), {});
    const second = await startServer({
      ctx: service.context,
      config,
      logger: pino({ level: 'silent' }),
      authenticator: createAuthenticator(config),
      metrics: new Metrics({ replicatedOrganizations: () => 0, revision: () => 0, storeHealthy: () => false, unconfirmedForMs: () => -1 }),
    });
    const health = new Client(`127.0.0.1:${second.port}`, credentials.createInsecure());
    // grpc.health.v1 by hand: HealthCheckRequest { string service = 1 }, HealthCheckResponse { enum status = 1 }.
    const check = (name: string) =>
      new Promise<string>((done, fail) => {
        const request = Buffer.concat([Buffer.from([0x0a, Buffer.byteLength(name)]), Buffer.from(name)]);
        health.makeUnaryRequest('/grpc.health.v1.Health/Check', (b: Buffer) => b, (b: Buffer) => b, request, (error, response) =>
          error ? fail(error) : done(({ 1: 'SERVING', 2: 'NOT_SERVING' } as Record<number, string>)[response?.[1] ?? 0] ?? 'UNKNOWN'),
        );
      });
    try {
      second.setAvailability({ reads: true, writes: false });
      expect(await check('')).toBe('SERVING');
      expect(await check('sessionpolicy.v1.SessionPolicyResolverService')).toBe('SERVING');
      expect(await check('sessionpolicy.v1.SessionPolicyAdminService')).toBe('NOT_SERVING');
      second.setAvailability({ reads: true, writes: true });
      expect(await check('sessionpolicy.v1.SessionPolicyAdminService')).toBe('SERVING');
    } finally {
      health.close();
      await second.shutdown(1000);
    }
  });
});

describe('when the server shuts down gracefully', () => {
  it('then open Watch streams end UNAVAILABLE (SHUTTING_DOWN) at once and stop() returns well within the grace period', async () => {
    const own = await startService(testConfig(store.uri, uniqueDatabase('drain'), { SHUTDOWN_GRACE_MS: '10000' }), pino({ level: 'silent' }));
    const client = new SessionPolicyResolverServiceClient(`127.0.0.1:${own.port}`, credentials.createInsecure());
    try {
      const stream = client.watchEffectivePolicies({ organizationIds: [], resumeAfterRevision: 0n }, asAdmin());
      const ended = new Promise<unknown>((done) => stream.on('error', done));
      await new Promise<void>((done) => stream.once('data', () => done()));
      const started = Date.now();
      await own.stop();
      expect(Date.now() - started).toBeLessThan(5000);
      const error = decodeError(await ended);
      expect([error.codeName, error.reason]).toEqual(['UNAVAILABLE', 'SHUTTING_DOWN']);
    } finally {
      client.close();
    }
  });
});

describe('when a call outlives its deadline', () => {
  it('then it is answered DEADLINE_EXCEEDED with ErrorInfo reason DEADLINE_EXCEEDED, not a bare status', async () => {
    // Raw HTTP/2, so no client-side timer answers first: only the server's view of grpc-timeout counts.
    const session = connect(`http://${address}`);
    const message = WatchEffectivePoliciesRequest.encode({ organizationIds: [], resumeAfterRevision: 0n }).finish();
    const trailers = await rawHttp2Call(session, `${RESOLVER}/WatchEffectivePolicies`, message, { 'grpc-timeout': '300m', authorization: `Bearer ${ADMIN_TOKEN}` });
    session.close();
    expect(trailers['grpc-status']).toBe(String(status.DEADLINE_EXCEEDED));
    expect(reasonIn(trailers)).toBe('DEADLINE_EXCEEDED');
  });
});

describe('when a client sends a grpc-timeout header that is not a gRPC timeout', () => {
  it('then the call is INVALID_ARGUMENT (MALFORMED_TIMEOUT) naming grpc-timeout, not grpc-js\'s bare INTERNAL, and a well-formed one still works', async () => {
    const session = connect(`http://${address}`);
    const message = ResolveEffectivePolicyRequest.encode({ organizationIds: ['org-timeout'], context: undefined }).finish();
    const send = (timeout: string): Promise<Record<string, unknown>> =>
      rawHttp2Call(session, `${RESOLVER}/ResolveEffectivePolicy`, message, { 'grpc-timeout': timeout, authorization: `Bearer ${READER_TOKEN}` });
    try {
      for (const bad of ['soon', '', 'S5', `${'x'.repeat(5000)}`]) {
        const answer = await send(bad);
        expect(answer['grpc-status']).toBe(String(status.INVALID_ARGUMENT));
        expect(reasonIn(answer)).toBe('MALFORMED_TIMEOUT');
        expect(String(answer['grpc-status-details-bin']).length).toBeLessThan(EIGHT_KIB / 2);
      }
      expect((await send('5S'))['grpc-status']).toBe(String(status.OK));
    } finally {
      session.close();
    }
  });
});

describe('when grpc-js answers a call by itself (a body over the size limit, a body that does not decompress, an unknown method)', () => {
  const reasonOf = (outcome: { code: number; details: string; metadata: Metadata | undefined }): string =>
    decodeError(Object.assign(new Error(), { code: outcome.code, details: outcome.details, metadata: outcome.metadata })).reason;

  it('then the status carries ErrorInfo like every other error, is logged and counted with its code, and a body that does not decompress is INVALID_ARGUMENT, not INTERNAL', async () => {
    const label = `${RESOLVER}/ResolveEffectivePolicy`.slice(1);
    const [exhaustedBefore, invalidBefore, cancelledBefore] = [await callCount(label, 'RESOURCE_EXHAUSTED'), await callCount(label, 'INVALID_ARGUMENT'), await callCount(label, 'CANCELLED')];
    const big = await raw.unary(`${RESOLVER}/ResolveEffectivePolicy`, Buffer.alloc(200 * 1024, 0x0a), asAdmin());
    expect(big.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(reasonOf(big)).toBe('MESSAGE_TOO_LARGE');

    const unknown = await raw.unary('/sessionpolicy.v1.SessionPolicyResolverService/NoSuchMethod', Buffer.alloc(0), asAdmin());
    expect(unknown.code).toBe(status.UNIMPLEMENTED);
    expect(reasonOf(unknown)).toBe('UNIMPLEMENTED');

    // A message flagged gzip-compressed whose bytes are not gzip: only a raw HTTP/2 client sends that.
    const session = connect(`http://${address}`);
    try {
      const answer = await rawHttp2Call(session, `${RESOLVER}/ResolveEffectivePolicy`, Buffer.from('definitely not gzip'), { 'grpc-encoding': 'gzip', authorization: `Bearer ${READER_TOKEN}` }, 1);
      expect(answer['grpc-status']).toBe(String(status.INVALID_ARGUMENT));
      expect(reasonIn(answer)).toBe('MALFORMED_REQUEST');
    } finally {
      session.close();
    }
    // Logged and counted as what the client was answered, not as a call that ended unanswered.
    expect(await callCount(label, 'RESOURCE_EXHAUSTED')).toBe(exhaustedBefore + 1);
    expect(await callCount(label, 'INVALID_ARGUMENT')).toBe(invalidBefore + 1);
    expect(await callCount(label, 'CANCELLED')).toBe(cancelledBefore);
    expect(logLines.some((l) => l.includes('"reason":"MESSAGE_TOO_LARGE"'))).toBe(true);
  });
});
