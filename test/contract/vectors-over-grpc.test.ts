// Every shared vector, replayed over gRPC against the real server and store.
import { loadVectors, replay } from './support/vector-replay';
import { startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

const vectors = loadVectors();
/** Revocations outlive a case (README: the prefix is unique per case and per run). */
const RUN = Date.now().toString(36);
let store: TestStore;
let svc: TestService;

beforeAll(async () => {
  store = await startTestStore();
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('vectors')));
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

it('when the vectors are loaded, then there are at least 60 of them in every category', () => {
  expect(vectors.length).toBeGreaterThanOrEqual(60);
  expect(new Set(vectors.map((v) => v.category))).toEqual(new Set(['units', 'update-application', 'update-organization', 'resolve', 'evaluate', 'rules', 'update-session-rules', 'revocation']));
});

describe.each(vectors.map((v, i) => [v.category, v.name, i] as const))('vector %s/%s', (_category, _name, index) => {
  it('when replayed over gRPC, then the server answers exactly as the vector expects', async () => {
    const vector = vectors[index];
    if (!vector) throw new Error('missing vector');
    const { actual, expected } = await replay(svc, vector, `v${RUN}.${index}.`);
    expect(actual).toEqual(expected);
  });
});
