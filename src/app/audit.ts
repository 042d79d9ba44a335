// The audit port: use cases say what they did for whom; service.ts writes it as one line of the
// service log. A policy change is audited by its own log entry; a revocation, whose entry may carry
// hundreds of them (group commit), gets a record of its own, so each caller's can be found.
import type { StoredRevocation } from './policy-store';

export interface SessionRevocationAudit {
  readonly audit: 'session_revocation';
  readonly actor: string;
  readonly org: string;
  readonly target: 'session_id' | 'subject' | 'entire_organization';
  readonly sessionId?: string;
  readonly subject?: string;
  readonly reason: StoredRevocation['reason'];
  readonly revision: number;
  /** The call's own id (x-request-id), to find its call log line. */
  readonly requestId: string;
  /** The caller's AIP-155 request id ('' when it sent none). */
  readonly aipRequestId: string;
}

export type AuditRecord = SessionRevocationAudit;

/** The log message of each kind of record. */
export const AUDIT_MESSAGES: Readonly<Record<AuditRecord['audit'], string>> = { session_revocation: 'sessions revoked' };

export type AuditLog = (record: AuditRecord) => void;

export function revocationAudit(r: StoredRevocation, call: { readonly callId: string; readonly aipRequestId: string }): SessionRevocationAudit {
  const t = r.target;
  return {
    audit: 'session_revocation',
    actor: r.actor,
    org: r.organizationId,
    target: t.kind === 'SESSION' ? 'session_id' : t.kind === 'SUBJECT' ? 'subject' : 'entire_organization',
    ...(t.kind === 'SESSION' ? { sessionId: t.sessionId } : t.kind === 'SUBJECT' ? { subject: t.subject } : {}),
    reason: r.reason,
    revision: r.revision,
    requestId: call.callId,
    aipRequestId: call.aipRequestId,
  };
}
