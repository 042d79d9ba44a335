// Revocations between the wire and the app layer.
import { toTimestamp } from './proto-mapping';
import type { RevocationReason as Reason, RevocationTarget } from '../domain/revocation';
import type { KeptRevocation } from '../app/use-cases/revoke-sessions';
import { RevocationReason, type RevokeSessionsRequest, type SessionRevocation } from '../../gen/ts/sessionpolicy/v1/session_revocation';

const TO_WIRE: Readonly<Record<Reason, RevocationReason>> = {
  LOGOUT: RevocationReason.REVOCATION_REASON_LOGOUT,
  ADMIN: RevocationReason.REVOCATION_REASON_ADMIN,
  COMPROMISED: RevocationReason.REVOCATION_REASON_COMPROMISED,
  POLICY_CHANGE: RevocationReason.REVOCATION_REASON_POLICY_CHANGE,
};

const FROM_WIRE = new Map<RevocationReason, Reason>(Object.entries(TO_WIRE).map(([k, v]) => [v, k as Reason]));

export const revocationReasonOf = (reason: RevocationReason): Reason | undefined => FROM_WIRE.get(reason);

/** The request's target; undefined when none is set (or entire_organization is false). */
export function revocationTargetOf(request: RevokeSessionsRequest): RevocationTarget | undefined {
  const t = request.target;
  if (t?.$case === 'sessionId') return { kind: 'SESSION', sessionId: t.value };
  if (t?.$case === 'subject') return { kind: 'SUBJECT', subject: t.value };
  if (t?.$case === 'entireOrganization' && t.value) return { kind: 'ORGANIZATION' };
  return undefined;
}

export function toRevocationMessage({ revocation: r, expireTimeMs }: KeptRevocation): SessionRevocation {
  const t = r.target;
  return {
    revision: BigInt(r.revision),
    organizationId: r.organizationId,
    target:
      t.kind === 'SESSION'
        ? { $case: 'sessionId', value: t.sessionId }
        : t.kind === 'SUBJECT'
          ? { $case: 'subject', value: t.subject }
          : { $case: 'entireOrganization', value: true },
    reason: TO_WIRE[r.reason],
    actor: r.actor,
    revokeTime: toTimestamp(r.revokedAtMs),
    expireTime: toTimestamp(expireTimeMs),
  };
}
