// A snapshot writer that dies: loads the state from the store as an instance does, starts writing a
// snapshot of it, and sends itself SIGKILL (nothing is flushed, closed or cleaned up) after the
// snapshot's revocations iterator has handed out `KILL_AFTER` of them.
// Run: node --import tsx snapshot-writer.ts <mongodb uri> <database> <clock ms> <kill after>
import { DEFAULT_APPLICATION_POLICY } from '../../../src/app/application-defaults';
import type { PolicyStore, StateSnapshot } from '../../../src/app/policy-store';
import { Replica } from '../../../src/app/replica';
import { MongoPolicyStore } from '../../../src/storage/mongo-policy-store';

const [uri, database, clockMs, killAfter] = process.argv.slice(2);

function dying<T>(items: Iterable<T>, after: number): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      let handed = 0;
      for (const item of items) {
        if (handed++ === after) process.kill(process.pid, 'SIGKILL');
        yield item;
      }
    },
  };
}

async function main(): Promise<void> {
  const { store } = await MongoPolicyStore.connect(uri as string, database as string);
  const killing: PolicyStore = Object.assign(Object.create(store) as PolicyStore, {
    writeSnapshot: (snapshot: StateSnapshot) => store.writeSnapshot({ ...snapshot, revocations: dying(snapshot.revocations ?? [], Number(killAfter)) }),
  });
  // snapshotEveryChanges 1: a log tail of two or more entries makes the replica write a snapshot as it starts.
  const replica = new Replica(killing, {
    applicationDefaults: DEFAULT_APPLICATION_POLICY,
    pollIntervalMs: 60_000,
    staleAfterMs: 60_000,
    maxStaleMs: 600_000,
    snapshotEveryChanges: 1,
    requestIdRetentionMs: 86_400_000,
    retainedChanges: 1000,
    now: () => Number(clockMs),
    onSnapshotError: (error) => process.stderr.write(`snapshot error: ${String(error)}\n`),
  });
  await replica.start();
  await replica.stop();
  process.stderr.write('snapshot written completely: the kill point was never reached\n');
  process.exit(3);
}

void main();
