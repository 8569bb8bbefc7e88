import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { natsLoginFor } from '@portalchat/config';
import { IrcTestClient } from '@portalchat/testkit';
import {
  startStandaloneHost,
  waitUntilGone,
  waitUntilPortClosed,
  type StandaloneHost,
} from './support/standalone-host';

describe('standalone host (npm run host)', () => {
  let host: StandaloneHost | undefined;
  let client: IrcTestClient | undefined;

  afterEach(async () => {
    client?.close();
    await host?.stop('SIGKILL');
    client = host = undefined;
  });

  it('welcomes a client that registers, then stops without leaving a process behind', async () => {
    host = await startStandaloneHost('irc.e2e.test');
    client = await IrcTestClient.connect(host.irc);
    const welcome = await client.register('alice');
    expect(welcome).toMatch(/^:irc\.e2e\.test 001 alice :/);

    expect(await host.stop('SIGTERM')).toBe(0);
    expect(await waitUntilGone(host.dataDir)).toEqual([]);
    expect(await waitUntilPortClosed(host.irc.host, host.irc.port)).toBe(true);
  });

  it('locks its NATS: no connection without a password, and a service user only on its own subjects', async () => {
    host = await startStandaloneHost('irc.e2e.test');
    const { natsUrl, dataDir } = host;
    await expect(connect({ servers: natsUrl, reconnect: false })).rejects.toThrow(/Authorization Violation/);
    const gateway = await connect({
      servers: natsUrl,
      reconnect: false,
      ...natsLoginFor({ dataDir, nats: { auth: 'generated' } }, 'gateway-gw1'),
    });
    try {
      // A gateway that writes to state as the portal is refused by the server.
      const refused = new Promise<string>((resolve) => {
        void (async () => {
          for await (const status of gateway.status())
            if (status.type === 'error') return resolve(String(status.error));
        })();
      });
      gateway.publish('chat.1.portal.in', '{}');
      await gateway.flush();
      expect(await refused).toMatch(/Permissions Violation for Publish to "chat\.1\.portal\.in"/);
    } finally {
      await gateway.close();
    }
  });

  it('keeps operator passwords out of ps: --oper shows as name:***, --oper-file never shows', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'opers-'));
    const file = join(scratch, 'opers');
    writeFileSync(file, '# test operators\nfromfile:file-pw-6e1\n');
    try {
      host = await startStandaloneHost('irc.e2e.test', ['--oper', 'flag:flag-pw-93c', '--oper-file', file]);
      const pid = host.process.pid ?? -1;
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      expect(commandLine).toContain('--oper flag:***');
      expect(commandLine).not.toContain('flag-pw-93c');
      client = await IrcTestClient.connect(host.irc);
      await client.register('alice');
      client.send('OPER fromfile file-pw-6e1');
      expect(await client.waitFor(/ 381 /)).toMatch(/^:irc\.e2e\.test 381 alice /);
      expect(host.output()).not.toMatch(/file-pw-6e1|flag-pw-93c/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('takes its children down with it when it is killed outright', async () => {
    host = await startStandaloneHost('irc.e2e.test');
    expect(await host.stop('SIGKILL')).toBe('SIGKILL');
    expect(await waitUntilGone(host.dataDir)).toEqual([]);
    expect(await waitUntilPortClosed(host.irc.host, host.irc.port)).toBe(true);
    // Killed hosts cannot clean up their scratch directory (<tmp>/portalchat-host-*/data).
    rmSync(dirname(host.dataDir), { recursive: true, force: true });
  });
});
