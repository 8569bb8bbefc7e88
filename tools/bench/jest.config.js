// The smoke spec runs the built benchmark (dist/): the `test` target builds it and the services first.
module.exports = { displayName: 'bench', preset: '../../jest.preset.js', testTimeout: 90_000 };
