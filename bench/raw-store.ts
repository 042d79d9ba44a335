// What the store itself allows for a commit, measured next to the service: sequential insertOne of a
// change-sized document into a fresh collection (a log segment), and updateOne of one small document
// (the head hint), each on FerretDB with the service's write concern.
import { MongoClient } from 'mongodb';
import { log } from './processes';

export interface RawStore {
  readonly insertMs: number;
  readonly updateMs: number;
  readonly findOneMs: number;
  readonly operations: number;
}

export async function measureRawStore(uri: string, database: string, operations = 300): Promise<RawStore> {
  const client = await MongoClient.connect(uri, { writeConcern: { w: 'majority', journal: true } });
  try {
    const db = client.db(database);
    const segment = db.collection<{ _id: string; revision: number }>('bench_raw_segment');
    const head = db.collection<{ _id: string; revision: number }>('bench_raw_head');
    await head.insertOne({ _id: 'head', revision: 0 });
    const body = { actor: 'service:bench', target: 'ORGANIZATION_POLICY', organization: { after: { organizationId: 'org-1', policy: { source: 'CUSTOM', absoluteMinutes: 300, idleEnabled: false } } } };
    let t = performance.now();
    for (let i = 1; i <= operations; i++) await segment.insertOne({ _id: `r${String(i).padStart(15, '0')}`, revision: i, ...body });
    const insertMs = (performance.now() - t) / operations;
    t = performance.now();
    for (let i = 1; i <= operations; i++) await head.updateOne({ _id: 'head', revision: { $lt: i } }, { $set: { revision: i } });
    const updateMs = (performance.now() - t) / operations;
    t = performance.now();
    for (let i = 1; i <= operations; i++) await segment.findOne({ _id: `r${String(i).padStart(15, '0')}` });
    const findOneMs = (performance.now() - t) / operations;
    await segment.drop();
    await head.drop();
    log(`raw store: insertOne ${insertMs.toFixed(2)} ms, updateOne ${updateMs.toFixed(2)} ms, findOne in ${operations} docs ${findOneMs.toFixed(2)} ms`);
    return { insertMs, updateMs, findOneMs, operations };
  } finally {
    await client.close();
  }
}
