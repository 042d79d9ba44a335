// `npm run test:fuzz`: every RPC of the real server (its own process, a real FerretDB) driven with
// random bytes, structurally valid extreme values and malformed metadata. Asserts: no INTERNAL or
// UNKNOWN, every call answered within its deadline, trailers under 8 KiB, the process alive, and the
// stored history grown by exactly the writes that succeeded (rejected requests and retries of an answered
// request id change nothing).
// FUZZ_REQUESTS (default 10^4) and FUZZ_SEED (default: time, printed) reproduce a run.
import { Metadata, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import {
  GetOrganizationSessionPolicyRequest,
  GetOrganizationSettingsRequest,
  ListPolicyChangesRequest,
  UpdateApplicationSessionPolicyRequest,
  UpdateOrganizationSessionPolicyRequest,
  UpdateOrganizationSettingsRequest,
  type PolicyChange,
} from '../../gen/ts/sessionpolicy/v1/admin_service';
import { EvaluateSessionRequest, ResolveEffectivePolicyRequest, WatchEffectivePoliciesRequest } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { GetSessionRulesRequest, UpdateSessionRulesRequest } from '../../gen/ts/sessionpolicy/v1/session_rules';
import { CreateWidgetSessionRequest } from '../../gen/ts/sessionpolicy/v1/widget_session';
import type { Timestamp } from '../../gen/ts/google/protobuf/timestamp';
import { allPolicyChanges, call } from '../contract/support/calls';
import { startServiceProcess, type ServiceProcess } from '../contract/support/process-service';
import { RawClient, type RawOutcome } from '../contract/support/raw-calls';
import { ADMIN_TOKEN, READER_TOKEN, asAdmin } from '../contract/support/service';
import { startTestStore, uniqueDatabase, type TestStore } from '../contract/support/store';

const REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const CONCURRENCY = 32;
const DEADLINE_MS = 3000;
/** How late an answer may arrive after its deadline (scheduling on a shared 2-core machine). */
const DEADLINE_SLACK_MS = 1500;
const ADMIN = '/sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = '/sessionpolicy.v1.SessionPolicyResolverService';

interface Method {
  readonly path: string;
  readonly streaming: boolean;
  readonly write: boolean;
  /** A write's AIP-155 request id, read from a body the server accepted. */
  readonly requestIdOf?: (body: Uint8Array) => string;
  readonly valid: fc.Arbitrary<Uint8Array>;
}

// Extreme but well-typed values.
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', 'org-1', 'org-2', 'session_policy', '\u0000', 'a'.repeat(65), 'x'.repeat(10_000), '../../etc/passwd', '{"$gt":""}', 'org-\u00e9\u{1f600}'),
);
const orgId = fc.oneof(fc.constantFrom('org-1', 'org-2', 'org-fuzz'), text);
const int32 = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31), 525600, 43200, 10080));
const int64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, 1n, -1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)));
const timestamp: fc.Arbitrary<Timestamp | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ seconds: int64, nanos: int32 }),
  fc.record({ seconds: fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n }), nanos: fc.integer({ min: 0, max: 999_999_999 }) }),
  fc.constant({ seconds: 253_402_300_000n, nanos: 0 }),
);
const enumValue = fc.oneof(fc.integer({ min: 0, max: 4 }), int32);
const optional = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
const orgIds = fc.array(orgId, { maxLength: 120 });
const encoded = <T>(encode: (message: T) => { finish(): Uint8Array }, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Uint8Array> => arbitrary.map((m) => encode(m).finish());

const METHODS: readonly Method[] = [
  { path: `${ADMIN}/GetOrganizationSessionPolicy`, streaming: false, write: false, valid: encoded(GetOrganizationSessionPolicyRequest.encode, fc.record({ organizationId: orgId })) },
  {
    path: `${ADMIN}/UpdateOrganizationSessionPolicy`,
    streaming: false,
    write: true,
    requestIdOf: (body) => UpdateOrganizationSessionPolicyRequest.decode(body).requestId,
    valid: encoded(
      UpdateOrganizationSessionPolicyRequest.encode,
      fc.record({
        organizationId: orgId,
        policySource: enumValue,
        absoluteSessionTimeout: optional(int32),
        absoluteSessionTimeoutUnit: optional(enumValue),
        idleSessionTimeoutEnabled: optional(fc.boolean()),
        idleSessionTimeout: optional(int32),
        idleSessionTimeoutUnit: optional(enumValue),
        etag: fc.oneof(fc.constant(''), text),
        requestId: fc.oneof(fc.constant(''), text),
      }) as fc.Arbitrary<UpdateOrganizationSessionPolicyRequest>,
    ),
  },
  { path: `${ADMIN}/GetApplicationSessionPolicy`, streaming: false, write: false, valid: fc.constant(new Uint8Array()) },
  {
    path: `${ADMIN}/UpdateApplicationSessionPolicy`,
    streaming: false,
    write: true,
    requestIdOf: (body) => UpdateApplicationSessionPolicyRequest.decode(body).requestId,
    valid: encoded(
      UpdateApplicationSessionPolicyRequest.encode,
      fc.record({
        policy: optional(
          fc.record({
            absoluteSessionTimeout: int32,
            idleSessionTimeoutEnabled: fc.boolean(),
            idleSessionTimeout: int32,
            accessTokenExpiry: int32,
            absoluteSessionTimeoutUnit: optional(enumValue),
            idleSessionTimeoutUnit: optional(enumValue),
          }),
        ),
        etag: fc.oneof(fc.constant(''), text),
        requestId: fc.oneof(fc.constant(''), text),
      }) as fc.Arbitrary<UpdateApplicationSessionPolicyRequest>,
    ),
  },
  { path: `${ADMIN}/GetOrganizationSettings`, streaming: false, write: false, valid: encoded(GetOrganizationSettingsRequest.encode, fc.record({ organizationId: orgId })) },
  {
    path: `${ADMIN}/UpdateOrganizationSettings`,
    streaming: false,
    write: true,
    requestIdOf: (body) => UpdateOrganizationSettingsRequest.decode(body).requestId,
    valid: encoded(
      UpdateOrganizationSettingsRequest.encode,
      fc.record({
        organizationId: orgId,
        settings: optional(fc.record({ features: fc.array(fc.record({ name: fc.oneof(fc.constant('session_policy'), text), enabled: fc.boolean() }), { maxLength: 300 }) })),
        etag: fc.oneof(fc.constant(''), text),
        requestId: fc.oneof(fc.constant(''), text),
      }),
    ),
  },
  { path: `${ADMIN}/GetSessionRules`, streaming: false, write: false, valid: encoded(GetSessionRulesRequest.encode, fc.record({ organizationId: fc.oneof(fc.constant(''), orgId) })) },
  {
    path: `${ADMIN}/UpdateSessionRules`,
    streaming: false,
    write: true,
    requestIdOf: (body) => UpdateSessionRulesRequest.decode(body).requestId,
    valid: encoded(
      UpdateSessionRulesRequest.encode,
      fc.record({
        organizationId: fc.oneof(fc.constant(''), orgId),
        ruleSet: optional(
          fc.record({
            rules: fc.array(
              fc.record({
                ruleId: text,
                description: text,
                condition: optional(
                  fc.record({
                    rolesAny: fc.array(text, { maxLength: 30 }),
                    applicationIdsAny: fc.array(text, { maxLength: 3 }),
                    minRiskLevel: enumValue,
                    authenticationLevelsAny: fc.array(enumValue, { maxLength: 5 }),
                    attributesAll: fc.array(fc.tuple(fc.oneof(text, fc.constantFrom('__proto__', 'constructor', 'prototype')), text), { maxLength: 15 }).map((entries) => new Map(entries)),
                  }),
                ),
                maxAbsoluteSessionTimeout: optional(fc.record({ seconds: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), nanos: int32 })),
                maxIdleSessionTimeout: optional(fc.record({ seconds: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), nanos: int32 })),
              }),
              { maxLength: 60 },
            ),
            complianceProfiles: fc.array(enumValue, { maxLength: 5 }),
          }),
        ),
        etag: fc.oneof(fc.constant(''), text),
        requestId: fc.oneof(fc.constant(''), text),
      }) as fc.Arbitrary<UpdateSessionRulesRequest>,
    ),
  },
  {
    path: `${ADMIN}/CreateWidgetSession`,
    streaming: false,
    write: false,
    valid: encoded(
      CreateWidgetSessionRequest.encode,
      fc.record({ organizationId: orgId, subject: text, ttl: optional(fc.record({ seconds: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), nanos: int32 })) }),
    ),
  },
  {
    path: `${ADMIN}/ListPolicyChanges`,
    streaming: false,
    write: false,
    valid: encoded(ListPolicyChangesRequest.encode, fc.record({ organizationId: fc.oneof(fc.constant(''), orgId), pageSize: int32, pageToken: fc.oneof(fc.constant(''), text, fc.constant('eyJvIjoiIiwicyI6OTAwNzE5OTI1NDc0MDk5MX0')) })),
  },
  { path: `${RESOLVER}/ResolveEffectivePolicy`, streaming: false, write: false, valid: encoded(ResolveEffectivePolicyRequest.encode, fc.record({ organizationIds: orgIds, context: fc.constant(undefined) })) },
  {
    path: `${RESOLVER}/EvaluateSession`,
    streaming: false,
    write: false,
    valid: encoded(
      EvaluateSessionRequest.encode,
      fc.record({ organizationIds: orgIds, sessionStartTime: timestamp, lastActivityTime: timestamp, evaluationTime: timestamp, context: fc.constant(undefined), sessionId: fc.oneof(fc.constant(''), text), subject: fc.oneof(fc.constant(''), text) }),
    ),
  },
  {
    path: `${RESOLVER}/WatchEffectivePolicies`,
    streaming: true,
    write: false,
    valid: encoded(WatchEffectivePoliciesRequest.encode, fc.record({ organizationIds: orgIds, resumeAfterRevision: int64 })),
  },
];

/** Metadata a careless or hostile client sends (grpc-js refuses to send non-ASCII values itself). */
const metadata: fc.Arbitrary<Metadata> = fc
  .oneof(
    { weight: 6, arbitrary: fc.constant<[string, string][]>([['authorization', `Bearer ${ADMIN_TOKEN}`]]) },
    { weight: 1, arbitrary: fc.constant<[string, string][]>([['authorization', `Bearer ${READER_TOKEN}`]]) },
    { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 2,
      arbitrary: fc.array(
        fc.tuple(
          fc.constantFrom('authorization', 'x-request-id', 'x-anything', 'authorization-bin', 'grpc-status-details-bin'),
          fc.oneof(
            fc.stringMatching(/^[ -~]{0,300}$/),
            fc.constantFrom('Bearer', 'Bearer ', `Bearer  ${ADMIN_TOKEN}`, `bearer ${ADMIN_TOKEN}`, `Basic ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}x`, `Bearer a.b.c`, `Bearer ${'A'.repeat(6000)}`, `Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.`),
          ),
        ),
        { maxLength: 3 },
      ),
    },
  )
  .map((entries) => {
    const m = new Metadata();
    for (const [key, value] of entries) {
      // grpc-js itself refuses to send two authorization values; one replaces the other here.
      if (key.endsWith('-bin')) m.add(key, Buffer.from(value));
      else if (key === 'authorization') m.set(key, value);
      else m.add(key, value);
    }
    return m;
  });

const body = (method: Method): fc.Arbitrary<Buffer> =>
  fc.oneof({ weight: 3, arbitrary: method.valid }, { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }) }, { weight: 1, arbitrary: method.valid.chain((b) => fc.integer({ min: 0, max: b.length }).map((n) => b.subarray(0, n))) }).map((b) => Buffer.from(b));

const request = fc.constantFrom(...METHODS).chain((method) => fc.tuple(fc.constant(method), body(method), metadata));

let store: TestStore;
let proc: ServiceProcess;

beforeAll(async () => {
  store = await startTestStore();
  proc = await startServiceProcess(store.uri, uniqueDatabase('fuzz'), { WATCH_MAX_STREAMS_PER_PRINCIPAL: '16' });
  await call(proc.admin.updateApplicationSessionPolicy.bind(proc.admin), { requestId: '',
    policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 },
    etag: '',
  }, asAdmin());
  for (const organizationId of ['org-1', 'org-2']) {
    await call(proc.admin.updateOrganizationSettings.bind(proc.admin), { requestId: '', organizationId, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
  }
}, 60_000);

afterAll(async () => {
  await proc?.stop();
  await store?.close();
});

const history = (): Promise<PolicyChange[]> => allPolicyChanges(proc.admin, '', asAdmin());

it(`survives ${REQUESTS} fuzzed requests across every RPC`, async () => {
  process.stderr.write(`fuzz: ${REQUESTS} requests, FUZZ_SEED=${SEED}\n`);
  const before = await history();
  const client = new RawClient(`127.0.0.1:${proc.port}`, { 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  const codes = new Map<string, number>();
  const example = new Map<string, string>();
  const problems: string[] = [];
  let okWrites = 0;
  /** Caller and request id of every write answered OK. */
  const answeredRequests = new Set<string>();
  /** Writes whose caller stopped waiting (DEADLINE_EXCEEDED, CANCELLED): they may have committed. */
  let undecidedWrites = 0;
  let maxTrailer = 0;
  let maxLateness = -Infinity;
  const started = Date.now();
  const samples = fc.sample(request, { numRuns: REQUESTS, seed: SEED });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < samples.length; i = next++) {
      const [method, bytes, md] = samples[i] as [Method, Buffer, Metadata];
      const outcome: RawOutcome = method.streaming
        ? await client.serverStream(method.path, bytes, md, 500)
        : await client.unary(method.path, bytes, md, DEADLINE_MS);
      const name = status[outcome.code] ?? String(outcome.code);
      codes.set(name, (codes.get(name) ?? 0) + 1);
      if (!example.has(name)) example.set(name, `${method.path}: ${outcome.details.slice(0, 160)}`);
      maxTrailer = Math.max(maxTrailer, outcome.trailerBytes);
      const deadline = method.streaming ? 500 : DEADLINE_MS;
      maxLateness = Math.max(maxLateness, outcome.elapsedMs - deadline);
      // A retry with a request id already answered OK returns that answer and records nothing (AIP-155).
      const requestId = method.write && outcome.code === status.OK ? (method.requestIdOf?.(bytes) ?? '') : '';
      // The caller is the token, not the header's spelling: the auth scheme is case-insensitive and
      // any whitespace may follow it (RFC 7235), so "bearer  <token>" is the same caller as "Bearer <token>".
      const caller = /^Bearer\s+(\S+)$/i.exec(String(md.get('authorization')[0] ?? ''))?.[1] ?? '';
      const retry = `${caller}\u0000${requestId}`;
      if (method.write && outcome.code === status.OK && (requestId === '' || !answeredRequests.has(retry))) okWrites++;
      if (requestId !== '') answeredRequests.add(retry);
      if (method.write && (outcome.code === status.DEADLINE_EXCEEDED || outcome.code === status.CANCELLED)) undecidedWrites++;
      // A Watch that is still open at its deadline ends DEADLINE_EXCEEDED: that is its answer.
      if (outcome.code === status.INTERNAL || outcome.code === status.UNKNOWN) problems.push(`${method.path} → ${name} "${outcome.details.slice(0, 200)}" body=${bytes.toString('hex').slice(0, 120)}`);
      if (outcome.trailerBytes >= 8192) problems.push(`${method.path} → trailers of ${outcome.trailerBytes} bytes`);
      if (outcome.elapsedMs > deadline + DEADLINE_SLACK_MS) problems.push(`${method.path} → answered after ${outcome.elapsedMs} ms (deadline ${deadline} ms)`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  client.close();
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `fuzz: ${samples.length} requests in ${seconds.toFixed(1)} s; codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}; ` +
      `largest trailers ${maxTrailer} B; latest answer ${maxLateness} ms after its deadline; ${okWrites} writes succeeded, ${undecidedWrites} ended before an answer\n`,
  );
  process.stderr.write(`fuzz: one answer per code: ${JSON.stringify(Object.fromEntries(example), null, 1)}\n`);
  expect(problems.slice(0, 20)).toEqual([]);
  // The process is alive and still answers.
  expect(process.kill(proc.pid, 0)).toBe(true);
  const after = await history();
  // Rejected requests changed nothing: the history grew by the writes that succeeded, plus at most
  // those whose caller gave up first (their outcome is unknown to the caller, as gRPC defines it).
  const grown = after.length - before.length;
  process.stderr.write(`fuzz: history grew by ${grown}\n`);
  expect(grown).toBeGreaterThanOrEqual(okWrites);
  expect(grown).toBeLessThanOrEqual(okWrites + undecidedWrites);
}, 15 * 60_000);
