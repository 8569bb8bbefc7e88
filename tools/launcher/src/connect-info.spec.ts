import { parseHostConfig } from '@portalchat/config';
import { connectInfo, mapUrl } from './connect-info';

describe('connectInfo', () => {
  it('tells the user which irssi command reaches the host and where its health endpoints are', () => {
    const config = parseHostConfig(
      'server: { name: Chatsrv1, id: 10 }\nlisten: { irc: [{ host: 127.110.1.43, port: 6667 }] }\n',
    );
    const lines = connectInfo({
      config,
      nats: { url: 'nats://127.110.1.43:4222', reused: false },
      health: { state: 'http://127.110.1.43:8081', gateway: 'http://127.110.1.43:8080' },
    });
    expect(lines).toEqual([
      'Chatsrv1 (server ID 10) is up:',
      '  IRC     127.110.1.43:6667  ->  connect with: irssi -c 127.110.1.43 -p 6667',
      '  health  state http://127.110.1.43:8081/healthz  gateway http://127.110.1.43:8080/healthz  (also /readyz, /metrics)',
      '  NATS    nats://127.110.1.43:4222',
    ]);
  });
});

describe('connectInfo with WebSocket listeners', () => {
  it('names the ws:// and wss:// URLs a browser client dials', () => {
    const config = parseHostConfig(
      'server: { name: Chatsrv1, id: 10 }\nlisten:\n  irc: [{ host: 127.110.1.43, port: 6667 }]\n' +
        '  websocket: [{}, { host: "::1", port: 8443, tls: true }]\ntls: { cert: generated }\n',
    );
    const lines = connectInfo({ config, nats: { url: 'nats://127.110.1.43:4222', reused: false }, health: {} });
    expect(lines[2]).toBe(
      '  WebSocket ws://127.110.1.43:8097/, wss://[::1]:8443/  (subprotocol text.ircv3.net or binary.ircv3.net)',
    );
    expect(lines[3]).toBe(
      '  Web chat  http://127.110.1.43:8097/, https://[::1]:8443/  (the chat page: open it in a browser)',
    );
  });
});

describe('connectInfo with a control endpoint', () => {
  it('adds where the restart metrics are and how to ask for the status', () => {
    const config = parseHostConfig('server: { name: Chatsrv1, id: 10 }\n');
    const lines = connectInfo(
      { config, nats: { url: 'nats://127.0.0.1:4222', reused: false }, health: {} },
      'http://127.0.0.1:8083',
    );
    expect(lines.at(-1)).toBe('  control http://127.0.0.1:8083/metrics  (restarts; npm run ctl -- status Chatsrv1)');
  });
});

describe('mapUrl', () => {
  it('#14: names the network map on the first plain WebSocket listener, else the first TLS one', () => {
    const parse = (websocket: string) =>
      parseHostConfig(
        `server: { name: Chatsrv1, id: 10 }\nlisten:\n  irc: [{ host: 127.110.1.43, port: 6667 }]\n  websocket: ${websocket}\ntls: { cert: generated }\n`,
      );
    expect(mapUrl(parse('[{ port: 8443, tls: true }, {}]'))).toBe('http://127.110.1.43:8097/map');
    expect(mapUrl(parse('[{ host: "::1", port: 8443, tls: true }]'))).toBe('https://[::1]:8443/map');
    expect(mapUrl(parse('[]'))).toBeUndefined();
  });
});
