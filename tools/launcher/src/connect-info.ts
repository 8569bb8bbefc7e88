import type { Endpoint, HostConfig } from '@portalchat/config';
import type { RunningHost } from '@portalchat/hosting';

/** A host's first IRC listener, the one to point a client at (the config schema requires at least one). */
export function firstIrcListener(config: Pick<HostConfig, 'listen' | 'server'>): Endpoint {
  const first = config.listen.irc[0];
  if (!first) throw new Error(`${config.server.name} has no IRC listener (listen.irc is empty)`);
  return first;
}

/** The URLs a browser client dials for the host's WebSocket listeners (`ws://127.0.0.1:8097/`). */
export function websocketUrls(config: Pick<HostConfig, 'listen'>): string[] {
  return config.listen.websocket.map((l) => {
    const host = l.host.includes(':') ? `[${l.host}]` : l.host;
    return `${l.tls ? 'wss' : 'ws'}://${host}:${l.port}/`;
  });
}

/** The chat page each WebSocket listener serves at `/` (`http://127.0.0.1:8097/`): open it in a browser. */
export function webChatUrls(config: Pick<HostConfig, 'listen'>): string[] {
  return websocketUrls(config).map((url) => url.replace(/^ws/, 'http'));
}

/**
 * The host's network map page (served on every WebSocket listener; the first plain one is
 * named, else the first TLS one), or undefined without a WebSocket listener.
 */
export function mapUrl(config: Pick<HostConfig, 'listen'>): string | undefined {
  const listener = config.listen.websocket.find((l) => !l.tls) ?? config.listen.websocket[0];
  if (!listener) return undefined;
  const host = listener.host.includes(':') ? `[${listener.host}]` : listener.host;
  return `${listener.tls ? 'https' : 'http'}://${host}:${listener.port}/map`;
}

/** The lines the launcher prints once a host is up: where to point a client, where to probe it. */
export function connectInfo(host: Pick<RunningHost, 'config' | 'nats' | 'health'>, controlUrl?: string): string[] {
  const { server, listen } = host.config;
  const irc = listen.irc.map((l) => `${l.host}:${l.port}`).join(', ');
  const first = firstIrcListener(host.config);
  const health = Object.entries(host.health)
    .map(([service, url]) => `${service} ${url}/healthz`)
    .join('  ');
  return [
    `${server.name} (server ID ${server.id}) is up:`,
    `  IRC     ${irc}  ->  connect with: irssi -c ${first.host} -p ${first.port}`,
    ...(listen.websocket.length > 0
      ? [
          `  WebSocket ${websocketUrls(host.config).join(', ')}  (subprotocol text.ircv3.net or binary.ircv3.net)`,
          `  Web chat  ${webChatUrls(host.config).join(', ')}  (the chat page: open it in a browser)`,
        ]
      : []),
    `  health  ${health}  (also /readyz, /metrics)`,
    `  NATS    ${host.nats.url}${host.nats.reused ? ' (already running, reused)' : ''}`,
    ...(controlUrl ? [`  control ${controlUrl}/metrics  (restarts; npm run ctl -- status ${server.name})`] : []),
  ];
}
