// Black-box tests against the built services (dist/): the `test` target builds them first.
module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  // Real processes start here (NATS, state, gateway): allow for a loaded CI machine.
  testTimeout: 30000,
};
