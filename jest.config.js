/** Two projects: `unit` (no network, pure domain and app) and `contract` (real server, real store). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
  collectCoverageFrom: ['src/domain/**/*.ts'],
  projects: [
    { displayName: 'unit', testEnvironment: 'node', roots: ['<rootDir>/test/unit'], transform: { '^.+\\.ts$': tsJest } },
    {
      displayName: 'contract',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/contract'],
      transform: { '^.+\\.ts$': tsJest },
      testTimeout: 60000,
    },
  ],
};
