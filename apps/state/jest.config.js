module.exports = { displayName: 'state', preset: '../../jest.preset.js' };
