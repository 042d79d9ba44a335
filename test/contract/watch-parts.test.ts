// Issue 26 item 3: a Watch snapshot or change larger than 1 MiB comes in parts of at most 1 MiB (a
// snapshot of 10^5 revocations was one ~8 MB message, which no client with gRPC's default 4 MiB
// receive limit could take); a watcher that stops reading is ended on its byte budget even when no
// further event comes; all streams together hold at most WATCH_MEMORY_BYTES unsent.
// (The Go enforcer's test, examples/enforcer-hooks/go/large_watch_test.go, follows 10^5.)
import { connect, constants as h2, type ClientHttp2Session } from 'node:http2';
import { type ClientReadableStream } from '@grpc/grpc-js';
import { RevocationReason } from '../../gen/ts/sessionpolicy/v1/session_revocation';
import { WatchEffectivePoliciesRequest, WatchEffectivePoliciesResponse, WatchEventType } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call } from './support/calls';
import { errorInfoIn, grpcFrame } from './support/raw-calls';
import { ADMIN_TOKEN, asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

const MIB = 1024 * 1024;
const ORGS = Array.from({ length: 5 }, (_, i) => `org-parts-${i}`);
const REVOCATIONS = 25_000; // ~2 MB encoded: more than one part, more than one stream's budget
const sessionOf = (i: number): string => `sess-parts-${String(i).padStart(6, '0')}`;

let store: TestStore;
let instance: TestService;

beforeAll(async () => {
  store = await startTestStore();
  instance = await startTestService(
    testConfig(store.uri, uniqueDatabase('watch_parts'), { METRICS_LISTEN: '127.0.0.1:0', WATCH_MAX_BUFFERED_BYTES: String(MIB), WATCH_MEMORY_BYTES: String(2 * MIB) }),
  );
  let next = 0;
  const revoke = instance.admin.revokeSessions.bind(instance.admin);
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < REVOCATIONS; i = next++) {
        await call(revoke, { requestId: '', organizationId: ORGS[i % ORGS.length]!, target: { $case: 'sessionId', value: sessionOf(i) }, reason: RevocationReason.REVOCATION_REASON_LOGOUT }, asAdmin());
      }
    }),
  );
}, 180_000);

afterAll(async () => {
  await instance?.stop();
  await store?.close();
});

const watch = (): ClientReadableStream<WatchEffectivePoliciesResponse> => instance.resolver.watchEffectivePolicies({ organizationIds: ORGS, resumeAfterRevision: 0n }, asAdmin());

/**
 * A watcher that never reads: a raw HTTP/2 stream paused from the start, so the connection's and the
 * stream's flow-control windows (64 KiB) close and stay closed. (A paused grpc-js client is no such
 * watcher: it keeps reading into its own buffers, 16 messages deep.) `ended` resolves when the server
 * gives up on it: with its status if the trailers could be read, with the RST_STREAM code otherwise.
 */
interface StalledWatcher {
  readonly ended: Promise<{ at: number; code?: string; reason?: string; lastRevision?: string; rstCode?: number }>;
  close(): void;
}

function stalledWatcher(): StalledWatcher {
  const session: ClientHttp2Session = connect(`http://${instance.address}`, { settings: { initialWindowSize: 65_535 } });
  session.on('error', () => undefined);
  const message = WatchEffectivePoliciesRequest.encode({ organizationIds: ORGS, resumeAfterRevision: 0n }).finish();
  const frame = grpcFrame(message);
  const stream = session.request({ [h2.HTTP2_HEADER_METHOD]: 'POST', [h2.HTTP2_HEADER_PATH]: '/sessionpolicy.v1.SessionPolicyResolverService/WatchEffectivePolicies', 'content-type': 'application/grpc', te: 'trailers', authorization: `Bearer ${ADMIN_TOKEN}` });
  stream.pause();
  stream.end(frame);
  const ended = new Promise<{ at: number; code?: string; reason?: string; lastRevision?: string; rstCode?: number }>((done) => {
    stream.on('error', () => undefined);
    stream.on('trailers', (trailers) => {
      const info = errorInfoIn(trailers);
      done({ at: Date.now(), code: String(trailers['grpc-status']), reason: info?.reason, lastRevision: info?.metadata.get('lastRevision') });
    });
    stream.on('close', () => done({ at: Date.now(), rstCode: stream.rstCode }));
  });
  return { ended, close: () => session.destroy() };
}

async function unsentBytes(): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${instance.service.metricsPort}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith('session_policy_watch_unsent_bytes '));
  return line ? Number(line.split(' ')[1]) : Number.NaN; // NaN: no such gauge
}

describe('when a snapshot is larger than 1 MiB', () => {
  it('then it comes in parts of at most 1 MiB, more_parts on all but the last, which together hold every revocation once', async () => {
    const stream = watch();
    const parts: WatchEffectivePoliciesResponse[] = [];
    await new Promise<void>((done, fail) => {
      stream.on('data', (m: WatchEffectivePoliciesResponse) => {
        parts.push(m);
        if (!m.moreParts) done();
      });
      stream.on('error', fail);
    });
    stream.on('error', () => undefined);
    stream.cancel();
    const sizes = parts.map((p) => WatchEffectivePoliciesResponse.encode(p).finish().length);
    process.stderr.write(`snapshot of ${REVOCATIONS} revocations: ${parts.length} parts of ${sizes.join(', ')} bytes\n`);
    expect(parts.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MIB);
    expect(parts.map((p) => p.moreParts)).toEqual([...parts.slice(1).map(() => true), false]);
    expect(new Set(parts.map((p) => p.type))).toEqual(new Set([WatchEventType.WATCH_EVENT_TYPE_SNAPSHOT]));
    expect(new Set(parts.map((p) => p.revision)).size).toBe(1);
    const sessions = parts.flatMap((p) => p.revocations.map((r) => (r.target?.$case === 'sessionId' ? r.target.value : '')));
    expect(sessions.length).toBe(REVOCATIONS);
    expect(new Set(sessions)).toEqual(new Set(Array.from({ length: REVOCATIONS }, (_, i) => sessionOf(i))));
    // Every part carries the event's policies' frame: the default policy, whatever part it is.
    expect(parts.every((p) => p.defaultPolicy !== undefined)).toBe(true);
  }, 60_000);
});

describe('when a watcher never reads its snapshot and no further event comes', () => {
  it('then the server gives up on its stream within the stall allowance and gives back every byte it held for it', async () => {
    const opened = Date.now();
    const watcher = stalledWatcher();
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const held = await unsentBytes();
      const end = await Promise.race([watcher.ended, new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000))]);
      if (!end) throw new Error(`a watcher that never read was still open after 30 s, holding ${(held / MIB).toFixed(2)} MiB unsent`);
      const seconds = (end.at - opened) / 1000;
      const after = await unsentBytes();
      process.stderr.write(`a watcher that never read held ${(held / MIB).toFixed(2)} MiB unsent; the server ended its stream after ${seconds.toFixed(1)} s (${end.code !== undefined ? `status ${end.code} ${end.reason}` : `RST_STREAM ${end.rstCode}`}); unsent after: ${after} bytes\n`);
      expect(held).toBeGreaterThan(MIB / 2);
      expect(seconds).toBeLessThan(30);
      // A client that reads nothing cannot read trailers queued behind its data: the stream is reset (ENHANCE_YOUR_CALM).
      expect(end.rstCode).toBe(h2.NGHTTP2_ENHANCE_YOUR_CALM);
      expect(after).toBe(0);
    } finally {
      watcher.close();
    }
  }, 60_000);
});

describe('when watchers that do not read hold all the Watch memory the server allows (WATCH_MEMORY_BYTES 2 MiB)', () => {
  it('then the unsent bytes never exceed the bound, and a new watcher gets its whole snapshot once the stalled ones are ended', async () => {
    const holders = [stalledWatcher(), stalledWatcher(), stalledWatcher()];
    let peak = 0;
    const sampling = setInterval(() => void unsentBytes().then((b) => (peak = Math.max(peak, b)), () => undefined), 50);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const held = await unsentBytes();
      const late = watch();
      const opened = Date.now();
      let complete = 0;
      const count = new Set<string>();
      await new Promise<void>((done, fail) => {
        late.on('data', (m: WatchEffectivePoliciesResponse) => {
          for (const r of m.revocations) if (r.target?.$case === 'sessionId') count.add(r.target.value);
          if (m.moreParts) return;
          complete = Date.now();
          done();
        });
        late.on('error', fail);
      });
      late.on('error', () => undefined);
      late.cancel();
      const ends = await Promise.all(holders.map((h) => h.ended));
      process.stderr.write(
        `three non-reading watchers held ${(held / MIB).toFixed(2)} MiB unsent (peak ${(peak / MIB).toFixed(2)} MiB, bound 2 MiB); they were ended after ${ends.map((e) => e.at - opened).join(', ')} ms and a fourth had its ${count.size} revocations after ${complete - opened} ms\n`,
      );
      expect(held).toBeGreaterThan(MIB);
      expect(peak).toBeLessThanOrEqual(2 * MIB);
      expect(count.size).toBe(REVOCATIONS);
    } finally {
      clearInterval(sampling);
      for (const h of holders) h.close();
    }
  }, 90_000);
});
