module.exports = { displayName: 'checks', preset: '../../jest.preset.js' };
