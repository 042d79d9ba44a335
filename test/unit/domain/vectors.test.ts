import { comparable, loadVectors, replay } from './vector-replay';

const vectors = loadVectors();
const CATEGORIES = ['resolve', 'evaluate', 'update-organization', 'update-application', 'units', 'rules', 'update-session-rules', 'revocation'];

describe('shared vectors', () => {
  it('are many, uniquely named in kebab-case, and each in a known category', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    expect(new Set(vectors.map((vector) => vector.name)).size).toBe(vectors.length);
    for (const vector of vectors) {
      expect(vector.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CATEGORIES).toContain(vector.category);
    }
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))('when %s, then the domain answers as the vector says', (_name, vector) => {
    expect(comparable(replay(vector))).toEqual(comparable(vector.then));
  });
});
