/** `npm run test:fuzz`: the fuzz run on its own (a real server process and store; minutes, not seconds). */
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/test/fuzz'],
  testEnvironment: 'node',
  // gen/ts imports its siblings as './x.js' (for ESM consumers); here they are the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 15 * 60_000,
};
