// OpenTelemetry tracing against a real Collector (OTLP receiver, file exporter): the service runs as
// its own process configured only with the standard OTEL_* variables, callers send W3C traceparent
// headers, and what the collector received is checked span by span: the caller's trace id and
// parent, rpc.* attributes and status, a commit span under a write, one span per Watch batch, the
// trace ids in the call's log line, and nothing at all when the caller's trace is not sampled.
import { randomBytes } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import type { WatchEffectivePoliciesResponse } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { call, failure } from './support/calls';
import { startCollector, type Collector, type ReceivedSpan } from './support/collector';
import { startServiceProcess, type ServiceProcess } from './support/process-service';
import { ADMIN_TOKEN, asAdmin } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

jest.setTimeout(120_000);

const ORG = 'org-traced';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';
const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';

let store: TestStore;
let collector: Collector;
/** OTLP over HTTP (the SDK's default protocol). */
let traced: ServiceProcess;
/** OTLP over gRPC, sampling 10% of the calls that come without a trace. */
let tracedGrpc: ServiceProcess;
/** No OTEL_* variable at all. */
let untraced: ServiceProcess;

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A caller's trace: its traceparent, sampled unless said otherwise. */
function callerTrace(sampled = true): { traceId: string; parentId: string; traceparent: string } {
  const traceId = hex(16);
  const parentId = hex(8);
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-${sampled ? '01' : '00'}` };
}

function withTrace(traceparent: string, requestId: string): Metadata {
  const metadata = asAdmin();
  metadata.set('traceparent', traceparent);
  metadata.set('x-request-id', requestId);
  return metadata;
}

/** The call's JSON log line, found by its request id (written just after the answer: waited for, bounded). */
async function logLine(instance: ServiceProcess, requestId: string): Promise<Record<string, unknown>> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const line = instance.logs.find((l) => l.includes(`"requestId":"${requestId}"`));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log line for ${requestId}`);
}

const inTrace = (traceId: string) => (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);

beforeAll(async () => {
  store = await startTestStore();
  collector = await startCollector();
  const database = uniqueDatabase('tracing');
  // A short batch delay so spans reach the collector within the test's patience.
  const otel = { OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_SERVICE_NAME: 'session-policy-test' };
  traced = await startServiceProcess(store.uri, database, { ...otel, OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint, HTTP_LISTEN: '127.0.0.1:0', REPLICA_POLL_INTERVAL_MS: '50', SNAPSHOT_EVERY_CHANGES: '10' });
  tracedGrpc = await startServiceProcess(store.uri, database, {
    ...otel,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.grpcEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.1',
  });
  untraced = await startServiceProcess(store.uri, database, {});
  await call(traced.admin.updateOrganizationSettings.bind(traced.admin), { requestId: '', organizationId: ORG, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
});

afterAll(async () => {
  await traced?.stop();
  await tracedGrpc?.stop();
  await untraced?.stop();
  await collector?.stop();
  await store?.close();
});

describe('given a caller that sends a sampled W3C traceparent', () => {
  it('when it resolves over gRPC, then the server span arrives in its trace, under its span, with the rpc attributes and status, and the log line names both ids', async () => {
    const caller = callerTrace();
    const requestId = `trace-resolve-${hex(4)}`;
    await call(traced.resolver.resolveEffectivePolicy.bind(traced.resolver), { organizationIds: [ORG], context: undefined }, withTrace(caller.traceparent, requestId));
    const [span] = inTrace(caller.traceId)(await collector.waitFor((s) => inTrace(caller.traceId)(s).length >= 1));
    expect(span).toMatchObject({
      name: `${RESOLVER}/ResolveEffectivePolicy`,
      parentSpanId: caller.parentId,
      kind: 2, // SERVER
      serviceName: 'session-policy-test',
      attributes: expect.objectContaining({ 'rpc.system': 'grpc', 'rpc.service': RESOLVER, 'rpc.method': 'ResolveEffectivePolicy', 'rpc.grpc.status_code': 0, 'session_policy.request_id': requestId, 'session_policy.principal': 'service:admin', 'session_policy.organization_id': ORG }),
    });
    expect(span?.status.code ?? 0).toBe(0);
    expect(await logLine(traced, requestId)).toMatchObject({ trace_id: caller.traceId, span_id: span?.spanId, code: 'OK' });
  });

  it('when it writes, then the write span and a commit span under it arrive in its trace, the commit naming the revision it made', async () => {
    const caller = callerTrace();
    const requestId = `trace-write-${hex(4)}`;
    const written = await call(
      traced.admin.updateOrganizationSessionPolicy.bind(traced.admin),
      {
        requestId: '',
        organizationId: ORG,
        policySource: SessionPolicyType.CUSTOM,
        absoluteSessionTimeout: 90,
        idleSessionTimeoutEnabled: false,
        idleSessionTimeout: undefined,
        etag: '',
      },
      withTrace(caller.traceparent, requestId),
    );
    const spans = inTrace(caller.traceId)(await collector.waitFor((s) => inTrace(caller.traceId)(s).some((x) => x.name === 'commit')));
    const server = spans.find((s) => s.name === `${ADMIN}/UpdateOrganizationSessionPolicy`);
    const commit = spans.find((s) => s.name === 'commit');
    expect(server).toMatchObject({ parentSpanId: caller.parentId, attributes: expect.objectContaining({ 'rpc.grpc.status_code': 0, 'rpc.method': 'UpdateOrganizationSessionPolicy' }) });
    expect(commit).toMatchObject({ parentSpanId: server?.spanId, kind: 3, attributes: expect.objectContaining({ 'db.system.name': 'mongodb', 'session_policy.change.target': 'ORGANIZATION_POLICY' }) });
    expect(Number(commit?.attributes['session_policy.revision'])).toBeGreaterThan(0);
    expect(written.policy).toBeDefined();
    expect(await logLine(traced, requestId)).toMatchObject({ trace_id: caller.traceId, span_id: server?.spanId });
  });

  it('when its write starts a snapshot, then the snapshot is a span of its own trace, linked to the commit', async () => {
    // SNAPSHOT_EVERY_CHANGES=10: of ten writes in a row, one lands on a multiple of ten.
    const caller = callerTrace();
    for (let minutes = 100; minutes < 110; minutes++) {
      await call(
        traced.admin.updateOrganizationSessionPolicy.bind(traced.admin),
        { requestId: '', organizationId: ORG, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: minutes, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined, etag: '' },
        withTrace(caller.traceparent, `trace-snapshot-${hex(4)}`),
      );
    }
    const spans = await collector.waitFor((s) => s.some((x) => x.name === 'snapshot' && x.links.some((l) => l.traceId === caller.traceId)));
    const snapshot = spans.find((x) => x.name === 'snapshot' && x.links.some((l) => l.traceId === caller.traceId));
    const commits = inTrace(caller.traceId)(spans).filter((x) => x.name === 'commit');
    expect(snapshot?.traceId).not.toBe(caller.traceId);
    expect(snapshot?.parentSpanId).toBe('');
    expect(commits.map((c) => c.spanId)).toContain(snapshot?.links[0]?.spanId);
    expect(Number(snapshot?.attributes['session_policy.revision']) % 10).toBe(0);
    expect(snapshot?.attributes['db.system.name']).toBe('mongodb');
  });

  it('when a call is refused, then its span carries the code and reason, and is not marked a server error', async () => {
    const caller = callerTrace();
    const requestId = `trace-refused-${hex(4)}`;
    const refused = await failure(call(traced.resolver.resolveEffectivePolicy.bind(traced.resolver), { organizationIds: ['bad id!'], context: undefined }, withTrace(caller.traceparent, requestId)));
    expect(refused.codeName).toBe('INVALID_ARGUMENT');
    const [span] = inTrace(caller.traceId)(await collector.waitFor((s) => inTrace(caller.traceId)(s).length >= 1));
    expect(span?.attributes).toMatchObject({ 'rpc.grpc.status_code': 3, 'session_policy.reason': refused.reason });
    expect(span?.status.code ?? 0).toBe(0);
  });

  it('when it calls the Connect JSON face, then the span is a connect_rpc span in its trace with the HTTP status', async () => {
    const caller = callerTrace();
    const requestId = `trace-http-${hex(4)}`;
    const response = await fetch(`http://127.0.0.1:${traced.httpPort}/${RESOLVER}/ResolveEffectivePolicy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', traceparent: caller.traceparent, 'x-request-id': requestId },
      body: JSON.stringify({ organizationIds: [ORG] }),
    });
    expect(response.status).toBe(200);
    const [span] = inTrace(caller.traceId)(await collector.waitFor((s) => inTrace(caller.traceId)(s).length >= 1));
    expect(span).toMatchObject({
      name: `${RESOLVER}/ResolveEffectivePolicy`,
      parentSpanId: caller.parentId,
      attributes: expect.objectContaining({ 'rpc.system': 'connect_rpc', 'rpc.method': 'ResolveEffectivePolicy', 'http.response.status_code': 200, 'session_policy.request_id': requestId }),
    });
    expect(await logLine(traced, requestId)).toMatchObject({ trace_id: caller.traceId, span_id: span?.spanId });
  });

  it('when it watches, then each delivered batch is a span of its own in its trace, ended while the stream stays open', async () => {
    const caller = callerTrace();
    const stream = traced.resolver.watchEffectivePolicies({ organizationIds: [ORG], resumeAfterRevision: 0n }, withTrace(caller.traceparent, `trace-watch-${hex(4)}`));
    const seen: WatchEffectivePoliciesResponse[] = [];
    stream.on('data', (m: WatchEffectivePoliciesResponse) => seen.push(m));
    stream.on('error', () => undefined);
    try {
      await collector.waitFor((s) => inTrace(caller.traceId)(s).length >= 1);
      await call(
        traced.admin.updateOrganizationSessionPolicy.bind(traced.admin),
        { requestId: '', organizationId: ORG, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 75, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined, etag: '' },
        asAdmin(),
      );
      const batches = inTrace(caller.traceId)(await collector.waitFor((s) => inTrace(caller.traceId)(s).some((x) => x.attributes['session_policy.watch.event'] === 'WATCH_EVENT_TYPE_CHANGE')));
      expect(batches.map((b) => b.attributes['session_policy.watch.event'])).toEqual(['WATCH_EVENT_TYPE_SNAPSHOT', 'WATCH_EVENT_TYPE_CHANGE']);
      for (const batch of batches) {
        expect(batch).toMatchObject({ name: `${RESOLVER}/WatchEffectivePolicies batch`, parentSpanId: caller.parentId, attributes: expect.objectContaining({ 'rpc.system': 'grpc', 'session_policy.watch.messages': 1 }) });
        expect(batch.endMs - batch.startMs).toBeLessThan(5000);
      }
      // No span as long as the stream: the stream is still open, and nothing else arrived in its trace.
      expect(seen.length).toBeGreaterThanOrEqual(2);
    } finally {
      stream.cancel();
    }
  });
});

describe('given a caller whose traceparent says not sampled', () => {
  it('when it resolves, then no span is exported, and the log line still names its trace', async () => {
    const caller = callerTrace(false);
    const requestId = `trace-unsampled-${hex(4)}`;
    await call(traced.resolver.resolveEffectivePolicy.bind(traced.resolver), { organizationIds: [ORG], context: undefined }, withTrace(caller.traceparent, requestId));
    // A sampled call after it: once its span is in, the unsampled one would have been too.
    const marker = callerTrace();
    await call(traced.resolver.resolveEffectivePolicy.bind(traced.resolver), { organizationIds: [ORG], context: undefined }, withTrace(marker.traceparent, `trace-marker-${hex(4)}`));
    const spans = await collector.waitFor((s) => inTrace(marker.traceId)(s).length >= 1);
    expect(inTrace(caller.traceId)(spans)).toEqual([]);
    expect(await logLine(traced, requestId)).toMatchObject({ trace_id: caller.traceId });
  });
});

describe('given a malformed traceparent', () => {
  it('when it resolves, then the call is answered and traced in a new trace of its own', async () => {
    const requestId = `trace-malformed-${hex(4)}`;
    await call(traced.resolver.resolveEffectivePolicy.bind(traced.resolver), { organizationIds: [ORG], context: undefined }, withTrace(`00-${'z'.repeat(32)}-${'0'.repeat(16)}-01`, requestId));
    const spans = await collector.waitFor((s) => s.some((x) => x.attributes['session_policy.request_id'] === requestId));
    const span = spans.find((x) => x.attributes['session_policy.request_id'] === requestId);
    expect(span?.parentSpanId).toBe('');
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await logLine(traced, requestId)).toMatchObject({ trace_id: span?.traceId });
  });
});

describe('given an instance exporting over OTLP/gRPC with a 10% sampler', () => {
  it('when a sampled caller resolves, then its span arrives (the caller decides), and of 200 calls without a trace about a tenth are exported', async () => {
    const caller = callerTrace();
    await call(tracedGrpc.resolver.resolveEffectivePolicy.bind(tracedGrpc.resolver), { organizationIds: [ORG], context: undefined }, withTrace(caller.traceparent, `trace-grpc-${hex(4)}`));
    await collector.waitFor((s) => inTrace(caller.traceId)(s).length >= 1);
    const prefix = `trace-ratio-${hex(4)}-`;
    for (let i = 0; i < 200; i++) {
      const metadata = asAdmin();
      metadata.set('x-request-id', `${prefix}${i}`);
      await call(tracedGrpc.resolver.resolveEffectivePolicy.bind(tracedGrpc.resolver), { organizationIds: [ORG], context: undefined }, metadata);
    }
    const marker = callerTrace();
    await call(tracedGrpc.resolver.resolveEffectivePolicy.bind(tracedGrpc.resolver), { organizationIds: [ORG], context: undefined }, withTrace(marker.traceparent, `trace-grpc-${hex(4)}`));
    const spans = await collector.waitFor((s) => inTrace(marker.traceId)(s).length >= 1);
    const exported = spans.filter((s) => String(s.attributes['session_policy.request_id'] ?? '').startsWith(prefix)).length;
    // Binomial(200, 0.1): 20 expected; outside 3..50 has a probability below 10^-6.
    expect(exported).toBeGreaterThanOrEqual(3);
    expect(exported).toBeLessThanOrEqual(50);
  });
});

describe('given an instance with no OTEL_* variable', () => {
  it('when a traced caller resolves, then nothing reaches a collector and the log line carries no trace ids', async () => {
    const caller = callerTrace();
    const requestId = `trace-off-${hex(4)}`;
    await call(untraced.resolver.resolveEffectivePolicy.bind(untraced.resolver), { organizationIds: [ORG], context: undefined }, withTrace(caller.traceparent, requestId));
    const line = await logLine(untraced, requestId);
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('span_id');
    expect(untraced.logs.some((l) => l.includes('OpenTelemetry tracing on'))).toBe(false);
    expect(traced.logs.some((l) => l.includes('OpenTelemetry tracing on'))).toBe(true);
  });
});
