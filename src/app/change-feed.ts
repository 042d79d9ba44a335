// Follows the store's change log (the only cross-instance signal, as FerretDB has no change streams):
// applies every change to the cache in revision order and hands it to watchers.
import type { PolicyCache } from './policy-cache';
import type { PolicyChangeRecord, PolicyStore } from './policy-store';

export interface ChangeFeedOptions {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  /** Called once when polling starts failing and once when it recovers. */
  readonly onOutage?: (error: unknown) => void;
  readonly onRecovery?: () => void;
}

export type ChangeListener = (change: PolicyChangeRecord) => void;

/** How far back a starting instance re-reads the log, to catch writers that were mid-commit. */
const START_OVERLAP = 100;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly store: PolicyStore,
    private readonly cache: PolicyCache,
    private readonly options: ChangeFeedOptions,
  ) {}

  /** Positions the cache at the head of the log and starts following it. */
  async start(): Promise<void> {
    const latest = await this.store.latestRevision();
    await this.cache.start(Math.max(0, latest - START_OVERLAP));
    await this.pollNow();
    this.schedule();
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get healthy(): boolean {
    return !this.failing;
  }

  /** Reads every change recorded so far now, without waiting for the next poll (tests use it). */
  pollNow(): Promise<void> {
    this.running ??= this.poll().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.pollNow().finally(() => this.schedule());
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      for (;;) {
        const changes = await this.store.changesAfter(this.cache.revision, this.options.batchSize);
        for (const change of changes) {
          this.cache.apply(change);
          this.cache.advanceTo(change.revision);
          for (const listener of this.listeners) listener(change);
        }
        if (changes.length < this.options.batchSize) break;
      }
      this.cache.confirm();
      if (this.failing) {
        this.failing = false;
        this.options.onRecovery?.();
      }
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.options.onOutage?.(error);
      }
    }
  }
}
