/** Projects: `unit` (no network), `contract` (real server, real store), `browser` (the widget in chromium). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// gen/ts imports its siblings as './x.js' (for ESM consumers); here they are the .ts sources.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
module.exports = {
  // Contract tests start processes and stores; a per-test limit of 60 s (project-level is ignored).
  testTimeout: 60000,
  // Unit tests cover the pure rules and the use cases (over an in-memory store port).
  collectCoverageFrom: ['src/domain/**/*.ts', 'src/app/**/*.ts'],
  projects: [
    { displayName: 'unit', testEnvironment: 'node', roots: ['<rootDir>/test/unit'], transform: { '^.+\\.ts$': tsJest }, moduleNameMapper },
    {
      displayName: 'contract',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/contract'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
    },
    // Real chromium against the real server and store; run with `npm run test:browser`, not `npm test`.
    { displayName: 'browser', testEnvironment: 'node', roots: ['<rootDir>/test/browser'], transform: { '^.+\\.ts$': tsJest }, moduleNameMapper },
  ],
};
