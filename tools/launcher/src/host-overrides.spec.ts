import { join } from 'node:path';
import { loadHostConfig, parseHostConfig } from '@portalchat/config';
import { parseHostArgs } from './host-args';
import { flagOverrides, throwawayOverrides } from './host-overrides';

const anyNumber: unknown = expect.any(Number);
const CHATSRV1 = join(__dirname, '..', '..', '..', 'config', 'chatsrv1.yaml');

describe('flagOverrides (npm run host -- --config <file>)', () => {
  const file = loadHostConfig(CHATSRV1);
  const effective = (argv: string[]) =>
    loadHostConfig(CHATSRV1, flagOverrides(parseHostArgs(['--config', CHATSRV1, ...argv]), file));

  it('changes nothing of the file without other flags: data directory, NATS, health and control stay', () => {
    expect({ ...effective([]), source: '' }).toEqual({ ...file, source: '' });
  });

  it('overrides only what a flag names', () => {
    const config = effective(['--data-dir', '/srv/chat', '--nats-url', 'nats://127.0.0.1:5222', '--server-id', '42']);
    expect(config.dataDir).toBe('/srv/chat');
    expect(config.nats.url).toBe('nats://127.0.0.1:5222');
    expect(config.server).toEqual({ ...file.server, id: 42 });
    expect(config.listen).toEqual(file.listen);
    expect(config.log).toEqual(file.log);
  });

  it("puts the health ports at --health-port-base on the file's IRC host", () => {
    expect(effective(['--health-port-base', '18080']).listen.health).toEqual({
      gateway: { host: '127.110.1.43', port: 18080 },
      state: { host: '127.110.1.43', port: 18081 },
      portal: { host: '127.110.1.43', port: 18082 },
    });
  });

  it("adds --oper accounts to the file's operators", () => {
    expect(effective(['--oper', 'root:pw']).operators.map((o) => `${o.name} ${o.level}`)).toEqual([
      'admin admin',
      'root admin',
    ]);
  });
});

describe('throwawayOverrides (npm run host without --config)', () => {
  it('moves NATS, health, portal and control to free ports and the data into the scratch directory', async () => {
    const args = parseHostArgs(['--name', 'irc.example.net', '--listen', '127.0.0.1:16667']);
    const file = parseHostConfig(
      'server: { name: irc.example.net, id: 1 }\nlisten: { irc: [{ host: 127.0.0.1, port: 16667 }] }\n',
    );
    const overrides = await throwawayOverrides(args, file, '/tmp/scratch');
    expect(overrides.dataDir).toBe('/tmp/scratch/data');
    const ports = [
      overrides.listen?.health?.gateway,
      overrides.listen?.health?.state,
      overrides.listen?.health?.portal,
      overrides.listen?.portal,
      overrides.listen?.control,
    ];
    for (const endpoint of ports) expect(endpoint).toEqual({ host: '127.0.0.1', port: anyNumber });
    expect(ports.map((e) => e?.port)).not.toContain(8083);
    expect(overrides.nats?.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
  });
});
