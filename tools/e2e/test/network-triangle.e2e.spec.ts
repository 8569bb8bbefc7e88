// A cycle: three hosts, every pair linked (A dials B, B dials C, C dials A). Events must reach
// every server exactly once although each has two paths, and losing one link must not split
// anybody: the servers stay reachable the other way round.
import { eventually, re, sync } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('a triangle of portals', () => {
  const suite = networkSuite(
    [
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'A'],
    ],
    { proxied: [['A', 'B']], flood: { burst: 200, linesPerSecond: 100, maxQueuedLines: 400 } },
  );
  const { pool, nick, channel } = suite;

  it('delivers every channel and private message exactly once and in order', async () => {
    const chan = channel('tri');
    const nicks = { A: nick('ta'), B: nick('tb'), C: nick('tc') };
    const clients = {
      A: await pool('A').registered(nicks.A),
      B: await pool('B').registered(nicks.B),
      C: await pool('C').registered(nicks.C),
    };
    for (const client of Object.values(clients)) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    await clients.A.waitFor(new RegExp(`^:${re(mask(nicks.C))} JOIN `));
    const sent = Array.from({ length: 20 }, (_, i) => `cycle ${i + 1}`);
    for (const [name, client] of Object.entries(clients))
      for (const text of sent) client.send(`PRIVMSG ${chan} :${name} ${text}`);
    clients.A.send(`PRIVMSG ${nicks.C} :just for C`);

    for (const [name, client] of Object.entries(clients)) {
      for (const other of Object.keys(clients).filter((o) => o !== name)) {
        await eventually(
          `${name} got ${other}'s last line`,
          () => client.lines.some((l) => l.endsWith(`:${other} cycle 20`)),
          { timeoutMs: 10_000 },
        );
      }
    }
    // Every line also travels the long way round (A to B to C besides A to C). Once every link has
    // delivered all it sent, every copy has reached a portal; a last line from each client then
    // follows any copy a portal passed on to its state.
    await suite.net.waitLinksDrained();
    const done = (name: string) => `:${mask(nicks[name as keyof typeof nicks])} PRIVMSG ${chan} :${name} done`;
    for (const [name, client] of Object.entries(clients)) client.send(`PRIVMSG ${chan} :${name} done`);
    for (const [name, client] of Object.entries(clients)) {
      for (const other of Object.keys(clients).filter((o) => o !== name)) {
        await eventually(`${name} got ${other}'s last line`, () => client.lines.includes(done(other)), {
          timeoutMs: 10_000,
        });
      }
    }
    for (const [name, client] of Object.entries(clients)) {
      await sync(client);
      for (const [other, otherNick] of Object.entries(nicks).filter(([o]) => o !== name)) {
        const fromOther = client.lines.filter(
          (l) => l.startsWith(`:${mask(otherNick)} PRIVMSG ${chan} `) && l !== done(other),
        );
        expect(fromOther).toEqual(sent.map((t) => `:${mask(otherNick)} PRIVMSG ${chan} :${other} ${t}`));
      }
    }
    expect(clients.C.lines.filter((l) => / PRIVMSG tc\d+ /.test(l))).toEqual([
      `:${mask(nicks.A)} PRIVMSG ${nicks.C} :just for C`,
    ]);
    await suite.net.waitConverged();
  });

  it('survives losing one link without a split, and takes it back', async () => {
    const chan = channel('ring');
    const [aNick, bNick] = [nick('ra'), nick('rb')];
    const a = await pool('A').registered(aNick);
    const b = await pool('B').registered(bNick);
    for (const client of [a, b]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    await a.waitFor(new RegExp(`^:${re(mask(bNick))} JOIN `));

    const [aSeen, bSeen] = [a.lines.length, b.lines.length];
    suite.net.proxy('A', 'B').cut();
    // A now reaches B through C: two hops, and nobody quits.
    const hopsToB = async () => (await suite.net.host('A').links()).find((e) => e.server === 'B')?.hops;
    await eventually('A to reach B in two hops', async () => (await hopsToB()) === 2, {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
    a.send(`PRIVMSG ${chan} :the long way round`);
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :the long way round`);
    b.send(`PRIVMSG ${aNick} :and back`);
    expect(await a.waitFor(/ PRIVMSG /)).toBe(`:${mask(bNick)} PRIVMSG ${aNick} :and back`);
    expect((await sync(a)).concat(await sync(b)).filter((l) => / QUIT /.test(l))).toEqual([]);

    suite.net.proxy('A', 'B').restore();
    await suite.net.waitLinked(15_000);
    await eventually('A to reach B in one hop again', async () => (await hopsToB()) === 1, {
      timeoutMs: 15_000,
      intervalMs: 200,
      detail: () => suite.net.describe(),
    });
    await suite.net.waitConverged();
    // Nobody left or came back: the users never saw a netsplit or a netjoin.
    await sync(a);
    await sync(b);
    expect([...a.lines.slice(aSeen), ...b.lines.slice(bSeen)].filter((l) => / (QUIT|JOIN) /.test(l))).toEqual([]);
  }, 60_000);
});
