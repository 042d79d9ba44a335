// The embedded store works as a MongoDB: FerretDB from .tools on a free port, driver round trip, clean stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { isListening, startEmbeddedFerretDb } from '../../src/storage/embedded-ferretdb';
import { FERRETDB_BIN } from './support/store';

it('when FerretDB is started from the tools dir, then the mongodb driver writes and reads a document, and it stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-smoke-'));
  const ferret = await startEmbeddedFerretDb({ binary: FERRETDB_BIN, dataDir });
  try {
    expect(ferret.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const client = await MongoClient.connect(ferret.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      const collection = client.db('smoke').collection<{ _id: string; absoluteMinutes: number }>('policies');
      await collection.insertOne({ _id: 'org-smoke', absoluteMinutes: 480 });
      expect(await collection.findOne({ _id: 'org-smoke' })).toEqual({ _id: 'org-smoke', absoluteMinutes: 480 });
    } finally {
      await client.close();
    }
  } finally {
    await ferret.stop();
  }
  expect(await isListening(ferret.port)).toBe(false);
  rmSync(dataDir, { recursive: true, force: true });
});
