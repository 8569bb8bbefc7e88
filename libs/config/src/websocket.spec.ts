import { ConfigError } from './errors';
import { parseHostConfig } from './load';
import { canonicalOrigin } from './websocket-origins';

const BASE = 'server: { name: Chatsrv1, id: 10 }\nlisten:\n  irc: [{ host: 127.0.0.5, port: 6667 }]\n';

function problemsOf(text: string): string[] {
  try {
    parseHostConfig(BASE + text, 'host.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('listen.websocket and gateway.websocketOrigins', () => {
  it('has no WebSocket listener and allows any origin by default', () => {
    const config = parseHostConfig(BASE);
    expect(config.listen.websocket).toEqual([]);
    expect(config.gateway.websocketOrigins).toEqual([]);
  });

  it('listens on 8097 of the first IRC host, plain unless tls is set', () => {
    const config = parseHostConfig(
      `${BASE}  websocket: [{}, { host: 127.0.0.9, port: 8443, tls: true }]\ntls: { cert: generated }\n`,
    );
    expect(config.listen.websocket).toEqual([
      { host: '127.0.0.5', port: 8097, tls: false },
      { host: '127.0.0.9', port: 8443, tls: true },
    ]);
  });

  it('keeps the configured origins', () => {
    const config = parseHostConfig(
      `${BASE}gateway: { websocketOrigins: ['https://chat.example.org', 'http://localhost:8080'] }\n`,
    );
    expect(config.gateway.websocketOrigins).toEqual(['https://chat.example.org', 'http://localhost:8080']);
  });

  it.each([
    [
      '  websocket: [{ tls: true }]\n',
      /^host\.yaml: listen\.websocket\[0\]\.tls: expected wss:\/\/ listeners only with a tls section \(tls\.cert and tls\.key\), got true$/,
    ],
    [
      '  websocket: [{ port: 6667 }]\n',
      /^host\.yaml: listen\.websocket\[0\]: expected an address and port no other listener uses, got 127\.0\.0\.5:6667 \(also listen\.irc\[0\]\)$/,
    ],
    ['  websocket: [{ tls: yes }]\n', /^host\.yaml: listen\.websocket\[0\]\.tls: expected true or false, got "yes"$/],
    ['  websocket: [{ port: 0 }]\n', /^host\.yaml: listen\.websocket\[0\]\.port: expected integer 1–65535, got 0$/],
    [
      "gateway: { websocketOrigins: ['https://chat.example.org/'] }\n",
      /^host\.yaml: gateway\.websocketOrigins\[0\]: expected a web origin like https:\/\/chat\.example\.org \(http or https, lowercase, no path\), got "https:\/\/chat\.example\.org\/"$/,
    ],
  ])('reports %s precisely', (text, message) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('canonicalOrigin', () => {
  it.each([
    ['https://chat.example.org', true],
    ['http://127.0.0.1:8080', true],
    ['https://chat.example.org:443', false],
    ['HTTPS://chat.example.org', false],
    ['ftp://chat.example.org', false],
    ['chat.example.org', false],
    ['*', false],
  ])('%s is an origin: %s', (text, ok) => {
    expect(canonicalOrigin(text) !== undefined).toBe(ok);
  });
});
