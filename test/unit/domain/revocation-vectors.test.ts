import { revocationCovers, revocationExpiresAtMs } from '../../../src/domain';
import { comparable, loadRevocationVectors, replay } from './vector-replay';

const vectors = loadRevocationVectors();

describe('revocation vectors (test/vectors/revocation)', () => {
  it('are uniquely named evaluate cases, covering both outcomes', () => {
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
    const reasons = vectors.map((v) => (v.then as { response?: { reason?: string } }).response?.reason ?? 'none');
    expect(reasons).toContain('SESSION_EXPIRY_REASON_REVOKED');
    expect(reasons).toContain('none');
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('when %s, then the domain answers as the vector says', (_name, vector) => {
    expect(comparable(replay(vector))).toEqual(comparable(vector.then));
  });
});

describe('revocation rules', () => {
  const at = Date.parse('2026-01-01T00:00:00Z');
  it('then an empty session id or subject never matches a revocation', () => {
    expect(revocationCovers({ organizationId: '', revokedAtMs: at, target: { kind: 'SESSION', sessionId: '' } }, { organizationIds: [], sessionStartMs: at, sessionId: '' })).toBe(false);
    expect(revocationCovers({ organizationId: '', revokedAtMs: at, target: { kind: 'SUBJECT', subject: '' } }, { organizationIds: [], sessionStartMs: at, subject: '' })).toBe(false);
  });

  it('then retention is revoked_at + application absolute timeout + skew, and a negative skew counts as none', () => {
    expect(revocationExpiresAtMs(at, 60, 1000)).toBe(at + 3_600_000 + 1000);
    expect(revocationExpiresAtMs(at, 60, -5)).toBe(at + 3_600_000);
  });
});
