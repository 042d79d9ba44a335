import type { ApplicationPolicy } from '../domain/policy';

/** Served until a platform admin writes the application policy: a day, no idle limit, 5-minute tokens. */
export const DEFAULT_APPLICATION_POLICY: ApplicationPolicy = {
  absoluteMinutes: 1440,
  idleEnabled: false,
  idleMinutes: 0,
  accessTokenMinutes: 5,
};
