// Store-wide write serialization. FerretDB (SQLite backend) does not apply updates atomically: under
// concurrency `$inc` hands out duplicate values and a conditional update can have several winners.
// Inserting a document with a fixed `_id` is atomic everywhere, so the lock is a lease document that
// writers insert and delete. Writes are admin operations (rare), so one writer at a time is cheap;
// reads never take the lock unless they find a change left half done.
import { randomUUID } from 'node:crypto';
import { MongoServerError, type Collection } from 'mongodb';
import { ErrorReason, PolicyError } from '../app/errors';

interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export interface WriteLockOptions {
  /** A holder that died is presumed gone after this long. Longer than any write takes. */
  readonly leaseMs: number;
  /** Give up (UNAVAILABLE) after waiting this long. */
  readonly waitMs: number;
}

const LOCK_ID = 'policy-writes';

export class WriteLock {
  /** Callers in this process queue here first, so they do not compete through the store. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly locks: Collection<LockDocument>,
    private readonly options: WriteLockOptions,
  ) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(() => this.holding(work));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async holding<T>(work: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    await this.acquire(owner);
    try {
      return await work();
    } finally {
      await this.locks.deleteOne({ _id: LOCK_ID, owner }).catch(() => undefined);
    }
  }

  private async acquire(owner: string): Promise<void> {
    const giveUpAt = Date.now() + this.options.waitMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        await this.locks.insertOne({ _id: LOCK_ID, owner, expiresAt: new Date(Date.now() + this.options.leaseMs) });
        return;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      }
      const held = await this.locks.findOne({ _id: LOCK_ID });
      if (held && held.expiresAt.getTime() < Date.now()) {
        // The holder died mid-write: its lease is over; its half-done change is finished by whoever writes next.
        await this.locks.deleteOne({ _id: LOCK_ID, owner: held.owner });
        continue;
      }
      if (Date.now() > giveUpAt) {
        throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store is busy with other writes; retry', {
          metadata: { waitedMs: String(this.options.waitMs) },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, pause + Math.random() * pause));
    }
  }
}
