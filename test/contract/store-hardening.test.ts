// Issue 11's store-side findings, each as a test that failed before the log-is-truth rewrite:
// a forged page token walked revisions downward from 9·10^15 and pinned FerretDB for a minute; a Watch
// resume far in the past replayed the store for 20 s and more instead of answering.
import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { call, decodeError } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
let svc: TestService;

beforeAll(async () => {
  store = await startTestStore();
  svc = await startTestService(testConfig(store.uri, uniqueDatabase('storehard'), { WATCH_RESUME_CHANGES: '100' }));
  await call(svc.admin.updateOrganizationSettings.bind(svc.admin), { organizationId: 'org-h', settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '', requestId: '' }, asAdmin());
  for (let i = 0; i < 150; i++) {
    await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), {
      organizationId: 'org-h', policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 100 + i, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '', requestId: '',
    }, asAdmin());
  }
});

afterAll(async () => {
  await svc?.stop();
  await store?.close();
});

it('when a page token is forged or edited, then INVALID_ARGUMENT at once and the store is not walked', async () => {
  const unsigned = Buffer.from(JSON.stringify({ o: '', s: 9007199254740991 })).toString('base64url');
  const page = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: '', pageSize: 5, pageToken: '' }, asAdmin());
  const [payload, mac] = page.nextPageToken.split('.');
  const edited = `${Buffer.from(JSON.stringify({ o: '', s: 9007199254740991 })).toString('base64url')}.${mac}`;
  for (const pageToken of [unsigned, edited, `${payload}.AAAAAAAAAAAAAAAAAAAAAA`]) {
    const started = Date.now();
    const error = decodeError(await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: '', pageSize: 5, pageToken }, asAdmin()).catch((e: unknown) => e));
    expect(error).toMatchObject({ codeName: 'INVALID_ARGUMENT', violations: [{ field: 'page_token', constraint: 'PAGE_TOKEN_INVALID' }] });
    expect(Date.now() - started).toBeLessThan(1000);
  }
  // The store is not busy afterwards: a write goes through at once.
  const started = Date.now();
  await call(svc.admin.updateOrganizationSessionPolicy.bind(svc.admin), {
    organizationId: 'org-h', policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 99, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '', requestId: '',
  }, asAdmin());
  expect(Date.now() - started).toBeLessThan(1000);
});

function firstWatchAnswer(resumeAfterRevision: bigint): Promise<{ error?: ServiceError; events: number }> {
  return new Promise((resolve) => {
    let events = 0;
    const stream = svc.resolver.watchEffectivePolicies({ organizationIds: ['org-h'], resumeAfterRevision }, asAdmin() as Metadata);
    stream.on('data', () => {
      events += 1;
      if (events === 3) {
        stream.cancel();
        resolve({ events });
      }
    });
    stream.on('error', (error: ServiceError) => resolve(error.code === status.CANCELLED ? { events } : { error, events }));
  });
}

it('when a Watch resumes older than the changes kept, then OUT_OF_RANGE within 1 s (take a snapshot); a recent resume replays from memory', async () => {
  const started = Date.now();
  const old = await firstWatchAnswer(1n);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(old.error ? decodeError(old.error) : undefined).toMatchObject({ codeName: 'OUT_OF_RANGE', reason: 'REVISION_TOO_OLD' });
  const head = svc.service.context.replica.revision;
  const recent = await firstWatchAnswer(BigInt(head - 3));
  expect(recent).toEqual({ events: 3 });
});
