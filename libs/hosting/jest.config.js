module.exports = { displayName: 'hosting', preset: '../../jest.preset.js' };
