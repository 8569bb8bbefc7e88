// Operator tools (issue 12) on the reference star, with real hosts and portals: a GLINE set on
// Chatsrv1 drops a matching user on Chatsrv2 (two hops away) and keeps refusing it after a restart
// of Chatsrv2's state service, as does a K-line that only Chatsrv2 holds; SQUIT splits a link at
// once (despite a long split grace) and it stays down until CONNECT links it again.
import { hashPassword } from '@portalchat/config';
import { eventually, quietPeriod, re, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;
const OPER_PASSWORD = 'e2e-oper-password';
/** Long enough that a split shown within a few seconds can only be SQUIT's, which skips it. */
const SPLIT_GRACE_MS = 30_000;

describe('operator tools across the reference network', () => {
  const passwordHash = hashPassword(OPER_PASSWORD);
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    {
      splitGraceMs: SPLIT_GRACE_MS,
      hostExtras: () => ({ operators: [{ name: 'root', passwordHash }] }),
    },
  );
  const { pool, nick, channel } = suite;

  async function oper(host: string): Promise<{ op: IrcTestClient; opNick: string }> {
    const opNick = nick('op');
    const op = await pool(host).registered(opNick);
    op.send(`OPER root ${OPER_PASSWORD}`);
    await op.waitFor(/ 381 /);
    return { op, opNick };
  }

  /** The next line matching `pattern`; a failure shows how the hosts' links and logs stood. */
  async function next(client: IrcTestClient, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    try {
      return await client.waitFor(pattern, timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${await suite.net.describe()}`, { cause: err });
    }
  }

  /** A client that tries to register as `name` on `host`: the 465 line it gets, or a failure. */
  async function refused(host: string, name: string): Promise<string> {
    const client = await pool(host).connect();
    client.send(`NICK ${name}`);
    client.send(`USER ${name} 0 * :${name}`);
    const line = await client.waitFor(/ (465|001) /, 10_000);
    if (/ 001 /.test(line)) client.send('QUIT');
    await client.waitClosed();
    return line;
  }

  it('a GLINE drops the user two hops away, and it and a K-line still refuse after a restart of state', async () => {
    const chan = channel('gl');
    const { op, opNick } = await oper('Chatsrv1');
    const badNick = nick('bad');
    const bad = await pool('Chatsrv2').registered(badNick);
    const watcher = await pool('Chatsrv3').registered(nick('w'));
    for (const client of [watcher, bad]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    await watcher.waitFor(new RegExp(`^:${re(mask(badNick))} JOIN ${re(chan)}$`), 10_000);

    op.send(`GLINE ~${badNick}@* :network abuse`);
    expect(await op.waitFor(/ NOTICE /)).toBe(
      `:Chatsrv1 NOTICE ${opNick} :Added permanent G-Line [~${badNick}@*]: network abuse`,
    );
    expect(await bad.waitFor(/ 465 /, 10_000)).toBe(
      `:Chatsrv2 465 ${badNick} :You are banned from this server: network abuse`,
    );
    expect(await bad.waitFor(/^ERROR /)).toBe('ERROR :Closing Link: 127.0.0.1 (G-Lined: network abuse)');
    await bad.waitClosed();
    expect(await watcher.waitFor(new RegExp(`^:${re(mask(badNick))} QUIT `), 10_000)).toBe(
      `:${mask(badNick)} QUIT :G-Lined: network abuse`,
    );

    // A K-line only Chatsrv2 holds: nothing but its own recovery can bring it back.
    const { op: localOp } = await oper('Chatsrv2');
    const klined = nick('kl');
    localOp.send(`KLINE ~${klined}@127.0.0.1 :local rule`);
    await localOp.waitFor(/ NOTICE .*Added permanent K-Line/);

    await suite.net.host('Chatsrv2').restartService('state');
    await suite.net.waitLinked(30_000);
    await eventually('Chatsrv2 refuses the G-lined user after its state restarted', async () =>
      (await refused('Chatsrv2', badNick)).includes(' 465 '),
    );
    expect(await refused('Chatsrv2', badNick)).toBe(
      `:Chatsrv2 465 ${badNick} :You are banned from this server: network abuse`,
    );
    expect(await refused('Chatsrv2', klined)).toBe(
      `:Chatsrv2 465 ${klined} :You are banned from this server: local rule`,
    );
    expect(await refused('Chatsrv1', badNick)).toBe(
      `:Chatsrv1 465 ${badNick} :You are banned from this server: network abuse`,
    );
  }, 90_000);

  it('SQUIT splits a link at once, without the grace; it stays down until CONNECT', async () => {
    const chan = channel('sq');
    const { op } = await oper('Chatsrv1');
    const aNick = nick('a');
    const cNick = nick('c');
    const a = await pool('Chatsrv1').registered(aNick);
    const c = await pool('Chatsrv3').registered(cNick);
    for (const client of [a, c]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    await a.waitFor(new RegExp(`^:${re(mask(cNick))} JOIN ${re(chan)}$`), 10_000);

    op.send('SQUIT Chatsrv3 :maintenance');
    expect(await op.waitFor(/ NOTICE /)).toMatch(/:\*\*\* SQUIT: closing the link to Chatsrv3 \(maintenance\)/);
    // Both sides split now, though a lost link would be held for 30 s.
    expect(await next(a, new RegExp(`^:${re(mask(cNick))} QUIT `), 5000)).toBe(
      `:${mask(cNick)} QUIT :Chatsrv1 Chatsrv3`,
    );
    expect(await next(c, new RegExp(`^:${re(mask(aNick))} QUIT `), 5000)).toBe(
      `:${mask(aNick)} QUIT :Chatsrv3 Chatsrv1`,
    );

    // The portal would redial within ~1 s after a link that was up; a SQUIT keeps it down.
    await quietPeriod(3000, 'no redial after a SQUIT');
    expect((await suite.net.host('Chatsrv1').links()).map((l) => l.server)).toEqual(['Chatsrv1']);

    op.send('CONNECT Chatsrv3');
    expect(await op.waitFor(/ NOTICE /)).toMatch(/:\*\*\* CONNECT: Connecting to Chatsrv3 \(Portal_to_Chatsrv3, /);
    await suite.net.waitLinked(30_000);
    await next(a, new RegExp(`^:${re(mask(cNick))} JOIN ${re(chan)}$`));
    a.send(`PRIVMSG ${chan} :back together`);
    expect(await c.waitFor(/ PRIVMSG /, 10_000)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :back together`);
  }, 90_000);
});
