// Per-principal limit on concurrent WatchEffectivePolicies streams: one token must not hold
// thousands of streams (and their memory) open.
import { ErrorReason, PolicyError } from '../app/errors';
import type { Caller } from '../app/caller';

export class WatchStreams {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerPrincipal: number) {}

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
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.open.get(principal) ?? 1) - 1;
      if (now <= 0) this.open.delete(principal);
      else this.open.set(principal, now);
    };
  }
}
