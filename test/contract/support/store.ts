// The MongoDB-wire store the contract tests run against: MONGODB_URI when given (e.g. a real
// mongod), else a FerretDB from .tools started on a free port with its own temporary data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from '../../../src/storage/embedded-ferretdb';
import type { PolicyStore, StateSnapshot } from '../../../src/app/policy-store';

export const FERRETDB_BIN = resolve(__dirname, '../../../.tools/bin/ferretdb');

export interface TestStore {
  readonly uri: string;
  /** The FerretDB process, when this test owns one (absent with an external MONGODB_URI). */
  readonly ferret: EmbeddedFerretDb | undefined;
  close(): Promise<void>;
}

export async function startTestStore(options: { forceOwnFerretDb?: boolean } = {}): Promise<TestStore> {
  const external = process.env['MONGODB_URI'];
  if (external && !options.forceOwnFerretDb) return { uri: external, ferret: undefined, close: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'spol-ferret-'));
  const ferret = await startEmbeddedFerretDb({ binary: FERRETDB_BIN, dataDir });
  return {
    uri: ferret.uri,
    ferret,
    async close() {
      await ferret.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A database name no other test (or earlier run against the same server) uses. */
export function uniqueDatabase(label: string): string {
  counter += 1;
  return `spt_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** The newest snapshot of `store` that verifies (what an instance starting now would load), if any. */
export async function newestSnapshot(store: PolicyStore): Promise<StateSnapshot | undefined> {
  for (const candidate of await store.listSnapshots()) {
    const loaded = await candidate.load().catch(() => undefined);
    if (loaded) return loaded;
  }
  return undefined;
}
