// `npm run test:fuzz` (with fuzz.test.ts): every method of the HTTP face (Connect unary JSON) driven by
// callers holding valid tokens (the application admin's, a reader's, a widget token for one
// organization) with bodies made from the request message's descriptor and then mutated: wrong JSON
// types, null, nested lists and objects where a scalar belongs, unknown fields, enum names that do not
// exist, numbers out of range, broken JSON text. Asserts: no 5xx, every refusal a Connect error
// envelope with ErrorInfo, every 200 a proto3 JSON answer a strict conforming decoder accepts, the
// process alive, and the stored history grown by exactly the writes that succeeded.
// FUZZ_REQUESTS (default 10^4) and FUZZ_SEED (default: time, printed) reproduce a run.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createFileRegistry, fromBinary, fromJson, ScalarType, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import fc from 'fast-check';
import type { PolicyChange } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { ErrorInfo } from '../../gen/ts/google/rpc/error_details';
import { allPolicyChanges, call } from '../contract/support/calls';
import { startServiceProcess, type ServiceProcess } from '../contract/support/process-service';
import { recordCredential } from '../contract/support/run-log';
import { ADMIN_TOKEN, READER_TOKEN, asAdmin } from '../contract/support/service';
import { startTestStore, uniqueDatabase, type TestStore } from '../contract/support/store';

const REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const CONCURRENCY = 16;
const TIMEOUT_MS = 3000;
const ADMIN = 'sessionpolicy.v1.SessionPolicyAdminService';
const RESOLVER = 'sessionpolicy.v1.SessionPolicyResolverService';

/** The methods the HTTP face serves (README, "HTTP API"); the writes among them change the history. */
const METHODS: readonly { readonly path: string; readonly write: boolean }[] = [
  { path: `${ADMIN}/GetOrganizationSessionPolicy`, write: false },
  { path: `${ADMIN}/UpdateOrganizationSessionPolicy`, write: true },
  { path: `${ADMIN}/GetApplicationSessionPolicy`, write: false },
  { path: `${ADMIN}/GetOrganizationSettings`, write: false },
  { path: `${ADMIN}/UpdateOrganizationSettings`, write: true },
  { path: `${ADMIN}/ListPolicyChanges`, write: false },
  { path: `${RESOLVER}/ResolveEffectivePolicy`, write: false },
];

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(resolve(__dirname, '../../gen/descriptor/sessionpolicy.binpb'))));

function methodOf(path: string): { input: DescMessage; output: DescMessage } {
  const [service = '', name = ''] = path.split('/');
  const method = registry.getService(service)?.methods.find((m) => m.name === name);
  if (!method) throw new Error(`no method ${path}`);
  return method;
}

// Values a careless or hostile caller puts anywhere.
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', 'org-1', 'org-2', 'session_policy', '\u0000', 'a'.repeat(65), 'x'.repeat(5000), '{"$gt":""}', 'org-\u00e9\u{1f600}', '__proto__'),
);
const organizationId = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('org-1', 'org-2', 'org-fuzz') }, { weight: 1, arbitrary: text });
const hostile: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>,
  fc.constantFrom<JsonValue>([[1]], { a: { b: [] } }, [null], 'NOT_AN_ENUM', 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0.5, 1e300, '12abc', '1e3', 'Infinity', 'NaN', '', true, '9223372036854775808', '-1s', '315576000001s', '9999-12-31T23:59:60Z', 'x'.repeat(3000)),
);

/** A well-formed proto3 JSON value for `field` (a leaf's random value, or a message built the same way). */
function validValue(field: DescField, depth: number): fc.Arbitrary<JsonValue> {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarValue(field.scalar, field.name);
    case 'enum':
      return fc.oneof(fc.constantFrom(...field.enum.values.map((v) => v.name)), fc.integer({ min: 0, max: 4 }));
    case 'message':
      return messageValue(field.message, depth + 1);
    case 'list': {
      const item: fc.Arbitrary<JsonValue> =
        field.listKind === 'scalar' ? scalarValue(field.scalar, field.name) : field.listKind === 'enum' ? fc.constantFrom(...field.enum.values.map((v) => v.name)) : messageValue(field.message, depth + 1);
      return fc.array(item, { maxLength: 4 });
    }
    case 'map':
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }) as fc.Arbitrary<JsonValue>;
  }
}

function scalarValue(scalar: ScalarType, name: string): fc.Arbitrary<JsonValue> {
  switch (scalar) {
    case ScalarType.STRING:
      return name.startsWith('organization_id') ? organizationId : fc.oneof(fc.constant(''), text);
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.integer());
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.nat();
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case ScalarType.BYTES:
      return fc.base64String({ maxLength: 16 });
    default:
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
  }
}

/** Well-known types in their own JSON forms; our messages as objects of some of their fields. */
function messageValue(message: DescMessage, depth: number): fc.Arbitrary<JsonValue> {
  switch (message.typeName) {
    case 'google.protobuf.Duration':
      return fc.integer({ min: 0, max: 10_000_000 }).map((s) => `${s}s`);
    case 'google.protobuf.Timestamp':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'google.protobuf.Int32Value':
      return fc.integer({ min: -5, max: 2000 });
    case 'google.protobuf.BoolValue':
      return fc.boolean();
    case 'google.protobuf.StringValue':
      return text;
  }
  if (message.typeName.startsWith('google.protobuf.') || depth > 4) return fc.constant({});
  const fields = message.fields.map((f) => [f.jsonName, fc.option(validValue(f, depth), { nil: undefined })] as const);
  return fc.record(Object.fromEntries(fields)).map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as JsonValue);
}

/** Every place in `json` a value sits (object members and list items), to put a hostile one there. */
function placesIn(json: JsonValue, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(json)) return json.flatMap((item, i) => [[...at, i], ...placesIn(item, [...at, i])]);
  if (json !== null && typeof json === 'object') return Object.entries(json).flatMap(([k, v]) => [[...at, k], ...placesIn(v as JsonValue, [...at, k])]);
  return [];
}

function withValueAt(json: JsonValue, place: (string | number)[], value: JsonValue): JsonValue {
  if (place.length === 0) return value;
  const [head, ...rest] = place as [string | number, ...(string | number)[]];
  if (Array.isArray(json)) return json.map((item, i) => (i === head ? withValueAt(item, rest, value) : item));
  const object = json as Record<string, JsonValue>;
  return { ...object, [head]: withValueAt(object[head] as JsonValue, rest, value) };
}

/** The valid body as it is, with hostile values put in up to three places, or an unknown member added. */
const mutated = (valid: fc.Arbitrary<JsonValue>): fc.Arbitrary<JsonValue> =>
  fc.tuple(valid, fc.array(fc.tuple(fc.nat(), hostile), { minLength: 1, maxLength: 3 }), fc.option(fc.tuple(fc.string({ maxLength: 12 }), hostile), { nil: undefined })).map(([body, changes, extra]) => {
    let json = body;
    for (const [n, value] of changes) {
      const places = placesIn(json);
      json = places.length === 0 ? { [String(n)]: value } : withValueAt(json, places[n % places.length] as (string | number)[], value);
    }
    if (extra && json !== null && typeof json === 'object' && !Array.isArray(json)) json = { ...json, [extra[0]]: extra[1] };
    return json;
  });

type Body = { readonly text: string; readonly json: JsonValue | undefined };

/** Bodies a real caller sends (so writes succeed often enough to check the history), by method. */
const requestId = fc.option(fc.constantFrom('r-1', 'r-2', 'r-3').chain((r) => fc.nat({ max: 50 }).map((n) => `${r}-${n}`)), { nil: undefined });
const SENSIBLE: Readonly<Record<string, fc.Arbitrary<JsonValue>>> = {
  [`${ADMIN}/UpdateOrganizationSessionPolicy`]: fc.oneof(
    fc.record({ organizationId: fc.constantFrom('org-1', 'org-2'), policySource: fc.constant('CUSTOM'), absoluteSessionTimeout: fc.integer({ min: 30, max: 1400 }), idleSessionTimeoutEnabled: fc.constant(false), requestId }, { requiredKeys: ['organizationId', 'policySource', 'absoluteSessionTimeout'] }),
    fc.record({ organizationId: fc.constantFrom('org-1', 'org-2'), policySource: fc.constant('APPLICATION'), requestId }, { requiredKeys: ['organizationId', 'policySource'] }),
  ) as fc.Arbitrary<JsonValue>,
  [`${ADMIN}/UpdateOrganizationSettings`]: (fc.record(
    { organizationId: fc.constantFrom('org-1', 'org-2', 'org-fuzz'), settings: fc.record({ features: fc.constant([{ name: 'session_policy', enabled: true }]) }), requestId },
    { requiredKeys: ['organizationId', 'settings'] },
  ) as unknown) as fc.Arbitrary<JsonValue>,
};

const bodyFor = (path: string): fc.Arbitrary<Body> => {
  const generic = messageValue(methodOf(path).input, 0);
  const sensible = SENSIBLE[path];
  const valid = sensible ? fc.oneof(sensible, generic) : generic;
  const asBody = (json: JsonValue): Body => ({ text: JSON.stringify(json), json });
  return fc.oneof(
    { weight: 3, arbitrary: valid.map(asBody) },
    { weight: 5, arbitrary: mutated(valid).map(asBody) },
    { weight: 1, arbitrary: hostile.map(asBody) },
    // Broken JSON text: a valid body cut short, or noise.
    { weight: 1, arbitrary: fc.tuple(valid, fc.nat()).map(([json, n]) => ({ text: JSON.stringify(json).slice(0, 1 + (n % 40)), json: undefined })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ text: s, json: undefined })) },
  );
};

let store: TestStore;
let proc: ServiceProcess;
let base: string;
let widgetToken: string;

beforeAll(async () => {
  store = await startTestStore();
  proc = await startServiceProcess(store.uri, uniqueDatabase('http-fuzz'), { HTTP_LISTEN: '127.0.0.1:0', WIDGET_TOKEN_SECRET: randomBytes(32).toString('base64url') });
  if (proc.httpPort === undefined) throw new Error('the HTTP face did not start');
  base = `http://127.0.0.1:${proc.httpPort}`;
  await call(proc.admin.updateApplicationSessionPolicy.bind(proc.admin), { requestId: '', policy: { absoluteSessionTimeout: 1440, idleSessionTimeoutEnabled: true, idleSessionTimeout: 120, accessTokenExpiry: 15 }, etag: '' }, asAdmin());
  for (const organizationId of ['org-1', 'org-2']) {
    await call(proc.admin.updateOrganizationSettings.bind(proc.admin), { requestId: '', organizationId, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
  }
  const session = await call(proc.admin.createWidgetSession.bind(proc.admin), { organizationId: 'org-1', subject: 'fuzzer', ttl: { seconds: 900n, nanos: 0 } }, asAdmin());
  widgetToken = recordCredential(session.token);
}, 60_000);

afterAll(async () => {
  await proc?.stop();
  await store?.close();
});

const history = (): Promise<PolicyChange[]> => allPolicyChanges(proc.admin, '', asAdmin());

it(`survives ${REQUESTS} fuzzed Connect JSON requests with valid tokens across every method of the HTTP face`, async () => {
  process.stderr.write(`http fuzz: ${REQUESTS} requests, FUZZ_SEED=${SEED}\n`);
  const before = await history();
  const callers = fc.constantFrom(ADMIN_TOKEN, ADMIN_TOKEN, READER_TOKEN, widgetToken, '');
  const samples = fc.sample(fc.constantFrom(...METHODS).chain((method) => fc.tuple(fc.constant(method), bodyFor(method.path), callers, fc.boolean())), { numRuns: REQUESTS, seed: SEED });
  const statuses = new Map<string, number>();
  const example = new Map<string, string>();
  const problems: string[] = [];
  const answeredRequests = new Set<string>();
  let okWrites = 0;
  let undecidedWrites = 0;
  const started = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < samples.length; i = next++) {
      const [method, body, token, withTimeout] = samples[i] as [(typeof METHODS)[number], Body, string, boolean];
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(withTimeout ? { 'connect-timeout-ms': String(TIMEOUT_MS) } : {}) };
      let answer: { status: number; text: string };
      try {
        const response = await fetch(`${base}/${method.path}`, { method: 'POST', headers, body: body.text, signal: AbortSignal.timeout(TIMEOUT_MS + 5000) });
        answer = { status: response.status, text: await response.text() };
      } catch (error) {
        problems.push(`${method.path} → no answer (${String(error).slice(0, 100)}) body=${body.text.slice(0, 120)}`);
        if (method.write) undecidedWrites++;
        continue;
      }
      const key = String(answer.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (!example.has(key)) example.set(key, `${method.path}: ${answer.text.slice(0, 160)}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        problems.push(`${method.path} → HTTP ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 100)}`);
        continue;
      }
      // A deadline the caller set and the service missed is its answer (504 deadline_exceeded), never a fault.
      const missedDeadline = answer.status === 504 && withTimeout && (parsed as { code?: unknown }).code === 'deadline_exceeded';
      if (answer.status >= 500 && !missedDeadline) problems.push(`${method.path} → HTTP ${answer.status} ${answer.text.slice(0, 200)} body=${body.text.slice(0, 160)}`);
      if (answer.status === 200) {
        try {
          fromJson(methodOf(method.path).output, parsed as JsonValue, { ignoreUnknownFields: false, registry });
        } catch (error) {
          problems.push(`${method.path} → a 200 answer a conforming decoder refuses: ${String(error).slice(0, 160)}`);
        }
      } else {
        const envelope = parsed as { code?: unknown; details?: { type?: unknown; value?: unknown }[] };
        const info = envelope.details?.find((d) => d.type === 'google.rpc.ErrorInfo');
        if (typeof envelope.code !== 'string' || typeof info?.value !== 'string') problems.push(`${method.path} → HTTP ${answer.status} without a Connect envelope and ErrorInfo: ${answer.text.slice(0, 160)}`);
        else if (ErrorInfo.decode(Buffer.from(info.value, 'base64')).reason === 'INTERNAL') problems.push(`${method.path} → reason INTERNAL: ${answer.text.slice(0, 160)}`);
      }
      if (method.write) {
        const requestId = answer.status === 200 && body.json !== null && typeof body.json === 'object' && !Array.isArray(body.json) ? String(body.json['requestId'] ?? '') : '';
        const retry = `${token}\u0000${requestId}`;
        if (answer.status === 200 && (requestId === '' || !answeredRequests.has(retry))) okWrites++;
        if (requestId !== '') answeredRequests.add(retry);
        if (missedDeadline) undecidedWrites++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`http fuzz: ${samples.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${okWrites} writes succeeded, ${undecidedWrites} undecided\n`);
  process.stderr.write(`http fuzz: one answer per status: ${JSON.stringify(Object.fromEntries(example), null, 1)}\n`);
  expect(problems.slice(0, 20)).toEqual([]);
  expect(process.kill(proc.pid, 0)).toBe(true);
  const after = await history();
  const grown = after.length - before.length;
  process.stderr.write(`http fuzz: history grew by ${grown}\n`);
  expect(grown).toBeGreaterThanOrEqual(okWrites);
  expect(grown).toBeLessThanOrEqual(okWrites + undecidedWrites);
}, 15 * 60_000);
