// The split grace on the reference star (issue 11, item 4): a portal killed with SIGKILL and
// brought back by its host's supervisor within the grace shows no netsplit to anyone (no QUIT, no
// JOIN), loses and doubles none of the numbered messages the three hosts send across it all the
// while (the portals hold what they cannot send, state hands the new portal what the dead one had
// not acknowledged), and all servers agree; a portal stopped for a planned
// restart shows only what really changed meanwhile; a link down for longer than the grace splits
// as before, and heals with identical views once it is back.
import type { IrcTestClient } from '@portalchat/testkit';
import { defined, eventually, quietPeriod, re } from '@portalchat/testkit';
import type { NetworkHost } from './support/network';
import { networkSuite } from './support/network-suite';

/** Long enough for a supervised portal to come back and relink on a busy machine; short enough to wait out. */
const GRACE_MS = 4000;
const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('the split grace on the reference star', () => {
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    { splitGraceMs: GRACE_MS, proxied: [['Chatsrv1', 'Chatsrv3']] },
  );
  const { pool, nick, channel } = suite;

  /** Three clients, one per host, all in a fresh channel, with the network converged. */
  async function threeInAChannel(base: string) {
    const chan = channel(base);
    const nicks = { a: nick(`${base}a`), b: nick(`${base}b`), c: nick(`${base}c`) };
    const a = await pool('Chatsrv1').registered(nicks.a);
    const b = await pool('Chatsrv2').registered(nicks.b);
    const c = await pool('Chatsrv3').registered(nicks.c);
    for (const client of [a, b, c]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    for (const client of [a, b]) await client.waitFor(new RegExp(`^:${re(mask(nicks.c))} JOIN ${re(chan)}$`));
    return { chan, a, b, c, nicks, clients: [a, b, c] };
  }

  /** Each client's lines from `marks` on that are QUITs, JOINs or PARTs (or TOPICs, with `topics`). */
  const membershipLines = (clients: IrcTestClient[], marks: number[], topics = false) =>
    clients.map((client, i) =>
      client.lines.slice(marks[i]).filter((l) => (topics ? / (QUIT|JOIN|PART|TOPIC) / : / (QUIT|JOIN|PART) /).test(l)),
    );

  /** Whether every portal of `host` lists its configured links as up. */
  async function linksUp(host: NetworkHost): Promise<boolean> {
    const empty: Record<string, unknown> = {};
    const { status, body } = await host.portalReadyz().catch(() => ({ status: 0, body: empty }));
    const portals = (body['portals'] ?? []) as Array<{ state: string }>;
    return status === 200 && portals.length > 0 && portals.every((p) => p.state === 'up');
  }

  async function metric(host: NetworkHost, line: RegExp): Promise<number | undefined> {
    const text = await (
      await fetch(`${defined(host.running().health['portal'], 'the portal health URL')}/metrics`)
    ).text();
    const found = text.split('\n').find((l) => line.test(l));
    return found === undefined ? undefined : Number(found.split(' ').pop());
  }

  /** Every `every` ms each client says `n <its index> <k>`, k = 1, 2, …; stop() says how many each sent. */
  function numbered(chan: string, clients: IrcTestClient[], every = 50) {
    let sent = 0;
    const timer = setInterval(() => {
      sent++;
      for (const [i, client] of clients.entries()) client.send(`PRIVMSG ${chan} :n ${i} ${sent}`);
    }, every);
    return {
      stop: () => {
        clearInterval(timer);
        return sent;
      },
    };
  }

  /** The numbers `client` got from the sender at `index`, in the order they came. */
  const numbersFrom = (client: IrcTestClient, index: number) =>
    client.lines.flatMap((l) => {
      const found = / PRIVMSG \S+ :n (\d+) (\d+)$/.exec(l);
      return found && Number(found[1]) === index ? [Number(found[2])] : [];
    });

  it('a portal killed with SIGKILL and restarted by the supervisor within the grace shows nobody a QUIT or a JOIN, and loses or doubles no message', async () => {
    const { chan, clients } = await threeInAChannel('kill');
    const leaf = suite.net.host('Chatsrv1');
    const hub = suite.net.host('Chatsrv3');
    const portalPid = () =>
      leaf
        .running()
        .status()
        .find((s) => s.name === 'portal')?.pid;
    const victim = defined(portalPid(), "the pid of Chatsrv1's portal");
    const marks = clients.map((client) => client.lines.length);
    const healedBefore = (await metric(hub, /^portalchat_portal_split_grace_total\{.*outcome="healed"/)) ?? 0;
    const talk = numbered(chan, clients);
    let sent = 0;
    let killedAt = 0;
    try {
      await quietPeriod(300, 'numbered messages flow before the kill');
      process.kill(victim, 'SIGKILL');
      killedAt = Date.now();
      await eventually('the supervisor to start a new portal', () => ![undefined, victim].includes(portalPid()), {
        timeoutMs: GRACE_MS,
      });
      await eventually('the new portal to relink', () => linksUp(leaf), { timeoutMs: GRACE_MS, intervalMs: 100 });
      const relinkedInMs = Date.now() - killedAt;
      process.stdout.write(`split grace e2e: Chatsrv1's portal killed, relinked in ${relinkedInMs} ms\n`);
      expect(relinkedInMs).toBeLessThan(GRACE_MS);
      await quietPeriod(300, 'numbered messages flow after the relink');
    } finally {
      sent = talk.stop();
    }

    // Every numbered message of every host reached the two others once, in order, across the kill.
    const all = Array.from({ length: sent }, (_, k) => k + 1);
    const others = (i: number) => [0, 1, 2].filter((j) => j !== i);
    await eventually(
      'every numbered message to arrive',
      () => clients.every((client, i) => others(i).every((j) => numbersFrom(client, j).length >= sent)),
      { timeoutMs: 10_000, intervalMs: 100 },
    ).catch(() => undefined);
    for (const [i, client] of clients.entries()) for (const j of others(i)) expect(numbersFrom(client, j)).toEqual(all);

    // Past every grace that the kill started: still no QUIT or JOIN anywhere.
    await quietPeriod(Math.max(0, killedAt + GRACE_MS + 500 - Date.now()), 'a split announced late would show by now');
    expect(membershipLines(clients, marks)).toEqual([[], [], []]);
    const snapshot = await suite.net.waitConverged();
    expect(snapshot.channels.find((ch) => ch.name === chan)?.members).toHaveLength(3);
    // The hub held Chatsrv1 as split pending and counted it healed.
    expect(await metric(hub, /^portalchat_portal_split_grace_total\{.*outcome="healed"/)).toBe(healedBefore + 1);
  }, 60_000);

  it('a portal restarted within the grace shows only what really changed meanwhile', async () => {
    const { chan, a, b, c, nicks } = await threeInAChannel('diff');
    const leaf = suite.net.host('Chatsrv1');
    // a made the channel; c gets ops to set its topic while a is cut off.
    a.send(`MODE ${chan} +o ${nicks.c}`);
    await c.waitFor(/ MODE /);
    await suite.net.waitConverged();
    const marks = [a.lines.length, c.lines.length];

    await leaf.stopPortal();
    // While Chatsrv1 is cut off: b leaves the network, c sets a topic, and d arrives.
    b.send('QUIT :bye');
    c.send(`TOPIC ${chan} :set during the gap`);
    await c.waitFor(/ TOPIC /);
    const dNick = nick('diffd');
    const d = await pool('Chatsrv3').registered(dNick);
    d.send(`JOIN ${chan}`);
    await d.waitFor(/ 366 /);
    await leaf.startPortal();
    await eventually('the portal to relink', () => linksUp(leaf), { timeoutMs: GRACE_MS, intervalMs: 100 });
    await suite.net.waitConverged();
    await quietPeriod(GRACE_MS, 'a split announced after the grace would show by now');

    // Each change once, nothing else: no QUIT or JOIN of c, no second QUIT of b.
    const [seenByA, seenByC] = membershipLines([a, c], marks, true);
    expect(seenByA?.sort()).toEqual(
      [
        // The hub held b's QUIT for Chatsrv1 while it was away: it comes with b's own reason.
        `:${mask(nicks.b)} QUIT :Quit: bye`,
        `:${mask(dNick)} JOIN ${chan}`,
        `:${mask(nicks.c)} TOPIC ${chan} :set during the gap`,
      ].sort(),
    );
    // c saw b's own QUIT, its own TOPIC, d's JOIN, and nothing of a.
    expect(seenByC?.sort()).toEqual(
      [
        `:${mask(nicks.b)} QUIT :Quit: bye`,
        `:${mask(nicks.c)} TOPIC ${chan} :set during the gap`,
        `:${mask(dNick)} JOIN ${chan}`,
      ].sort(),
    );
  }, 60_000);

  it('a link down for longer than the grace splits, and heals with identical views when it is back', async () => {
    const { chan, a, b, c, nicks } = await threeInAChannel('long');
    const proxy = suite.net.proxy('Chatsrv1', 'Chatsrv3');
    proxy.cut();
    const cutAt = Date.now();
    const quits = [await a.waitFor(/ QUIT /, GRACE_MS + 5000), await a.waitFor(/ QUIT /, 2000)].sort();
    const splitAfterMs = Date.now() - cutAt;
    process.stdout.write(`split grace e2e: link cut, split announced after ${splitAfterMs} ms\n`);
    expect(splitAfterMs).toBeGreaterThanOrEqual(GRACE_MS);
    expect(quits).toEqual(
      [`:${mask(nicks.b)} QUIT :Chatsrv1 Chatsrv3`, `:${mask(nicks.c)} QUIT :Chatsrv1 Chatsrv3`].sort(),
    );
    expect(await b.waitFor(new RegExp(`^:${re(mask(nicks.a))} QUIT `), 5000)).toBe(
      `:${mask(nicks.a)} QUIT :Chatsrv3 Chatsrv1`,
    );
    await suite.net.waitLinked(5000, { Chatsrv1: ['Chatsrv1'], Chatsrv3: ['Chatsrv2', 'Chatsrv3'] });

    proxy.restore();
    const joins = [await a.waitFor(/ JOIN /, 15_000), await a.waitFor(/ JOIN /, 5000)].sort();
    expect(joins).toEqual([`:${mask(nicks.b)} JOIN ${chan}`, `:${mask(nicks.c)} JOIN ${chan}`].sort());
    await suite.net.waitLinked();
    const snapshot = await suite.net.waitConverged();
    expect(snapshot.channels.find((ch) => ch.name === chan)?.members).toHaveLength(3);
    c.send(`PRIVMSG ${chan} :after the netjoin`);
    expect(await a.waitFor(/ PRIVMSG /)).toBe(`:${mask(nicks.c)} PRIVMSG ${chan} :after the netjoin`);
  }, 60_000);
});
