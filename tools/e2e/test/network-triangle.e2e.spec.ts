// A cycle: three hosts, every pair linked (A dials B, B dials C, C dials A). Events must reach
// every server exactly once although each has two paths, and losing one link must not split
// anybody: the servers stay reachable the other way round.
import { startTestNetwork, type TestNetwork } from './support/network';
import { ClientPool, pause, re, sync, waitUntil } from './support/sessions';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('a triangle of portals', () => {
  let net: TestNetwork;
  const pools = new Map<string, ClientPool>();
  const pool = (host: string) => {
    if (!pools.has(host)) pools.set(host, new ClientPool(() => net.host(host)));
    return pools.get(host)!;
  };
  let serial = 0;
  const nick = (base: string) => `${base}${++serial}`;

  beforeAll(async () => {
    net = await startTestNetwork(
      [
        ['A', 'B'],
        ['B', 'C'],
        ['C', 'A'],
      ],
      { proxied: [['A', 'B']], flood: { burst: 200, linesPerSecond: 100, maxQueuedLines: 400 } },
    );
    await net.waitLinked();
  }, 60_000);
  afterEach(() => pools.forEach((p) => p.closeAll()));
  afterAll(async () => {
    await net?.stop();
  });

  it('delivers every channel and private message exactly once and in order', async () => {
    const chan = `#tri${++serial}`;
    const nicks = { A: nick('ta'), B: nick('tb'), C: nick('tc') };
    const clients = {
      A: await pool('A').registered(nicks.A),
      B: await pool('B').registered(nicks.B),
      C: await pool('C').registered(nicks.C),
    };
    for (const client of Object.values(clients)) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await net.waitConverged();
    }
    await clients.A.waitFor(new RegExp(`^:${re(mask(nicks.C))} JOIN `));
    const sent = Array.from({ length: 20 }, (_, i) => `cycle ${i + 1}`);
    for (const [name, client] of Object.entries(clients)) for (const text of sent) client.send(`PRIVMSG ${chan} :${name} ${text}`);
    clients.A.send(`PRIVMSG ${nicks.C} :just for C`);

    for (const [name, client] of Object.entries(clients)) {
      for (const other of Object.keys(clients).filter((o) => o !== name)) {
        await waitUntil(() => client.lines.some((l) => l.endsWith(`:${other} cycle 20`)), `${name} got ${other}'s last line`, 10_000);
      }
    }
    // Let any copy taking the long way round arrive before counting.
    await pause(300);
    for (const [name, client] of Object.entries(clients)) {
      await sync(client);
      for (const [other, otherNick] of Object.entries(nicks).filter(([o]) => o !== name)) {
        const fromOther = client.lines.filter((l) => l.startsWith(`:${mask(otherNick)} PRIVMSG ${chan} `));
        expect(fromOther).toEqual(sent.map((t) => `:${mask(otherNick)} PRIVMSG ${chan} :${other} ${t}`));
      }
    }
    expect(clients.C.lines.filter((l) => / PRIVMSG tc\d+ /.test(l))).toEqual([`:${mask(nicks.A)} PRIVMSG ${nicks.C} :just for C`]);
    await net.waitConverged();
  });

  it('survives losing one link without a split, and takes it back', async () => {
    const chan = `#ring${++serial}`;
    const [aNick, bNick] = [nick('ra'), nick('rb')];
    const a = await pool('A').registered(aNick);
    const b = await pool('B').registered(bNick);
    for (const client of [a, b]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await net.waitConverged();
    }
    await a.waitFor(new RegExp(`^:${re(mask(bNick))} JOIN `));

    const [aSeen, bSeen] = [a.lines.length, b.lines.length];
    net.proxy('A', 'B').cut();
    // A now reaches B through C: two hops, and nobody quits.
    const deadline = Date.now() + 10_000;
    let hopsToB = 1;
    while (hopsToB !== 2 && Date.now() < deadline) {
      hopsToB = (await net.host('A').links()).find((e) => e.server === 'B')?.hops ?? -1;
      if (hopsToB !== 2) await pause(200);
    }
    expect(hopsToB).toBe(2);
    a.send(`PRIVMSG ${chan} :the long way round`);
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :the long way round`);
    b.send(`PRIVMSG ${aNick} :and back`);
    expect(await a.waitFor(/ PRIVMSG /)).toBe(`:${mask(bNick)} PRIVMSG ${aNick} :and back`);
    expect((await sync(a)).concat(await sync(b)).filter((l) => / QUIT /.test(l))).toEqual([]);

    net.proxy('A', 'B').restore();
    await net.waitLinked(15_000);
    const back = Date.now() + 15_000;
    while ((await net.host('A').links()).find((e) => e.server === 'B')?.hops !== 1) {
      if (Date.now() > back) throw new Error(`the A-B link did not come back\n${await net.describe()}`);
      await pause(200);
    }
    await net.waitConverged();
    // Nobody left or came back: the users never saw a netsplit or a netjoin.
    await sync(a);
    await sync(b);
    expect([...a.lines.slice(aSeen), ...b.lines.slice(bSeen)].filter((l) => / (QUIT|JOIN) /.test(l))).toEqual([]);
  }, 60_000);
});
