// The newest changes kept in memory, so a Watch resume (and a request-id retry, a history page)
// is answered without reading the log. Bounded by weight: a change of k revocations counts k, since
// group commits carry up to 256 each.
import type { PolicyChangeRecord } from '../policy-store';

/** A change's share of the memory: one, or its number of revocations. */
const weightOf = (change: PolicyChangeRecord): number => Math.max(1, change.revocations?.length ?? 0);

export class RetainedChanges {
  private readonly changes: PolicyChangeRecord[] = [];
  private weight = 0;

  constructor(private readonly limit: number) {}

  /** Keeps the change just applied (the newest), dropping the oldest ones past the limit. */
  push(change: PolicyChangeRecord): void {
    this.changes.push(change);
    this.weight += weightOf(change);
    if (this.weight > this.limit) this.dropOldest();
  }

  /** Changes after `revision` (the newest applied being `applied`), or undefined when some are no longer held. */
  since(revision: number, applied: number): PolicyChangeRecord[] | undefined {
    if (revision >= applied) return [];
    const first = this.changes[0];
    if (!first || first.revision > revision + 1) return undefined;
    return this.changes.slice(revision + 1 - first.revision);
  }

  /** The entry at `revision` if it is still held. */
  at(revision: number, applied: number): PolicyChangeRecord | undefined {
    const first = this.changes[0];
    if (!first || revision < first.revision || revision > applied) return undefined;
    return this.changes[revision - first.revision];
  }

  /** Drops the oldest down to 90% of the limit, so the splice is paid once per many changes. */
  private dropOldest(): void {
    let drop = 0;
    while (drop < this.changes.length - 1 && this.weight > this.limit * 0.9) {
      this.weight -= weightOf(this.changes[drop] as PolicyChangeRecord);
      drop += 1;
    }
    this.changes.splice(0, drop);
  }
}
