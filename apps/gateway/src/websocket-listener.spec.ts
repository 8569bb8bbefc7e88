import { chooseSubprotocol, originAllowed } from './websocket-listener';

describe('chooseSubprotocol', () => {
  it.each([
    [['binary.ircv3.net', 'text.ircv3.net'], 'text.ircv3.net'],
    [['binary.ircv3.net'], 'binary.ircv3.net'],
    [['chat', 'binary.ircv3.net'], 'binary.ircv3.net'],
    [['chat'], false],
    [[], false],
  ])('offered %j: %s', (offered, chosen) => {
    expect(chooseSubprotocol(new Set(offered))).toBe(chosen);
  });
});

describe('originAllowed', () => {
  it('allows every origin when none is configured', () => {
    expect(originAllowed([], 'https://anywhere.example')).toBe(true);
    expect(originAllowed([], undefined)).toBe(true);
  });

  it('allows only the listed origins, whatever their case, and clients that are not browsers', () => {
    const allowed = ['https://chat.example.org'];
    expect(originAllowed(allowed, 'https://chat.example.org')).toBe(true);
    expect(originAllowed(allowed, 'HTTPS://CHAT.EXAMPLE.ORG')).toBe(true);
    expect(originAllowed(allowed, 'https://chat.example.org.evil.example')).toBe(false);
    expect(originAllowed(allowed, 'http://chat.example.org')).toBe(false);
    expect(originAllowed(allowed, 'null')).toBe(false);
    expect(originAllowed(allowed, undefined)).toBe(true);
  });
});
