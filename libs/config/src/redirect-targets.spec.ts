import { ConfigError } from './errors';
import { parseHostConfig } from './load';
import { parseHostPort } from './redirect-targets';

const SOURCE = 'host.yaml';
const BASE = 'server: { name: Chatsrv1, id: 10 }\nlisten: { irc: [{ host: 127.0.0.1, port: 6667 }] }\n';

function problemsOf(text: string): string[] {
  try {
    parseHostConfig(text, SOURCE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('parseHostPort', () => {
  it.each([
    ['irc2.example.net:6667', { host: 'irc2.example.net', port: 6667 }],
    ['192.0.2.7:7000', { host: '192.0.2.7', port: 7000 }],
    ['[2001:db8::2]:6667', { host: '2001:db8::2', port: 6667 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
  ])('reads %s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each([
    'irc2.example.net', // no port
    'irc2.example.net:', // empty port
    'irc2.example.net:0',
    'irc2.example.net:65536',
    '2001:db8::2:6667', // an IPv6 literal must be bracketed
    '[192.0.2.7]:6667', // brackets are for IPv6 only
    'irc2 example:6667',
    'irc_2.example:6667',
    ':6667',
  ])('refuses %s', (text) => {
    expect(parseHostPort(text)).toBeUndefined();
  });
});

describe('gateway.redirectTo in a host file', () => {
  it('defaults to no targets', () => {
    expect(parseHostConfig(BASE, SOURCE).gateway.redirectTo).toEqual([]);
  });

  it('keeps the entries as written, in order', () => {
    const config = parseHostConfig(
      `${BASE}gateway: { redirectTo: ["irc2.example.net:6667", "[2001:db8::2]:6697"] }\n`,
      SOURCE,
    );
    expect(config.gateway.redirectTo).toEqual(['irc2.example.net:6667', '[2001:db8::2]:6697']);
  });

  it('names the field and the entry of a malformed address', () => {
    expect(problemsOf(`${BASE}gateway: { redirectTo: ["irc2.example.net:6667", "irc3.example.net"] }\n`)).toEqual([
      'host.yaml: gateway.redirectTo[1]: expected a "host:port" address like irc2.example.net:6667 (an IPv6 literal in brackets: [2001:db8::2]:6667), got "irc3.example.net"',
    ]);
  });

  it('refuses a single string instead of a list', () => {
    expect(problemsOf(`${BASE}gateway: { redirectTo: "irc2.example.net:6667" }\n`)).toEqual([
      'host.yaml: gateway.redirectTo: expected a list of "host:port" addresses, got "irc2.example.net:6667"',
    ]);
  });

  it("refuses this host's own IRC listener and a repeated entry", () => {
    expect(
      problemsOf(`${BASE}gateway: { redirectTo: ["127.0.0.1:6667", "irc2.example:6667", "IRC2.example:6667"] }\n`),
    ).toEqual([
      `host.yaml: gateway.redirectTo[0]: expected another server's address, not this host's own IRC listener, got 127.0.0.1:6667`,
      'host.yaml: gateway.redirectTo[2]: expected an address not listed before, got IRC2.example:6667 (also gateway.redirectTo[1])',
    ]);
  });
});
