// Bounds on WatchEffectivePolicies: streams per principal (one token must not hold thousands of
// streams open) and the unsent bytes of all streams together.
import { ErrorReason, PolicyError } from '../app/errors';
import type { Caller } from '../app/caller';

export class WatchStreams {
  private readonly open = new Map<string, number>();

  private total = 0;

  constructor(private readonly maxPerPrincipal: number) {}

  /** Watch streams open now, every principal's together. */
  get openStreams(): number {
    return this.total;
  }

  /** Takes a slot for the caller or throws RESOURCE_EXHAUSTED; returns what gives the slot back (once). */
  admit(caller: Caller): () => void {
    const principal = caller.actor;
    const held = this.open.get(principal) ?? 0;
    if (held >= this.maxPerPrincipal) {
      throw new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.WATCH_LIMIT_REACHED, `at most ${this.maxPerPrincipal} Watch streams per principal are open at once; close one first`, {
        metadata: { maxStreams: String(this.maxPerPrincipal), open: String(held) },
      });
    }
    this.open.set(principal, held + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const now = (this.open.get(principal) ?? 1) - 1;
      if (now <= 0) this.open.delete(principal);
      else this.open.set(principal, now);
    };
  }
}

/**
 * The bytes every Watch stream together has written and not yet sent: a global bound, so thousands
 * of streams whose clients read slowly (within their own budget each) cannot fill the process.
 */
export class WatchMemory {
  private used = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` if they fit (always, when nothing is held: one part must be able to go). */
  take(bytes: number): boolean {
    if (this.used > 0 && this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  /** Resolves true when some stream gave bytes back, false after `ms` or on abort. */
  released(signal: AbortSignal, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (result: boolean): void => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const wake = (): void => done(true);
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(false), ms);
      this.waiting.add(wake);
      signal.addEventListener('abort', onAbort);
    });
  }
}
