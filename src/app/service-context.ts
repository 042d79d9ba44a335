// What every use case is given: the store port, the hot-path cache, and the request limits.
import type { ChangeFeed } from './change-feed';
import type { PolicyCache } from './policy-cache';
import type { PolicyStore } from './policy-store';
import type { SessionRuleStore } from './use-cases/session-rules';

export interface RequestLimits {
  readonly organizationIdPattern: RegExp;
  /** Most organization ids in one Resolve/Evaluate/Watch call. */
  readonly maxOrganizationIds: number;
  /** How far in the future (after the evaluation time) a session instant may be. */
  readonly maxClockSkewMs: number;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
}

export interface ServiceContext {
  readonly store: PolicyStore;
  readonly cache: PolicyCache;
  readonly feed: ChangeFeed;
  readonly limits: RequestLimits;
  readonly now: () => number;
  /**
   * Session rules and compliance profiles per scope (DESIGN §2.6). Until the storage owner provides it,
   * Get/UpdateSessionRules answer UNIMPLEMENTED and resolution sees no rules.
   */
  readonly sessionRules?: SessionRuleStore;
}
