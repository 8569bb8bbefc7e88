module.exports = { displayName: 'portal', preset: '../../jest.preset.js' };
