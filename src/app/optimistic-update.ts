// Compare-and-set loop shared by every write (AIP-154): read, decide, commit if nothing changed since.
// With an etag the caller asked "only if unchanged", so losing a race is ABORTED; without one the
// decision is simply taken again on the newer state.
import { ErrorReason, PolicyError } from './errors';
import type { CommitResult } from './policy-store';

const ATTEMPTS = 5;

export async function updateOptimistically<S>(options: {
  readonly etag: string;
  readonly read: () => Promise<S>;
  /** Throws for invalid requests and failed preconditions (including a stale etag) on this state. */
  readonly commit: (state: S) => Promise<CommitResult>;
  readonly what: string;
}): Promise<Extract<CommitResult, { committed: true }>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const result = await options.commit(await options.read());
    if (result.committed) return result;
    if (options.etag !== '') break;
  }
  throw new PolicyError('ABORTED', options.etag !== '' ? ErrorReason.ETAG_MISMATCH : ErrorReason.CONCURRENT_UPDATE, `${options.what} was changed concurrently; read it again and retry`, {
    metadata: options.etag !== '' ? { etag: options.etag } : {},
  });
}

export function etagMismatch(what: string, etag: string, current: string): PolicyError {
  return new PolicyError('ABORTED', ErrorReason.ETAG_MISMATCH, `${what} has changed since etag ${etag} was read`, {
    metadata: { etag, currentEtag: current },
  });
}
