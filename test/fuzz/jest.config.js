/** `npm run test:fuzz`: the fuzz run on its own (a real server process and store; minutes, not seconds). */
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/test/fuzz'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 15 * 60_000,
};
