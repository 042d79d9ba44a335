// Session revocation rules (docs/design.md §2.7): which sessions a revocation covers, how long it
// matters, and how many one scope may keep.
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
 * Every revocation covers only sessions started at or before it, so a session that starts afterwards
 * is never ended by an older one: a user who signs in again after "sign out everywhere" is not locked
 * out, and a new session that reuses a revoked id (IdPs recycle `sid`s) is not revoked with it.
 *
 * A session-id revocation allows `skewMs` (MAX_CLOCK_SKEW_MS) past its revoke time: it is the logout of
 * one session that already exists, and that session's start is the enforcer's clock while the revoke
 * time is the server's, which EvaluateSession already lets run up to the skew ahead. Without the
 * allowance the logout of a session signed in moments ago would not reach it (fail open); with it, only
 * a new session reusing the id within the skew is revoked too (fail closed). Retention (revoke time +
 * absolute timeout + the same skew) outlasts every session so covered. Subject and organization
 * revocations end whoever is signed in now, and someone signing in again right afterwards must get in,
 * so they keep the exact cut-off.
 *
 * Scope: the revocation's organization must be one of the session's, unless it is global.
 */
export function revocationCovers(revocation: SessionRevocation, session: RevokedSession, skewMs: number): boolean {
  if (revocation.organizationId !== '' && !session.organizationIds.includes(revocation.organizationId)) return false;
  const t = revocation.target;
  if (t.kind === 'SESSION') {
    return session.sessionId !== undefined && session.sessionId !== '' && t.sessionId === session.sessionId && session.sessionStartMs <= revocation.revokedAtMs + Math.max(0, skewMs);
  }
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

/** How many revocations of each kind one scope (an organization, or '' the global one) keeps. */
export interface KeptRevocations {
  readonly sessionIds: number;
  readonly subjects: number;
  readonly organizationWide: number;
}

/**
 * Organization-wide revocations one organization may keep. The newest one covers every session an
 * older one does (same cut-off rule, later time), so a few suffice; the bound stops a loop of them
 * from filling memory where the per-kind cap would not.
 */
export const ORGANIZATION_WIDE_REVOCATIONS_KEPT = 100;

/** A revocation the scope has no room for: nothing is recorded, and the caller is told what to do instead. */
export interface RevocationRefusal {
  /** The target field the caller used: 'session_id', 'subject' or 'entire_organization'. */
  readonly target: 'session_id' | 'subject' | 'entire_organization';
  readonly kept: number;
  readonly limit: number;
  /** Broader targets that still have room and cover the same sessions (proto field names), best first. */
  readonly instead: readonly ('subject' | 'entire_organization')[];
}

/**
 * Whether one more revocation of `target` fits the scope's kept revocations (docs/design.md §2.7:
 * memory is bounded per tenant whatever the caller may do). Session ids and subjects are capped separately at
 * `perKindLimit`, so at the session-id cap the subject and the whole organization can still be
 * revoked, and at the subject cap the whole organization; organization-wide ones at
 * ORGANIZATION_WIDE_REVOCATIONS_KEPT. The global scope has no organization-wide target: at its caps
 * the broader revocation is a global subject, or each organization as a whole.
 */
export function revocationRefusal(kept: KeptRevocations, target: RevocationTarget, global: boolean, perKindLimit: number): RevocationRefusal | undefined {
  const subjectRoom = kept.subjects < perKindLimit;
  // Only a target that still has room is offered (the global scope has no organization-wide one).
  const wholeOrganization = !global && kept.organizationWide < ORGANIZATION_WIDE_REVOCATIONS_KEPT ? (['entire_organization'] as const) : [];
  if (target.kind === 'SESSION') {
    if (kept.sessionIds < perKindLimit) return undefined;
    return { target: 'session_id', kept: kept.sessionIds, limit: perKindLimit, instead: [...(subjectRoom ? (['subject'] as const) : []), ...wholeOrganization] };
  }
  if (target.kind === 'SUBJECT') {
    return subjectRoom ? undefined : { target: 'subject', kept: kept.subjects, limit: perKindLimit, instead: [...wholeOrganization] };
  }
  return kept.organizationWide < ORGANIZATION_WIDE_REVOCATIONS_KEPT ? undefined : { target: 'entire_organization', kept: kept.organizationWide, limit: ORGANIZATION_WIDE_REVOCATIONS_KEPT, instead: [] };
}
