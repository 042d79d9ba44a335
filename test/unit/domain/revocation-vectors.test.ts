import { revocationCovers, revocationExpiresAtMs } from '../../../src/domain';
import { loadVectors } from './vector-replay';

const vectors = loadVectors().filter((v) => v.category === 'revocation');

describe('revocation vectors (test/vectors/revocation.json)', () => {
  it('each record exactly one revocation and evaluate a session, covering both outcomes', () => {
    for (const v of vectors) {
      expect(v.given.revocations).toHaveLength(1);
      expect(Object.keys(v.when)).toEqual(['evaluateSession']);
    }
    const reasons = vectors.map((v) => (v.then as { response?: { reason?: string } }).response?.reason ?? 'none');
    expect(reasons).toContain('SESSION_EXPIRY_REASON_REVOKED');
    expect(reasons).toContain('none');
  });
});

describe('revocation rules', () => {
  const at = Date.parse('2026-01-01T00:00:00Z');
  it('then an empty session id or subject never matches a revocation', () => {
    expect(revocationCovers({ organizationId: '', revokedAtMs: at, target: { kind: 'SESSION', sessionId: '' } }, { organizationIds: [], sessionStartMs: at, sessionId: '' }, 0)).toBe(false);
    expect(revocationCovers({ organizationId: '', revokedAtMs: at, target: { kind: 'SUBJECT', subject: '' } }, { organizationIds: [], sessionStartMs: at, subject: '' }, 0)).toBe(false);
  });

  it('then retention is revoked_at + application absolute timeout + skew, and a negative skew counts as none', () => {
    expect(revocationExpiresAtMs(at, 60, 1000)).toBe(at + 3_600_000 + 1000);
    expect(revocationExpiresAtMs(at, 60, -5)).toBe(at + 3_600_000);
  });
});
