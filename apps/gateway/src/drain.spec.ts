import { farewellLines, rotated } from './drain';

const TARGETS = ['irc2.example.net:6667', '[2001:db8::3]:6667'];

describe('farewellLines', () => {
  it('sends an IRCX session REDIRECT to the other servers, then the ERROR naming them', () => {
    expect(farewellLines('irc1.example.net', { id: 2, ip: '192.0.2.9', ircx: true }, TARGETS)).toEqual([
      ':irc1.example.net REDIRECT irc2.example.net:6667,[2001:db8::3]:6667 :Server shutting down',
      'ERROR :Closing Link: 192.0.2.9 (Server shutting down; reconnect to irc2.example.net:6667 or [2001:db8::3]:6667)',
    ]);
  });

  it('never sends REDIRECT to a plain session: only the ERROR that says where to reconnect', () => {
    expect(farewellLines('irc1.example.net', { id: 2, ip: '192.0.2.9', ircx: false }, TARGETS)).toEqual([
      'ERROR :Closing Link: 192.0.2.9 (Server shutting down; reconnect to irc2.example.net:6667 or [2001:db8::3]:6667)',
    ]);
  });

  it('starts the list at a different server from one connection to the next', () => {
    expect(farewellLines('irc1', { id: 3, ip: '192.0.2.9', ircx: true }, TARGETS)[0]).toBe(
      ':irc1 REDIRECT [2001:db8::3]:6667,irc2.example.net:6667 :Server shutting down',
    );
  });

  it('says only "Server shutting down" when no other server is configured, to IRCX sessions too', () => {
    for (const ircx of [true, false])
      expect(farewellLines('irc1', { id: 1, ip: '::1', ircx }, [])).toEqual([
        'ERROR :Closing Link: ::1 (Server shutting down)',
      ]);
  });
});

describe('rotated', () => {
  it('starts at entry n modulo the length and keeps every entry once', () => {
    expect([0, 1, 2, 3, 7].map((n) => rotated(['a', 'b', 'c'], n).join(''))).toEqual([
      'abc',
      'bca',
      'cab',
      'abc',
      'bca',
    ]);
  });

  it('handles one entry and none', () => {
    expect(rotated(['a'], 5)).toEqual(['a']);
    expect(rotated([], 5)).toEqual([]);
  });
});
