module.exports = { displayName: 'routing', preset: '../../jest.preset.js' };
