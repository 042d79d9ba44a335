// What every use case is given: the replica (the hot path's only source), the store port (history
// listing only), and the request limits.
import type { PolicyStore } from './policy-store';
import type { Replica } from './replica';

export interface RequestLimits {
  readonly organizationIdPattern: RegExp;
  /** Most organization ids in one Resolve/Evaluate/Watch call. */
  readonly maxOrganizationIds: number;
  /** How far in the future (after the evaluation time) a session instant may be. */
  readonly maxClockSkewMs: number;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Most changes a Watch buffers for a watcher that does not read before ending its stream. */
  readonly maxWatchBacklog: number;
  /** Kept session-id revocations one organization (or the global scope) may hold, and as many subject ones. */
  readonly maxRevocationsPerOrganization: number;
  /** RevokeSessions calls per second one organization admin may make on one instance. */
  readonly revokeRatePerPrincipal: number;
  /** The same for one service token (or the anonymous dev caller) in organizations; its global revocations are not limited. */
  readonly revokeRatePerServiceToken: number;
}

export interface ServiceContext {
  readonly replica: Replica;
  readonly store: PolicyStore;
  readonly limits: RequestLimits;
  readonly now: () => number;
  /** Signs page tokens, so a forged or edited one is refused at once (shared by every instance). */
  readonly pageTokenKey: Buffer;
}
