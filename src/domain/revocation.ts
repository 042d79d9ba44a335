// Session revocation rules (DESIGN §2.7): which sessions a revocation covers, and how long it matters.
export type RevocationReason = 'LOGOUT' | 'ADMIN' | 'COMPROMISED' | 'POLICY_CHANGE';

export type RevocationTarget =
  | { readonly kind: 'SESSION'; readonly sessionId: string }
  | { readonly kind: 'SUBJECT'; readonly subject: string }
  | { readonly kind: 'ORGANIZATION' };

export interface SessionRevocation {
  /** '' for a global revocation: it applies whatever organizations the session belongs to. */
  readonly organizationId: string;
  readonly target: RevocationTarget;
  readonly revokedAtMs: number;
}

/** What an enforcer tells about a session; ids it does not give are not matched. */
export interface RevokedSession {
  readonly organizationIds: readonly string[];
  readonly sessionId?: string;
  readonly subject?: string;
  readonly sessionStartMs: number;
}

/**
 * A session-id revocation covers that session whenever it started (ids are not reused); subject and
 * organization revocations cover only sessions started at or before the revocation, so a user who
 * signs in again afterwards is not locked out. Scope: the revocation's organization must be one of
 * the session's, unless it is global.
 */
export function revocationCovers(revocation: SessionRevocation, session: RevokedSession): boolean {
  if (revocation.organizationId !== '' && !session.organizationIds.includes(revocation.organizationId)) return false;
  const t = revocation.target;
  if (t.kind === 'SESSION') return session.sessionId !== undefined && session.sessionId !== '' && t.sessionId === session.sessionId;
  if (session.sessionStartMs > revocation.revokedAtMs) return false;
  if (t.kind === 'SUBJECT') return session.subject !== undefined && session.subject !== '' && t.subject === session.subject;
  return true;
}

/**
 * When a revocation stops mattering: no session it covers can still be alive once the longest
 * lifetime any session can have (the application's absolute timeout; organizations and rules only
 * tighten) has passed since it, plus the clock skew enforcers may have. Computed from the current
 * application policy at each check: shortening the timeout shortens retention, lengthening it
 * extends every kept revocation.
 */
export function revocationExpiresAtMs(revokedAtMs: number, applicationAbsoluteMinutes: number, maxClockSkewMs: number): number {
  return revokedAtMs + applicationAbsoluteMinutes * 60_000 + Math.max(0, maxClockSkewMs);
}
