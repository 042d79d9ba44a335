// Seeding, the way each store really holds its data.
// - The service: a snapshot written with MongoPolicyStore.writeSnapshot (organizations generated on
//   the fly, chunked into JSON strings by the store itself), exactly what an instance writes every
//   SNAPSHOT_EVERY_CHANGES revisions; the change log after it is written by the running servers.
// - The store-read baseline: one document per organization in its own collection, what a team without
//   the service would keep and read on every call.
import { MongoClient } from 'mongodb';
import type { StoredApplicationPolicy, StoredOrganization } from '../src/app/policy-store';
import { MongoPolicyStore } from '../src/storage/mongo-policy-store';
import { log } from './processes';

/** The application policy every bench store holds: a day, idle 2 hours, 15-minute tokens. */
export const BENCH_APPLICATION: StoredApplicationPolicy = {
  policy: { absoluteMinutes: 1440, idleEnabled: true, idleMinutes: 120, accessTokenMinutes: 15 },
  version: 1,
  lastChangeRevision: 0,
};

/** Organization `org-i`: CUSTOM, tighter than the application, feature on. */
export function benchOrganization(i: number): StoredOrganization {
  const idle = i % 2 === 0;
  return {
    organizationId: `org-${i}`,
    policy: idle
      ? { source: 'CUSTOM', absoluteMinutes: 240 + (i % 600), idleEnabled: true, idleMinutes: 30 + (i % 60) }
      : { source: 'CUSTOM', absoluteMinutes: 240 + (i % 600), idleEnabled: false },
    features: { session_policy: true },
    recordRevision: 1,
    policyVersion: 1,
    settingsVersion: 1,
    lastChangeRevision: 0,
  };
}

function* organizations(count: number): Generator<StoredOrganization> {
  for (let i = 0; i < count; i++) yield benchOrganization(i);
}

/** Writes the snapshot at revision 0 that the service loads at start. Returns milliseconds taken. */
export async function seedSnapshot(uri: string, database: string, count: number): Promise<number> {
  const started = performance.now();
  const { store, client } = await MongoPolicyStore.connect(uri, database, { socketTimeoutMS: 120_000 });
  try {
    await store.writeSnapshot({ revision: 0, application: BENCH_APPLICATION, organizations: organizations(count), ruleSets: [], recentRequests: [] });
  } finally {
    await client.close();
  }
  const ms = Math.round(performance.now() - started);
  log(`snapshot of ${count} organizations written to ${database} in ${ms} ms`);
  return ms;
}

export const STORE_READ_COLLECTION = 'organization_policies';

/** One document per organization for the store-read baseline. Returns milliseconds taken. */
export async function seedPerOrganization(uri: string, database: string, count: number): Promise<number> {
  const started = performance.now();
  const client = await MongoClient.connect(uri, { socketTimeoutMS: 600_000 });
  try {
    const collection = client.db(database).collection<{ _id: string }>(STORE_READ_COLLECTION);
    const batch = 5000;
    for (let from = 0; from < count; from += batch) {
      const docs = [];
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const o = benchOrganization(i);
        const p = o.policy.source === 'CUSTOM' ? o.policy : undefined;
        docs.push({ _id: o.organizationId, absoluteMinutes: p?.absoluteMinutes ?? 0, idleEnabled: p?.idleEnabled ?? false, idleMinutes: p?.idleMinutes ?? 0, enabled: true });
      }
      await collection.insertMany(docs, { ordered: false });
      if ((from / batch) % 40 === 39) log(`store-read seed: ${from + docs.length}/${count} documents`);
    }
  } finally {
    await client.close();
  }
  const ms = Math.round(performance.now() - started);
  log(`${count} per-organization documents written to ${database} in ${ms} ms`);
  return ms;
}
