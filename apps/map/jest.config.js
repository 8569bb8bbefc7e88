module.exports = { displayName: 'map', preset: '../../jest.preset.js' };
