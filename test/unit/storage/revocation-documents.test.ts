// Revocations in log entries and snapshot chunks: compact tuples that round-trip exactly.
import type { PolicyChangeRecord, StoredRevocation } from '../../../src/app/policy-store';
import { decodeRevocations, encodeRevocations, fromChangeDocument, toChangeDocument } from '../../../src/storage/log-documents';

const revocations: StoredRevocation[] = [
  { revision: 7, index: 0, organizationId: 'org-a', target: { kind: 'SESSION', sessionId: 's-1' }, reason: 'LOGOUT', actor: 'user:alice', revokedAtMs: 1_767_225_600_123, requestId: 'req-1' },
  { revision: 7, index: 1, organizationId: '', target: { kind: 'SUBJECT', subject: 'bob' }, reason: 'COMPROMISED', actor: 'service:admin', revokedAtMs: 1_767_225_600_123 },
  { revision: 7, index: 2, organizationId: 'org-b', target: { kind: 'ORGANIZATION' }, reason: 'POLICY_CHANGE', actor: 'service:admin', revokedAtMs: 1_767_225_600_123 },
];

it('when a group of revocations is written to the log, then it is one string of tuples and reads back exactly', () => {
  const change: PolicyChangeRecord = { revision: 7, commitId: 'c', actor: 'user:alice', time: new Date(1_767_225_600_123), target: 'SESSION_REVOCATION', previousRevision: 0, revocations };
  const doc = toChangeDocument(change);
  expect(typeof doc.revocationTuples).toBe('string');
  expect(doc.revocations).toBeUndefined();
  expect(fromChangeDocument(doc)).toEqual(change);
});

it('when kept revocations are encoded for a snapshot chunk, then they decode to the same records', () => {
  expect(decodeRevocations(encodeRevocations(revocations))).toEqual(revocations);
});
