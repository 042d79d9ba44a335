// ListPolicyChanges on a real FerretDB (issue 19, item 2): a page of an organization's history costs
// at most two store reads, however long the page, and a call that cannot finish answers
// DEADLINE_EXCEEDED itself, before the caller's deadline.
//
// Store reads are counted in the driver (every `find` on a change-log segment; findOne is a find), so
// whatever the use case or the store port does, each command sent to FerretDB is seen. Both instances
// poll the log head only once a minute, and WATCH_RESUME_CHANGES is at its minimum, so what is counted
// is the listing's own reads and most of the history is not held in memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collection, MongoClient } from 'mongodb';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import type { PolicyChange } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { startEmbeddedFerretDb, FERRETDB_PID_FILE, type EmbeddedFerretDb } from '../../src/storage/embedded-ferretdb';
import { call, decodeError } from './support/calls';
import { asAdmin, startTestService, testConfig, type TestService } from './support/service';
import { FERRETDB_BIN, uniqueDatabase } from './support/store';

/** org-hist's policy changes; three changes of other organizations are interleaved with each one. */
const CHANGES = 650;
const FILLER_WRITERS = 3;
const ORG = 'org-hist';
/** SNAPSHOT_EVERY_CHANGES: the writer publishes snapshots at 1000 and 2000 of ~2600 revisions. */
const SNAPSHOT_EVERY = 1000;
const QUIET = { WATCH_RESUME_CHANGES: '100', REPLICA_POLL_INTERVAL_MS: '60000' };

let dataDir: string;
let ferret: EmbeddedFerretDb;
let ferretPid: number;
/** The instance that wrote the history: it applied every entry (every link of the chain is in memory). */
let writer: TestService;
/** Started afterwards from the snapshot at 2000: the chain below it is unknown to it. */
let fresh: TestService;
let head: number;

const findSpy = jest.spyOn(Collection.prototype, 'find');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'spol-history-'));
  ferret = await startEmbeddedFerretDb({ binary: FERRETDB_BIN, dataDir });
  ferretPid = (JSON.parse(readFileSync(join(dataDir, FERRETDB_PID_FILE), 'utf8')) as { pid: number }).pid;
  const database = uniqueDatabase('historyreads');
  writer = await startTestService(testConfig(ferret.uri, database, { ...QUIET, SNAPSHOT_EVERY_CHANGES: String(SNAPSHOT_EVERY) }));

  await call(writer.admin.updateOrganizationSettings.bind(writer.admin), { requestId: '', organizationId: ORG, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '' }, asAdmin());
  let done = false;
  const fillers = Array.from({ length: FILLER_WRITERS }, async (_, w) => {
    for (let i = 0; !done; i++) {
      // Each filler write flips a feature, so every one is a change of its own organization.
      await call(writer.admin.updateOrganizationSettings.bind(writer.admin), {
        requestId: '', organizationId: `org-filler-${w}-${i % 20}`, settings: { features: [{ name: 'session_policy', enabled: Math.floor(i / 20) % 2 === 0 }] }, etag: '',
      }, asAdmin());
    }
  });
  for (let i = 1; i <= CHANGES; i++) {
    await call(writer.admin.updateOrganizationSessionPolicy.bind(writer.admin), {
      requestId: '', organizationId: ORG, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 60 + i, idleSessionTimeoutEnabled: false, idleSessionTimeout: undefined, etag: '',
    }, asAdmin());
  }
  done = true;
  await Promise.all(fillers);
  head = writer.service.context.replica.revision;
  // The snapshot at 2000 is written in the background; the second instance must load it.
  const client = await MongoClient.connect(ferret.uri);
  try {
    const manifests = client.db(database).collection<{ revision: number }>('snapshots');
    for (let i = 0; i < 300 && (await manifests.countDocuments({ revision: { $gte: 2 * SNAPSHOT_EVERY } })) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await client.close();
  }
  fresh = await startTestService(testConfig(ferret.uri, database, QUIET));
}, 180_000);

afterAll(async () => {
  if (ferretPid) process.kill(ferretPid, 'SIGCONT');
  findSpy.mockRestore();
  await fresh?.stop();
  await writer?.stop();
  await ferret?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Finds sent to change-log segments since the last clear (not the head hint, not a probe past the head). */
function logReads(): number {
  const probe = `r${String(head + 1).padStart(15, '0')}`;
  return findSpy.mock.contexts.filter((collection, i) => {
    const name = (collection as Collection).collectionName;
    const filter = findSpy.mock.calls[i]?.[0] as { _id?: unknown } | undefined;
    return name.startsWith('change_log_') && name !== 'change_log_head' && filter?._id !== probe;
  }).length;
}

interface Walk {
  readonly pages: { readonly page: number; readonly entries: number; readonly storeReads: number }[];
  readonly changes: PolicyChange[];
}

async function walk(svc: TestService, pageSize: number): Promise<Walk> {
  const pages: Walk['pages'][number][] = [];
  const changes: PolicyChange[] = [];
  let pageToken = '';
  do {
    findSpy.mockClear();
    const page = await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: ORG, pageSize, pageToken }, asAdmin());
    pages.push({ page: pages.length + 1, entries: page.policyChanges.length, storeReads: logReads() });
    changes.push(...page.policyChanges);
    pageToken = page.nextPageToken;
  } while (pageToken !== '' && pages.length < 200);
  return { pages, changes };
}

/** The whole history of org-hist, newest first: 650 policy changes (absolute 710…61 minutes), then its settings change. */
function expectWholeHistory(changes: readonly PolicyChange[]): void {
  expect(changes).toHaveLength(CHANGES + 1);
  const revisions = changes.map((c) => Number(c.revision));
  expect(revisions.every((r, i) => i === 0 || r < (revisions[i - 1] as number))).toBe(true);
  expect(changes.every((c) => c.organizationId === ORG)).toBe(true);
  expect(changes.slice(0, CHANGES).map(absoluteOf)).toEqual(Array.from({ length: CHANGES }, (_, i) => CHANGES + 60 - i));
  expect(changes[CHANGES]?.after?.state?.$case).toBe('organizationSettings');
}

const absoluteOf = (c: PolicyChange): number | undefined => (c.after?.state?.$case === 'organizationPolicy' ? c.after.state.value.absoluteSessionTimeout : undefined);

const overBudget = (w: Walk) => w.pages.filter((p) => p.storeReads > 2);

describe('a page of an organization history costs at most two store reads', () => {
  it('on the instance that applied every entry (the chain in memory, the entries mostly not)', async () => {
    expect(head).toBeGreaterThan(2 * 1024); // the chain spans three log segments
    for (const pageSize of [100, 500]) {
      const w = await walk(writer, pageSize);
      expect({ pageSize, overBudget: overBudget(w) }).toEqual({ pageSize, overBudget: [] });
      expectWholeHistory(w.changes);
      // Pages are cut only where a third read would be needed: never a page per entry.
      expect(w.pages.length).toBeLessThanOrEqual(Math.ceil((CHANGES + 1) / pageSize) + 2);
    }
  }, 120_000);

  it('on an instance started from a snapshot (the older chain unknown to it), listing the same history', async () => {
    expect(fresh.service.context.replica.revision).toBe(head);
    const reference = (await walk(writer, 500)).changes;
    for (const pageSize of [100, 500]) {
      const w = await walk(fresh, pageSize);
      expect({ pageSize, overBudget: overBudget(w) }).toEqual({ pageSize, overBudget: [] });
      expectWholeHistory(w.changes);
      expect(w.changes).toEqual(reference);
      expect(w.pages.length).toBeLessThanOrEqual(Math.ceil((CHANGES + 1) / pageSize) + 2);
    }
  }, 120_000);
});

it('a call that cannot finish answers DEADLINE_EXCEEDED itself, before the deadline', async () => {
  const deadlineMs = 1500;
  const outcomes: { instance: string; codeName: string; reason: string; answeredBeforeDeadline: boolean }[] = [];
  // The store stops answering (the process is frozen): no read the listing sends can come back.
  process.kill(ferretPid, 'SIGSTOP');
  try {
    for (const [instance, svc] of [['writer', writer], ['fresh', fresh]] as const) {
      const started = performance.now();
      const error = decodeError(
        await call(svc.admin.listPolicyChanges.bind(svc.admin), { organizationId: ORG, pageSize: 500, pageToken: '' }, asAdmin(), { deadline: Date.now() + deadlineMs }).catch((e: unknown) => e),
      );
      const elapsed = performance.now() - started;
      // The server's own answer (its ErrorInfo reason), with room left for a network in between: an
      // answer sent at the deadline by the server's clock reaches the caller after it.
      outcomes.push({ instance, codeName: error.codeName, reason: error.reason, answeredBeforeDeadline: elapsed <= deadlineMs - 50 && elapsed >= deadlineMs / 2 });
      process.stderr.write(`history-reads: ${instance} answered ${error.codeName} (reason '${error.reason}') after ${elapsed.toFixed(0)} ms of a ${deadlineMs} ms deadline\n`);
    }
  } finally {
    process.kill(ferretPid, 'SIGCONT');
  }
  expect(outcomes).toEqual([
    { instance: 'writer', codeName: 'DEADLINE_EXCEEDED', reason: 'DEADLINE_EXCEEDED', answeredBeforeDeadline: true },
    { instance: 'fresh', codeName: 'DEADLINE_EXCEEDED', reason: 'DEADLINE_EXCEEDED', answeredBeforeDeadline: true },
  ]);
  // The store is back: the same page is answered.
  const page = await call(fresh.admin.listPolicyChanges.bind(fresh.admin), { organizationId: ORG, pageSize: 10, pageToken: '' }, asAdmin(), { deadline: Date.now() + 20_000 });
  expect(page.policyChanges).toHaveLength(10);
}, 60_000);
