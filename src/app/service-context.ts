// What every use case is given: the replica (the hot path's only source), the store port (history
// listing only), the request limits, and the few objects a use case keeps between calls, built once
// per service in service.ts.
import type { AuditLog } from './audit';
import type { PolicyStore } from './policy-store';
import type { RateLimiter } from './rate-limiter';
import type { Replica } from './replica';
import type { RevocationCommits } from './revocation-commits';
import type { WidgetTokens } from './widget-tokens';

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
}

/** RevokeSessions calls per principal, counted on this instance. */
export interface RevokeRates {
  /** One organization admin (a person with a script). */
  readonly organizationAdmin: RateLimiter;
  /** One service token (or the anonymous dev caller) in organizations: a backend carrying every tenant's logouts. */
  readonly serviceToken: RateLimiter;
}

export interface ServiceContext {
  readonly replica: Replica;
  readonly store: PolicyStore;
  readonly limits: RequestLimits;
  readonly now: () => number;
  /** Signs page tokens, so a forged or edited one is refused at once (shared by every instance). */
  readonly pageTokenKey: Buffer;
  /** RevokeSessions' group commit (one log entry for the revocations that arrive together). */
  readonly revocationCommits: RevocationCommits;
  readonly revokeRates: RevokeRates;
  readonly audit: AuditLog;
  /** Mints and verifies widget tokens; undefined when the deployment has no WIDGET_TOKEN_SECRET. */
  readonly widgetTokens: WidgetTokens | undefined;
}
