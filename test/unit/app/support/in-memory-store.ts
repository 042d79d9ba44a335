// The store port in memory, for app-layer tests: the same contract as MongoPolicyStore (append decided
// by the slot alone, dense reads that stop at the first gap), plus switches to make the store fail.
import { randomBytes } from 'node:crypto';
import { storeUnavailable } from '../../../../src/app/errors';
import type { AppendOutcome, LogHead, PolicyChangeRecord, PolicyStore, SnapshotCandidate, StateSnapshot } from '../../../../src/app/policy-store';

export class InMemoryStore implements PolicyStore {
  readonly log = new Map<number, PolicyChangeRecord>();
  snapshot: StateSnapshot | undefined;
  head = 0;
  /** Every call fails with UNAVAILABLE while set (the store is down). */
  down = false;
  /** The next append lands in the log but the caller is told the store failed (outcome unknown). */
  failAfterNextAppend = false;
  private readonly secrets = new Map<string, Buffer>();

  append(change: PolicyChangeRecord): Promise<AppendOutcome> {
    this.check(true);
    const there = this.log.get(change.revision);
    if (there) return Promise.resolve(there.commitId === change.commitId ? 'committed' : 'taken');
    this.log.set(change.revision, change);
    if (this.failAfterNextAppend) {
      this.failAfterNextAppend = false;
      return Promise.reject(storeUnavailable(new Error('connection reset after the insert')));
    }
    return Promise.resolve('committed');
  }

  readChange(revision: number): Promise<PolicyChangeRecord | undefined> {
    this.check();
    return Promise.resolve(this.log.get(revision));
  }

  readChanges(fromRevision: number, throughRevision: number): Promise<PolicyChangeRecord[]> {
    this.check();
    const out: PolicyChangeRecord[] = [];
    for (let r = fromRevision; r <= Math.max(fromRevision, throughRevision); r++) {
      const change = this.log.get(r);
      if (!change) break;
      out.push(change);
    }
    return Promise.resolve(out);
  }

  /** Read units of 1024 revisions, as MongoPolicyStore's log segments. */
  readUnitOf(revision: number): number {
    return Math.floor((revision - 1) / 1024);
  }

  readChangesAt(revisions: readonly number[]): Promise<PolicyChangeRecord[]> {
    this.check();
    return Promise.resolve([...new Set(revisions)].sort((a, b) => a - b).flatMap((r) => this.log.get(r) ?? []));
  }

  readHistory(organizationId: string, throughRevision: number, limit: number): Promise<PolicyChangeRecord[]> {
    this.check();
    const out: PolicyChangeRecord[] = [];
    const first = this.readUnitOf(throughRevision) * 1024 + 1;
    for (let r = throughRevision; r >= first && out.length < limit; r--) {
      const change = this.log.get(r);
      if (change && change.organizationId === organizationId && change.target !== 'SESSION_REVOCATION') out.push(change);
    }
    return Promise.resolve(out);
  }

  readHead(): Promise<LogHead> {
    this.check();
    return Promise.resolve({ revisionHint: this.head });
  }

  advanceHeadHint(revision: number): Promise<void> {
    this.check();
    this.head = Math.max(this.head, revision);
    return Promise.resolve();
  }

  listSnapshots(): Promise<readonly SnapshotCandidate[]> {
    this.check();
    const snapshot = this.snapshot;
    return Promise.resolve(snapshot ? [{ id: `memory-${snapshot.revision}`, revision: snapshot.revision, required: false, load: () => Promise.resolve(snapshot) }] : []);
  }

  writeSnapshot(snapshot: StateSnapshot): Promise<void> {
    this.check();
    this.snapshot = { ...snapshot, organizations: [...snapshot.organizations] };
    return Promise.resolve();
  }

  deploymentSecret(name: string): Promise<Buffer> {
    let secret = this.secrets.get(name);
    if (!secret) this.secrets.set(name, (secret = randomBytes(32)));
    return Promise.resolve(secret);
  }

  private check(notApplied = false): void {
    if (this.down) throw storeUnavailable(new Error('store down'), notApplied);
  }
}
