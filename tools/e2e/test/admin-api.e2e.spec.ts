// The operator console's HTTP admin API (issue 14 §3) on the reference star, with real hosts:
// auth (refused without or with wrong credentials, 403 for a user account), a KILL through the
// API that the victim and another server's client see, a portal added at run time that links a
// fourth host without restarting the others, and reloads of the host file (a bad one refused
// with its validation message and the old config kept; a good one changes the MOTD), also by
// the IRC operator command REHASH.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, UNTHROTTLED_CONNECTS } from '@portalchat/config';
import { freePort, OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { eventually, re, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';
import { builtServices, DIST_DIR } from './support/test-host';

const OPER_PASSWORD = 'e2e-admin-password';
const MEMBER_PASSWORD = 'e2e-member-password';
const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
const ROOT = basic('root', OPER_PASSWORD);

describe('admin API across the reference network', () => {
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    {
      websocket: true,
      hostExtras: () => ({
        operators: [{ name: 'root', passwordHash: hashPassword(OPER_PASSWORD) }],
        accounts: [{ name: 'member', passwordHash: hashPassword(MEMBER_PASSWORD) }],
        motd: ['the first MOTD'],
      }),
    },
  );
  const { pool, nick, channel } = suite;

  /** The admin API of one host (its WebSocket listener), as curl would call it. */
  async function api(
    host: string,
    method: string,
    path: string,
    options: { auth?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const listener = suite.net.host(host).config.listen.websocket[0];
    if (!listener) throw new Error(`${host} has no WebSocket listener`);
    const response = await fetch(`http://${listener.host}:${listener.port}/api${path}`, {
      method,
      headers: {
        ...(options.auth ? { Authorization: options.auth } : {}),
        ...(options.body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(options.body ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  it('refuses a request without credentials (401), with wrong ones (401) and from a user account (403)', async () => {
    const none = await api('Chatsrv1', 'GET', '/users');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="Portalchat admin"/);
    expect(none.body).toEqual({ error: 'operator credentials required (HTTP Basic)' });
    expect((await api('Chatsrv1', 'GET', '/users', { auth: basic('root', 'wrong') })).status).toBe(401);
    expect(
      (await api('Chatsrv1', 'POST', '/wallops', { auth: basic('nobody', 'x'), body: { text: 'hi' } })).status,
    ).toBe(401);
    const member = await api('Chatsrv1', 'GET', '/users', { auth: basic('member', MEMBER_PASSWORD) });
    expect([member.status, member.body]).toEqual([403, { error: 'this account is not an operator' }]);
    const ok = await api('Chatsrv1', 'GET', '/whoami', { auth: ROOT });
    expect([ok.status, ok.body['operator']]).toEqual([200, 'root']);
  });

  it('kills a user: the victim sees the KILL and is closed, a client on another server sees the QUIT', async () => {
    const chan = channel('kill');
    const victimNick = nick('victim');
    const victim = await pool('Chatsrv1').registered(victimNick);
    const watcher = await pool('Chatsrv2').registered(nick('watch'));
    for (const client of [watcher, victim]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    await watcher.waitFor(new RegExp(`^:${re(victimNick)}!\\S+ JOIN ${re(chan)}$`), 10_000);
    const users = await api('Chatsrv3', 'GET', '/users', { auth: ROOT });
    expect(users.body['users']).toContainEqual(
      expect.objectContaining({ nick: victimNick, server: 'Chatsrv1', channels: [chan] }),
    );

    const kill = await api('Chatsrv1', 'POST', `/users/${victimNick}/kill`, {
      auth: ROOT,
      body: { reason: 'by the console' },
    });
    expect([kill.status, kill.body['ok']]).toEqual([200, true]);
    expect(await victim.waitFor(/ KILL /)).toBe(`:root!admin@Chatsrv1 KILL ${victimNick} :by the console`);
    await victim.waitClosed();
    expect(await watcher.waitFor(new RegExp(`^:${re(victimNick)}!\\S+ QUIT `), 10_000)).toMatch(
      /QUIT :Killed \(root \(by the console\)\)$/,
    );
    const missing = await api('Chatsrv1', 'POST', `/users/${victimNick}/kill`, {
      auth: ROOT,
      body: { reason: 'again' },
    });
    expect(missing.status).toBe(422);
    expect(missing.body['lines']).toEqual([`:Chatsrv1 401 root ${victimNick} :No such nick/channel`]);
  });

  it('refuses a bad host file with its validation message and keeps the old config; a good one changes the MOTD', async () => {
    const host = suite.net.host('Chatsrv1');
    const file = host.running().config.source;
    const original = readFileSync(file, 'utf8');
    const good = JSON.parse(original) as Record<string, unknown>;
    try {
      writeFileSync(file, JSON.stringify({ ...good, limits: { maxConnections: 'lots' }, motd: ['bad MOTD'] }));
      const refused = await api('Chatsrv1', 'POST', '/reload', { auth: ROOT });
      expect(refused.status).toBe(422);
      expect(refused.body['ok']).toBe(false);
      expect(refused.body['problems']).toEqual([expect.stringMatching(/^.*Chatsrv1\.yaml: limits\.maxConnections: /)]);
      expect(await motdOf('Chatsrv1')).toEqual(['the first MOTD']);

      writeFileSync(file, JSON.stringify({ ...good, motd: ['a MOTD from the reload'] }));
      const reloaded = await api('Chatsrv1', 'POST', '/reload', { auth: ROOT });
      expect([reloaded.status, reloaded.body['problems']]).toEqual([200, []]);
      expect(reloaded.body['services']).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^state: took the new file/),
          expect.stringMatching(/^portal: /),
        ]),
      );
      expect(await motdOf('Chatsrv1')).toEqual(['a MOTD from the reload']);

      // The IRC operator command does the same: 382, then the outcome as a NOTICE.
      writeFileSync(file, JSON.stringify({ ...good, motd: ['a MOTD from REHASH'] }));
      const op = await pool('Chatsrv1').registered(nick('op'));
      op.send(`OPER root ${OPER_PASSWORD}`);
      await op.waitFor(/ 381 /);
      op.send('REHASH');
      expect(await op.waitFor(/ 382 /)).toMatch(/ 382 \S+ \S+ :?Rehashing$/);
      expect(await op.waitFor(/ NOTICE \S+ :REHASH /, 20_000)).toMatch(/:REHASH done: .*Chatsrv1\.yaml$/);
      expect(await motdOf('Chatsrv1')).toEqual(['a MOTD from REHASH']);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('adds a portal at run time: a fourth host links to the hub, and LINKS on an old host lists four servers', async () => {
    const hub = suite.net.host('Chatsrv3');
    const secret = 'a-fourth-host-secret';
    const scratch = mkdtempSync(join(tmpdir(), 'portalchat-fourth-'));
    const port = async () => ({ host: '127.0.0.1', port: await freePort('127.0.0.1') });
    const portal = await port();
    const health = { gateway: await port(), state: await port(), portal: await port() };
    const file = join(scratch, 'Chatsrv4.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        server: { name: 'Chatsrv4', id: 40, description: 'the fourth host' },
        listen: { irc: [await port()], portal, health, control: await port() },
        nats: { url: `nats://127.0.0.1:${await freePort('127.0.0.1')}` },
        dataDir: join(scratch, 'data'),
        limits: { maxConnectionsPerIp: 10_000, ...UNTHROTTLED_CONNECTS },
        portal: { splitGraceMs: 0, tls: { caDir: join(scratch, 'ca') } },
        // This pair agrees on plaintext: the fourth host has its own CA, not the network's.
        portals: [
          {
            name: 'Portal_to_Chatsrv3',
            address: hub.config.listen.portal.host,
            port: hub.config.listen.portal.port,
            serverId: hub.id,
            uplink: true,
            secret,
            insecure: true,
          },
        ],
      }),
    );
    let fourth: RunningHost | undefined;
    try {
      fourth = await startHost({
        configPath: file,
        distDir: DIST_DIR,
        services: builtServices(),
        output: OutputMode.Json,
        write: () => undefined,
      });
      const added = await api('Chatsrv3', 'POST', '/portals', {
        auth: ROOT,
        body: {
          name: 'Portal_to_Chatsrv4',
          address: portal.host,
          port: portal.port,
          serverId: 40,
          uplink: false,
          secret,
          insecure: true,
        },
      });
      expect([added.status, added.body['ok']]).toEqual([200, true]);
      await suite.net.waitLinked(20_000, { Chatsrv1: ['Chatsrv1', 'Chatsrv2', 'Chatsrv3', 'Chatsrv4'] });
      const links = await suite.net.host('Chatsrv1').links();
      expect(links.map((l) => [l.server, l.hops])).toEqual(
        expect.arrayContaining([
          ['Chatsrv4', 2],
          ['Chatsrv3', 1],
        ]),
      );
      // The same name again is refused, and the portal is listed (it is kept for a restart).
      const again = await api('Chatsrv3', 'POST', '/portals', {
        auth: ROOT,
        body: {
          name: 'Portal_to_Chatsrv4',
          address: portal.host,
          port: portal.port,
          serverId: 41,
          uplink: false,
          secret,
        },
      });
      expect([again.status, again.body['error']]).toEqual([422, 'a portal named Portal_to_Chatsrv4 exists already']);

      // Removing it splits the fourth host off at once.
      const removed = await api('Chatsrv3', 'DELETE', '/portals/Portal_to_Chatsrv4', { auth: ROOT });
      expect(removed.status).toBe(200);
      await suite.net.waitLinked(20_000, { Chatsrv1: ['Chatsrv1', 'Chatsrv2', 'Chatsrv3'] });
    } finally {
      await fourth?.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  /** The MOTD lines a new client of `host` gets. */
  async function motdOf(host: string): Promise<string[]> {
    const client: IrcTestClient = await pool(host).connect();
    await client.register(nick('motd'));
    const end = await client.waitFor(/^:\S+ (376|422) /);
    const lines = client.lines.slice(0, client.lines.indexOf(end));
    client.close();
    return lines.flatMap((line) => /^:\S+ 372 \S+ :- ?(.*)$/.exec(line)?.slice(1) ?? []);
  }

  it('serves the console page without credentials (it holds nothing private)', async () => {
    const listener = suite.net.host('Chatsrv2').config.listen.websocket[0];
    const page = await fetch(`http://${listener?.host}:${listener?.port}/admin`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Portalchat operator console</title>');
    await eventually(
      'the script served',
      async () => (await fetch(`http://${listener?.host}:${listener?.port}/admin/console.js`)).ok,
    );
  });
});
