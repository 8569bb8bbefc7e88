import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
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

  it('takes its children down with it when it is killed outright', async () => {
    host = await startStandaloneHost('irc.e2e.test');
    expect(await host.stop('SIGKILL')).toBe('SIGKILL');
    expect(await waitUntilGone(host.dataDir)).toEqual([]);
    expect(await waitUntilPortClosed(host.irc.host, host.irc.port)).toBe(true);
    // Killed hosts cannot clean up their scratch directory (<tmp>/portalchat-host-*/data).
    rmSync(dirname(host.dataDir), { recursive: true, force: true });
  });
});
