// "A host can be restarted alone and rejoins" (issue 3, operations) on the reference star:
// a whole leaf host goes down and up again (its NATS, state, portal and gateway), then only the
// hub's state service restarts (its portal drops the links so that every peer bursts to the new
// instance). Each time the network must come back whole: LINKS complete everywhere, the states
// identical, and messages crossing both hops in both directions.
import { eventually, re, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;
const HOSTS = ['Chatsrv1', 'Chatsrv2', 'Chatsrv3'] as const;
/** A snapshot member (`o:nick`) as its nick. */
const memberNick = (member: string) => member.replace(/^\w*:/, '');

/** The nick a test client registered with (from its 001), for failure messages. */
const nickOf = (client: IrcTestClient) => /^:\S+ 001 (\S+)/.exec(client.lines.find((l) => / 001 /.test(l)) ?? '')?.[1];

describe('restarting one host of the reference star', () => {
  const suite = networkSuite([
    ['Chatsrv1', 'Chatsrv3'],
    ['Chatsrv2', 'Chatsrv3'],
  ]);
  const { pool, nick, channel } = suite;

  /**
   * Waits until `client` has received `line` (in any order relative to other lines: events take
   * different paths). A failure says which client missed it, what it got last, and how each host's
   * links and logs stood.
   */
  async function received(client: IrcTestClient, line: string, timeoutMs = 10_000): Promise<void> {
    await eventually(`${line} received`, () => client.lines.includes(line), {
      timeoutMs,
      detail: async () =>
        `${nickOf(client) ?? 'the client'} got last:\n  ${client.lines.slice(-12).join('\n  ')}\n${await suite.net.describe()}`,
    });
  }

  /** One client per host in `chan` (in the order of HOSTS), each having seen the others join. */
  async function everyoneIn(chan: string, base: string) {
    const [host1, host2, host3] = HOSTS;
    const nicks = [nick(`${base}1x`), nick(`${base}2x`), nick(`${base}3x`)] as const;
    const clients = await Promise.all([
      pool(host1).registered(nicks[0]),
      pool(host2).registered(nicks[1]),
      pool(host3).registered(nicks[2]),
    ]);
    for (const client of clients) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    for (const [i, client] of clients.entries()) {
      for (const other of nicks.filter((_, j) => j > i)) await received(client, `:${mask(other)} JOIN ${chan}`);
    }
    return { nicks, clients };
  }

  /** Every client says one line in `chan`; every other client gets each exactly once. */
  async function chatAround(chan: string, nicks: string[], clients: IrcTestClient[], text: string): Promise<void> {
    const from = clients.map((c) => c.lines.length);
    for (const [i, client] of clients.entries()) client.send(`PRIVMSG ${chan} :${text} from ${nicks[i]}`);
    for (const [i, client] of clients.entries()) {
      for (const [j, other] of nicks.entries()) {
        if (i === j) continue;
        const line = `:${mask(other)} PRIVMSG ${chan} :${text} from ${other}`;
        await received(client, line);
        expect(client.lines.slice(from[i]).filter((l) => l === line)).toHaveLength(1);
      }
    }
  }

  it('a leaf host restarted whole: its users split off, then it rejoins and chats across two hops', async () => {
    const chan = channel('restart');
    const { nicks, clients } = await everyoneIn(chan, 'r');
    const [a, , c] = clients;
    const bNick = nicks[1];
    await suite.net.waitConverged();

    await suite.net.host('Chatsrv2').restart();
    // The others learn of it as a netsplit: the portal left before the gateway closed the clients.
    expect(await a.waitFor(new RegExp(`^:${re(mask(bNick))} QUIT `), 10_000)).toBe(
      `:${mask(bNick)} QUIT :Chatsrv3 Chatsrv2`,
    );
    expect(await c.waitFor(new RegExp(`^:${re(mask(bNick))} QUIT `), 10_000)).toBe(
      `:${mask(bNick)} QUIT :Chatsrv3 Chatsrv2`,
    );

    await suite.net.waitLinked(20_000);
    for (const host of HOSTS) expect((await suite.net.host(host).links()).map((e) => e.server).sort()).toEqual(HOSTS);
    const snapshot = await suite.net.waitConverged(15_000);
    expect(snapshot.users.some((u) => u.nick === bNick)).toBe(false);

    // A new client on the restarted leaf chats with both others (Chatsrv1 is two hops away).
    const b2Nick = nick('rb');
    const b2 = await pool('Chatsrv2').registered(b2Nick);
    b2.send(`JOIN ${chan}`);
    await b2.waitFor(/ 366 /);
    // Each server sends a channel message only to the servers it knows to have members: before c
    // speaks, its server (the hub) must have applied b2's JOIN too, not only a's server. As in
    // everyoneIn and the hub state test, every other client sees the newcomer join first.
    for (const client of [a, c]) await received(client, `:${mask(b2Nick)} JOIN ${chan}`);
    await chatAround(chan, [nicks[0], b2Nick, nicks[2]], [a, b2, c], 'after the restart');
    b2.send(`PRIVMSG ${nicks[0]} :private, two hops`);
    expect(await a.waitFor(/ PRIVMSG \S+ :private/, 10_000)).toBe(
      `:${mask(b2Nick)} PRIVMSG ${nicks[0]} :private, two hops`,
    );
    const members = (await suite.net.waitConverged(15_000)).channels.find((ch) => ch.name === chan)?.members;
    expect(members?.map(memberNick).sort()).toEqual([nicks[0], b2Nick, nicks[2]].sort());
  }, 90_000);

  it('the hub state service restarted alone: it recovers its history, nobody sees a split, all keep chatting', async () => {
    const chan = channel('newstate');
    const { nicks, clients } = await everyoneIn(chan, 's');
    await suite.net.waitConverged();
    const seenBefore = clients.map((c) => c.lines.length);

    const hub = suite.net.host('Chatsrv3').running();
    await hub.stopService('state');
    await hub.startService('state');

    // Everyone, the hub's own client included, carries on with the recovered state: no QUIT, no
    // JOIN again, no ERROR; both directions across the hub work.
    await chatAround(chan, [...nicks], clients, 'after the state restart');
    const snapshot = await suite.net.waitConverged(15_000);
    const members = snapshot.channels.find((ch) => ch.name === chan)?.members.map(memberNick);
    expect(members?.sort()).toEqual([...nicks].sort());
    clients.forEach((c, i) =>
      expect(c.lines.slice(seenBefore[i]).filter((l) => / (QUIT|JOIN) |^ERROR /.test(l))).toEqual([]),
    );
  }, 90_000);
});
