// The README's configuration table is generated from the key declarations; a key added, renamed or
// re-documented in src/config.ts without `npm run docs:config` fails here.
import { readFileSync } from 'node:fs';
import { configKeys } from '../../src/config';
import { README, configTable, readmeTable } from '../../scripts/config-table';

describe('the README configuration table', () => {
  const table = readmeTable(readFileSync(README, 'utf8'));

  it('is exactly the table rendered from src/config.ts (run npm run docs:config)', () => {
    expect(table).toBe(configTable());
  });

  it('lists every declared environment variable once', () => {
    const listed = (table ?? '').split('\n').slice(2).map((row) => /^\| `([A-Z0-9_]+)` \|/.exec(row)?.[1]);
    expect(listed).toEqual(Object.values(configKeys).map((d) => d.env));
  });
});
