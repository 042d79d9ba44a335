// Snapshots on a real FerretDB: a fresh instance's state equals a replay of the whole log, whatever
// happened to the snapshots. Writers killed (SIGKILL, a real child process) in the middle of writing,
// then a rewrite of the same revision with other chunk boundaries; and every kind of damage to a
// published snapshot: each one is detected, reported, and the one before it or the log is used.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Db } from 'mongodb';
import { DEFAULT_APPLICATION_POLICY } from '../../src/app/application-defaults';
import type { PolicyStore, SnapshotCandidate } from '../../src/app/policy-store';
import { Replica } from '../../src/app/replica';
import { EMPTY_RULE_SET } from '../../src/domain/session-rules';
import { MongoPolicyStore } from '../../src/storage/mongo-policy-store';
import { newestSnapshot, startTestStore, uniqueDatabase, type TestStore } from './support/store';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
/** Revocations of the first hour expire a day later (the default application policy's absolute timeout). */
const EXPIRY = DEFAULT_APPLICATION_POLICY.absoluteMinutes * 60_000;

let store: TestStore;

beforeAll(async () => {
  store = await startTestStore();
});

afterAll(async () => {
  await store?.close();
});

interface Opened {
  readonly store: MongoPolicyStore;
  readonly db: Db;
  close(): Promise<void>;
}

async function open(database: string): Promise<Opened> {
  const { store: policyStore, client, db } = await MongoPolicyStore.connect(store.uri, database);
  return { store: policyStore, db, close: () => client.close() };
}

function replicaOf(policyStore: PolicyStore, clockMs: number | (() => number), options: { snapshotEveryChanges?: number; rejected?: SnapshotCandidate[] } = {}): Replica {
  return new Replica(policyStore, {
    applicationDefaults: DEFAULT_APPLICATION_POLICY,
    pollIntervalMs: 60_000,
    // The seed writer's clock jumps hours ahead: never stale on these clocks.
    staleAfterMs: 1000 * HOUR,
    maxStaleMs: 1000 * HOUR,
    snapshotEveryChanges: options.snapshotEveryChanges ?? 1_000_000,
    requestIdRetentionMs: 86_400_000,
    retainedChanges: 1000,
    revocationSkewMs: 0,
    now: typeof clockMs === 'number' ? () => clockMs : clockMs,
    onSnapshotRejected: (candidate) => options.rejected?.push(candidate),
  });
}

/** The whole log replayed, no snapshot: the truth a fresh instance must equal. */
async function logReplay(policyStore: PolicyStore, clockMs: number): Promise<Replica> {
  const withoutSnapshots: PolicyStore = Object.assign(Object.create(policyStore) as PolicyStore, { listSnapshots: () => Promise.resolve([]) });
  const replica = replicaOf(withoutSnapshots, clockMs);
  await replica.start();
  await replica.stop();
  return replica;
}

function stateOf(replica: Replica): unknown {
  return {
    revision: replica.revision,
    application: replica.applicationPolicy(),
    organizations: [...replica.allOrganizations()].sort((a, b) => a.organizationId.localeCompare(b.organizationId)),
    rules: replica.ruleSet(''),
    revocations: [...replica.revocations.all()],
  };
}

/** A fresh instance started on the store as it is now, and what it reported rejecting. */
async function freshInstance(policyStore: PolicyStore, clockMs: number): Promise<{ replica: Replica; rejected: SnapshotCandidate[] }> {
  const rejected: SnapshotCandidate[] = [];
  const replica = replicaOf(policyStore, clockMs, { rejected });
  await replica.start();
  await replica.stop();
  return { replica, rejected };
}

/**
 * The log: a custom application policy, 20 organizations at 600 minutes, a rule set, then `revocations`
 * session revocations in groups of 250: the first `early` of them at T0, the rest ten hours later.
 */
async function seed(policyStore: PolicyStore, revocations: number, early: number): Promise<void> {
  let clock = T0;
  const writer = replicaOf(policyStore, () => clock);
  await writer.start();
  await writer.commit({ actor: 'test' }, () => ({
    target: 'APPLICATION_POLICY',
    application: { policy: { absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 60, accessTokenMinutes: 5 }, version: 1 },
  }));
  for (let i = 0; i < 20; i++) {
    const organizationId = `org-${String(i).padStart(2, '0')}`;
    await writer.commit({ actor: 'test' }, () => ({
      target: 'ORGANIZATION_POLICY',
      organization: {
        organizationId,
        policy: { source: 'CUSTOM', absoluteMinutes: 600, idleEnabled: false },
        features: { session_policy: true },
        recordRevision: 1,
        policyVersion: 1,
        settingsVersion: 0,
      },
    }));
  }
  await writer.commit({ actor: 'test' }, () => ({
    target: 'SESSION_RULES',
    organizationId: '',
    rules: { ruleSet: EMPTY_RULE_SET, version: 1 },
  }));
  for (let from = 0; from < revocations; from += 250) {
    clock = from < early ? T0 : T0 + 10 * HOUR;
    await writer.commit({ actor: 'test' }, () => ({
      target: 'SESSION_REVOCATION',
      revocations: Array.from({ length: Math.min(250, revocations - from) }, (_, i) => ({
        organizationId: 'org-00',
        target: { kind: 'SESSION' as const, sessionId: `sess-${String(from + i).padStart(6, '0')}` },
        reason: 'LOGOUT' as const,
        actor: 'test',
      })),
    }));
  }
  await writer.stop();
}

/** Runs the dying writer as its own process; resolves once the OS reports it killed by SIGKILL. */
async function killedWriter(database: string, clockMs: number, killAfter: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/contract/support/snapshot-writer.ts', store.uri, database, String(clockMs), String(killAfter)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, sig) => done(sig)));
  if (signal !== 'SIGKILL') throw new Error(`the snapshot writer was not killed (${String(signal)}): ${stderr}`);
}

it('when two snapshot writers are killed (kill -9) in a row and the restart rewrites that revision after 3 000 revocations expired, then a fresh instance equals the log replay', async () => {
  const database = uniqueDatabase('snapshot-kill');
  const opened = await open(database);
  try {
    await seed(opened.store, 7000, 3000);
    // Both writers see all 7 000 revocations live, and die after handing out 6 000 and 5 500 of them:
    // revocation chunks 0 (and more, for the organizations and rules) are written, the rest never.
    await killedWriter(database, T0 + 11 * HOUR, 6000);
    await killedWriter(database, T0 + 11 * HOUR, 5500);
    expect(await opened.store.listSnapshots()).toEqual([]);

    // The restart, a day later: the first 3 000 have expired, so its chunk boundaries differ.
    const later = T0 + EXPIRY + 2 * HOUR;
    const restarted = replicaOf(opened.store, later, { snapshotEveryChanges: 1 });
    await restarted.start();
    await restarted.stop();
    expect([...restarted.revocations.all()]).toHaveLength(4000);
    const published = await opened.store.listSnapshots();
    expect(published).toHaveLength(1);
    expect(published[0]?.revision).toBe(restarted.revision);

    const fresh = await freshInstance(opened.store, later);
    const truth = await logReplay(opened.store, later);
    expect(fresh.rejected).toEqual([]);
    expect([...fresh.replica.revocations.all()]).toHaveLength(4000);
    expect(stateOf(fresh.replica)).toEqual(stateOf(truth));
    // Every live revocation still revokes its session (started before it, at T0 + 10 h) on the fresh instance.
    for (let i = 3000; i < 7000; i += 97) {
      expect(fresh.replica.revocationCovering({ organizationIds: ['org-00'], sessionId: `sess-${String(i).padStart(6, '0')}`, sessionStartMs: T0 + 9 * HOUR })).toBeDefined();
    }
    // The killed writers' leftovers are dropped once a newer snapshot is published.
    const collections = (await opened.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith('snapshot_'));
    expect(collections).toEqual([published[0]?.id]);
  } finally {
    await opened.close();
  }
});

describe('a damaged snapshot', () => {
  const CLOCK = T0 + 11 * HOUR;
  let database: string;
  let opened: Opened;
  let truth: unknown;

  /** A new store with a valid snapshot at the log's head; answers the snapshot collection. */
  async function withSnapshot(label: string): Promise<string> {
    database = uniqueDatabase(label);
    opened = await open(database);
    await seed(opened.store, 6000, 0);
    const writer = replicaOf(opened.store, CLOCK, { snapshotEveryChanges: 1 });
    await writer.start();
    await writer.stop();
    truth = stateOf(await logReplay(opened.store, CLOCK));
    expect(stateOf(writer)).toEqual(truth);
    const [snapshot] = await opened.store.listSnapshots();
    expect((await newestSnapshot(opened.store))?.revision).toBe(writer.revision);
    return snapshot?.id as string;
  }

  afterEach(async () => {
    await opened?.close();
  });

  type Damage = (db: Db, collection: string) => Promise<unknown>;
  const chunk = async (db: Db, collection: string, id: string): Promise<Record<string, string>> =>
    (await db.collection<{ _id: string }>(collection).findOne({ _id: id })) as unknown as Record<string, string>;
  const set = (db: Db, collection: string, id: string, fields: Record<string, unknown>) => db.collection<{ _id: string }>(collection).updateOne({ _id: id }, { $set: fields });

  const damages: [string, Damage][] = [
    ['a looser organization policy edited into a chunk (600 → 525 600 minutes)', async (db, c) => {
      const doc = await chunk(db, c, 'organizations-000000');
      await set(db, c, 'organizations-000000', { organizations: (doc['organizations'] as string).replace('"org-03",1,600', '"org-03",1,525600') });
    }],
    ['a changed application policy in the header', async (db, c) => {
      await set(db, c, 'header', { 'application.policy.absoluteMinutes': 525_600 });
    }],
    ['a removed revocation', async (db, c) => {
      const doc = await chunk(db, c, 'revocations-000000');
      const tuples = JSON.parse(doc['revocations'] as string) as unknown[];
      await set(db, c, 'revocations-000000', { revocations: JSON.stringify(tuples.slice(1)) });
    }],
    ['a chunk replaced by another valid one', async (db, c) => {
      const other = await chunk(db, c, 'revocations-000001');
      await set(db, c, 'revocations-000000', { revocations: other['revocations'] });
    }],
    ['a removed chunk', (db, c) => db.collection<{ _id: string }>(c).deleteOne({ _id: 'revocations-000001' })],
    ['a truncated chunk', async (db, c) => {
      const doc = await chunk(db, c, 'organizations-000000');
      await set(db, c, 'organizations-000000', { organizations: (doc['organizations'] as string).slice(0, 100) });
    }],
    ['a garbage chunk', (db, c) => set(db, c, 'revocations-000000', { revocations: 42, organizations: '\u0000not json' })],
    ['an extra chunk', (db, c) => db.collection<{ _id: string; revocations: string }>(c).insertOne({ _id: 'revocations-000009', revocations: '[]' })],
    ['a header naming another revision', (db, c) => set(db, c, 'header', { revision: 3 })],
  ];

  it.each(damages)('when it holds %s, then it is rejected and reported, and a fresh instance equals the log replay', async (label, damage) => {
    const collection = await withSnapshot(`damage-${label.slice(0, 12)}`);
    await damage(opened.db, collection);
    const fresh = await freshInstance(opened.store, CLOCK);
    expect(fresh.rejected.map((c) => c.id)).toEqual([collection]);
    expect(stateOf(fresh.replica)).toEqual(truth);
    // And it wrote a verified snapshot of its own, so the next instance need not replay the log.
    const next = await freshInstance(opened.store, CLOCK);
    expect(next.rejected).toEqual([]);
    expect(stateOf(next.replica)).toEqual(truth);
  });

  it('when the newest of two snapshots is damaged, then the one before it is loaded (and the changes after it replayed)', async () => {
    await withSnapshot('damage-fallback');
    // A second snapshot two changes later.
    const writer = replicaOf(opened.store, CLOCK, { snapshotEveryChanges: 1 });
    await writer.start();
    for (const name of ['late-1', 'late-2']) {
      await writer.commit({ actor: 'test' }, () => ({
        target: 'ORGANIZATION_POLICY',
        organization: { organizationId: name, policy: { source: 'CUSTOM', absoluteMinutes: 300, idleEnabled: false }, features: { session_policy: true }, recordRevision: 1, policyVersion: 1, settingsVersion: 0 },
      }));
    }
    await writer.stop();
    const [newest, previous] = await opened.store.listSnapshots();
    expect(newest?.revision).toBeGreaterThan(previous?.revision ?? Infinity);
    truth = stateOf(await logReplay(opened.store, CLOCK));
    await set(opened.db, newest?.id as string, 'organizations-000000', { organizations: '[]' });

    const seen: string[] = [];
    const loads: PolicyStore = Object.assign(Object.create(opened.store) as PolicyStore, {
      listSnapshots: async () =>
        (await opened.store.listSnapshots()).map((c) => ({ ...c, load: () => (seen.push(c.id), c.load()) })),
    });
    const fresh = await freshInstance(loads, CLOCK);
    expect(fresh.rejected.map((c) => c.id)).toEqual([newest?.id]);
    expect(seen).toEqual([newest?.id, previous?.id]);
    expect(stateOf(fresh.replica)).toEqual(truth);
  });
});
