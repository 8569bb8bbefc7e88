import { join } from 'node:path';
import { describeNetwork, loadHostConfig } from '@portalchat/config';

// The three host files `npm start` runs must form the reference network of the README.
const CONFIG_DIR = join(__dirname, '..', '..', '..', 'config');
const configs = ['chatsrv1.yaml', 'chatsrv2.yaml', 'chatsrv3.yaml'].map((file) =>
  loadHostConfig(join(CONFIG_DIR, file)),
);

describe('the reference network (config/chatsrv*.yaml)', () => {
  it('is a valid network as a whole', () => {
    expect(describeNetwork(configs)).toEqual([]);
  });

  it('is a star around Chatsrv3 with the documented IDs and addresses', () => {
    const summary = configs.map((c) => ({
      name: c.server.name,
      id: c.server.id,
      irc: c.listen.irc.map((e) => `${e.host}:${e.port}`),
      portal: `${c.listen.portal.host}:${c.listen.portal.port}`,
      health: [c.listen.health.gateway, c.listen.health.state, c.listen.health.portal].map(
        (e) => `${e.host}:${e.port}`,
      ),
      nats: c.nats.url,
      portals: c.portals.map((p) => `${p.name} -> ${p.address}:${p.port} id ${p.serverId}${p.uplink ? ' uplink' : ''}`),
    }));
    expect(summary).toEqual([
      {
        name: 'Chatsrv1',
        id: 10,
        irc: ['127.110.1.43:6667'],
        portal: '127.110.1.43:6665',
        health: ['127.110.1.43:8080', '127.110.1.43:8081', '127.110.1.43:8082'],
        nats: 'nats://127.110.1.43:4222',
        portals: ['Portal_to_Chatsrv3 -> 127.110.1.75:6665 id 12 uplink'],
      },
      {
        name: 'Chatsrv2',
        id: 11,
        irc: ['127.110.1.44:6667'],
        portal: '127.110.1.44:6665',
        health: ['127.110.1.44:8080', '127.110.1.44:8081', '127.110.1.44:8082'],
        nats: 'nats://127.110.1.44:4222',
        portals: ['Portal_to_Chatsrv3 -> 127.110.1.75:6665 id 12 uplink'],
      },
      {
        name: 'Chatsrv3',
        id: 12,
        irc: ['127.110.1.75:6667'],
        portal: '127.110.1.75:6665',
        health: ['127.110.1.75:8080', '127.110.1.75:8081', '127.110.1.75:8082'],
        nats: 'nats://127.110.1.75:4222',
        portals: ['Portal_to_Chatsrv1 -> 127.110.1.43:6665 id 10', 'Portal_to_Chatsrv2 -> 127.110.1.44:6665 id 11'],
      },
    ]);
  });

  it('serves IRC over WebSocket on 8097 of every host', () => {
    expect(configs.map((c) => c.listen.websocket)).toEqual(
      ['127.110.1.43', '127.110.1.44', '127.110.1.75'].map((host) => [{ host, port: 8097, tls: false }]),
    );
  });

  it('serves IRC over TLS on 6697 of every host, with a certificate the host issues from the shared CA', () => {
    expect(
      configs.map((c) => ({
        tls: c.listen.ircTls.map((e) => `${e.host}:${e.port}`),
        generated: c.tls?.generated,
        ca: c.portal.tls.caDir,
      })),
    ).toEqual(
      ['127.110.1.43', '127.110.1.44', '127.110.1.75'].map((host) => ({
        tls: [`${host}:6697`],
        generated: true,
        ca: join(CONFIG_DIR, 'data', 'network-ca'),
      })),
    );
  });

  it("sends a stopped gateway's clients to the other two servers' IRC listeners", () => {
    const ircOf = (c: (typeof configs)[number]) => c.listen.irc.map((e) => `${e.host}:${e.port}`);
    for (const config of configs) {
      const others = configs.filter((c) => c !== config).flatMap(ircOf);
      expect([config.server.name, [...config.gateway.redirectTo].sort()]).toEqual([config.server.name, others.sort()]);
    }
  });

  it('keeps the default 1,000 connections per server', () => {
    expect(configs.map((c) => c.limits.maxConnections)).toEqual([1000, 1000, 1000]);
  });
});
