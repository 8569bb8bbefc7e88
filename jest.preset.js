// The @nx/jest preset hard-codes ts-jest and jsdom; we use swc and node. swc only strips types
// (each project's typecheck target runs tsc), so a cold run starts much sooner than with ts-jest.
const { transform: _t, testEnvironment: _e, ...nxPreset } = require('@nx/jest/preset').default;
const path = require('node:path');

const root = __dirname;
const paths = require('./tsconfig.base.json').compilerOptions.paths;
// Map the @portalchat/* aliases to their sources so tests never need a build of a lib.
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  moduleNameMapper,
  transform: {
    '^.+\\.(ts|mts|cts)$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  reporters: ['default', path.join(root, 'tools/jest-count-reporter.js')],
};
