// The built-in compliance profiles as one table of limits, each row citing where its numbers come from.
import type { AuthenticationLevel, ComplianceProfileId, SessionContext } from './session-rules';

export interface ComplianceLimit {
  readonly profile: ComplianceProfileId;
  /** The level this row is for; absent when it applies to every session. */
  readonly authenticationLevel?: AuthenticationLevel;
  readonly maxAbsoluteMinutes?: number;
  readonly maxIdleMinutes?: number;
  readonly citation: string;
}

export const COMPLIANCE_LIMITS: readonly ComplianceLimit[] = [
  {
    profile: 'NIST_800_63B_4',
    authenticationLevel: 'AAL1',
    maxAbsoluteMinutes: 30 * 24 * 60,
    citation: 'NIST SP 800-63B-4 §2.1.3: at AAL1, reauthenticate at least once per 30 days; no inactivity timeout required',
  },
  {
    profile: 'NIST_800_63B_4',
    authenticationLevel: 'AAL2',
    maxAbsoluteMinutes: 24 * 60,
    maxIdleMinutes: 60,
    citation: 'NIST SP 800-63B-4 §2.2.3: at AAL2, reauthenticate at least once per 24 hours and after 1 hour of inactivity',
  },
  {
    profile: 'NIST_800_63B_4',
    authenticationLevel: 'AAL3',
    maxAbsoluteMinutes: 12 * 60,
    maxIdleMinutes: 15,
    citation: 'NIST SP 800-63B-4 §2.3.3: at AAL3, reauthenticate at least once per 12 hours and after 15 minutes of inactivity',
  },
  {
    profile: 'PCI_DSS_4',
    maxIdleMinutes: 15,
    citation: 'PCI DSS v4.0.1 requirement 8.2.8: a session idle for more than 15 minutes requires reauthentication',
  },
];

/** The limits a profile imposes on one session. */
export interface ComplianceLimits {
  readonly maxAbsoluteMinutes?: number;
  readonly maxIdleMinutes?: number;
  /** The profile depends on the authentication level, the context stated none, so its strictest limits applied. */
  readonly strictestLevelAssumed: boolean;
}

/**
 * A profile's limits for a session: the rows for every session, plus the row of the stated level; a
 * level-dependent profile given no level takes the minimum of all its level rows, since an unstated
 * level must never earn a looser limit than a stated one.
 */
export function complianceLimitsFor(profile: ComplianceProfileId, context: SessionContext): ComplianceLimits {
  const rows = COMPLIANCE_LIMITS.filter((row) => row.profile === profile);
  const levelDependent = rows.some((row) => row.authenticationLevel !== undefined);
  const strictestLevelAssumed = levelDependent && context.authenticationLevel === undefined;
  const applying = rows.filter(
    (row) => row.authenticationLevel === undefined || strictestLevelAssumed || row.authenticationLevel === context.authenticationLevel,
  );
  const minimum = (values: (number | undefined)[]): number | undefined => {
    const set = values.filter((v): v is number => v !== undefined);
    return set.length > 0 ? Math.min(...set) : undefined;
  };
  const maxAbsoluteMinutes = minimum(applying.map((row) => row.maxAbsoluteMinutes));
  const maxIdleMinutes = minimum(applying.map((row) => row.maxIdleMinutes));
  return {
    ...(maxAbsoluteMinutes === undefined ? {} : { maxAbsoluteMinutes }),
    ...(maxIdleMinutes === undefined ? {} : { maxIdleMinutes }),
    strictestLevelAssumed,
  };
}
