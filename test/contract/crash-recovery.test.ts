// A writer that dies mid-change never leaves a state without its audit record: its write intent is
// carried through by the next reader, and a revision it took but never recorded is skipped, not waited on.
import type { Collection } from 'mongodb';
import { MongoClient } from 'mongodb';
import { DEFAULT_APPLICATION_POLICY } from '../../src/app/application-defaults';
import { unwrittenOrganization } from '../../src/app/policy-store';
import { MongoPolicyStore } from '../../src/storage/mongo-policy-store';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

let store: TestStore;
const clients: MongoClient[] = [];

beforeAll(async () => {
  store = await startTestStore();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await store?.close();
});

async function openStore(database: string): Promise<MongoPolicyStore> {
  const { store: opened, client } = await MongoPolicyStore.connect(store.uri, database, { applicationDefaults: DEFAULT_APPLICATION_POLICY, revisionGapGraceMs: 300 });
  clients.push(client);
  return opened;
}

const custom = (organizationId: string, absoluteMinutes: number) => ({
  ...unwrittenOrganization(organizationId),
  policy: { source: 'CUSTOM' as const, absoluteMinutes, idleEnabled: false },
  features: { session_policy: true },
  policyVersion: 1,
});

it('when the writer dies after its write intent and before logging, then the next reader completes the change with its record', async () => {
  const database = uniqueDatabase('crash');
  const dying = await openStore(database);
  // The process "dies" at step 2: the change-log insert never happens.
  const internals = dying as unknown as { changes: Collection };
  internals.changes = new Proxy(internals.changes, {
    get(target, property, receiver) {
      if (property === 'insertOne') return () => Promise.reject(new Error('process died'));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  await expect(dying.commitOrganization(0, custom('org-crash', 321), 'ORGANIZATION_POLICY', 'service:dying')).rejects.toThrow('process died');

  const survivor = await openStore(database);
  const org = await survivor.getOrganization('org-crash');
  expect(org.policy).toEqual({ source: 'CUSTOM', absoluteMinutes: 321, idleEnabled: false });
  expect(org.recordRevision).toBe(1);
  const history = await survivor.listChanges({ organizationId: 'org-crash', limit: 10 });
  expect(history.changes).toHaveLength(1);
  expect(history.changes[0]).toMatchObject({ actor: 'service:dying', target: 'ORGANIZATION_POLICY', organization: { after: { policy: { absoluteMinutes: 321 } } } });
  expect(await survivor.changesAfter(0, 10)).toHaveLength(1);
});

it('when a writer dies holding a revision it never recorded, then followers skip it after the grace period and deliver later changes', async () => {
  const database = uniqueDatabase('gap');
  const writer = await openStore(database);
  const follower = await openStore(database);
  // A revision taken and never used, as by a process killed right after allocating it.
  const client = await MongoClient.connect(store.uri);
  clients.push(client);
  await client.db(database).collection<{ _id: string; value: number }>('counters').updateOne({ _id: 'revision' }, { $inc: { value: 1 } });
  const committed = await writer.commitOrganization(0, custom('org-after-gap', 200), 'ORGANIZATION_POLICY', 'service:writer');
  expect(committed.committed).toBe(true);

  expect(await follower.changesAfter(0, 10)).toEqual([]); // held back: revision 1 might still arrive
  await new Promise((r) => setTimeout(r, 400));
  await follower.changesAfter(0, 10); // grace over: revision 1 is marked skipped
  const delivered = await follower.changesAfter(0, 10);
  expect(delivered.map((c) => c.revision)).toEqual([2]);
  expect(delivered[0]?.organizationId).toBe('org-after-gap');
});

it('when two writers race for the same version, then the loser gives its revision up at once and nothing is held back', async () => {
  const database = uniqueDatabase('race');
  const a = await openStore(database);
  const b = await openStore(database);
  const results = await Promise.all([
    a.commitOrganization(0, custom('org-race', 300), 'ORGANIZATION_POLICY', 'service:a'),
    b.commitOrganization(0, custom('org-race', 400), 'ORGANIZATION_POLICY', 'service:b'),
  ]);
  expect(results.filter((r) => r.committed)).toHaveLength(1);
  const follower = await openStore(database);
  // No grace period needed: the loser's revision is already marked skipped.
  expect(await follower.changesAfter(0, 10)).toHaveLength(1);
  expect((await follower.listChanges({ organizationId: 'org-race', limit: 10 })).changes).toHaveLength(1);
});

it('when many writers on two instances race, then each record version has one winner and every revision is distinct and delivered in order', async () => {
  const database = uniqueDatabase('storm');
  const a = await openStore(database);
  const b = await openStore(database);
  // 8 writers for the same version of one record, and 12 writers of 12 different records.
  const same = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).commitOrganization(0, custom('org-contended', 300 + i), 'ORGANIZATION_POLICY', `service:${i}`)));
  expect(same.filter((r) => r.committed)).toHaveLength(1);
  const distinct = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).commitOrganization(0, custom(`org-${i}`, 300 + i), 'ORGANIZATION_POLICY', `service:${i}`)));
  expect(distinct.every((r) => r.committed)).toBe(true);
  const revisions = distinct.flatMap((r) => (r.committed ? [r.change.revision] : []));
  expect(new Set(revisions).size).toBe(12);

  const follower = await openStore(database);
  const delivered = await follower.changesAfter(0, 100);
  expect(delivered).toHaveLength(13);
  expect(delivered.map((c) => c.revision)).toEqual([...delivered.map((c) => c.revision)].sort((x, y) => x - y));
  expect((await follower.getOrganization('org-contended')).recordRevision).toBe(1);
});
