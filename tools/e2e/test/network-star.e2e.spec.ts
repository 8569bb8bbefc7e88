// The reference network (a star around Chatsrv3, Chatsrv1 and Chatsrv2 uplinking to it) as real
// hosts: LINKS everywhere, messages across two hops, channel changes seen on every server, a ban
// that holds across servers. Real NATS per host, real gRPC portals, raw IRC clients.
import { eventually, re, sync } from '@portalchat/testkit';
import { askLinks } from './support/links';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('the reference star network', () => {
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    { flood: { burst: 200, linesPerSecond: 100, maxQueuedLines: 400 } },
  );
  const { pool, nick, channel } = suite;

  it('lists all three servers in LINKS from a client on each server', async () => {
    for (const host of suite.net.hosts) {
      const entries = await host.links();
      expect(entries.map((e) => e.server).sort()).toEqual(['Chatsrv1', 'Chatsrv2', 'Chatsrv3']);
    }
    const client = await pool('Chatsrv1').registered(nick('lk'));
    const fromLeaf = await askLinks(client);
    expect(fromLeaf.map(({ server, uplink, hops }) => `${server} ${uplink} ${hops}`).sort()).toEqual([
      'Chatsrv1 Chatsrv1 0',
      'Chatsrv2 Chatsrv3 2',
      'Chatsrv3 Chatsrv1 1',
    ]);
    expect(fromLeaf.find((e) => e.server === 'Chatsrv2')?.description).toBe('e2e server Chatsrv2');
  });

  it('delivers channel messages between the two leaves once and in order', async () => {
    const chan = channel('star');
    const [aNick, bNick] = [nick('la'), nick('lb')];
    const a = await pool('Chatsrv1').registered(aNick);
    const b = await pool('Chatsrv2').registered(bNick);
    a.send(`JOIN ${chan}`);
    await a.waitFor(/ 366 /);
    // Like on any IRC network, a server routes a channel message only to servers it knows have
    // members: wait until every server knows both members before talking.
    await suite.net.waitConverged();
    b.send(`JOIN ${chan}`);
    await b.waitFor(/ 366 /);
    await a.waitFor(new RegExp(`^:${re(mask(bNick))} JOIN ${re(chan)}`));
    await suite.net.waitConverged();

    const sent = Array.from({ length: 50 }, (_, i) => `leaf line ${i + 1}`);
    for (const text of sent) a.send(`PRIVMSG ${chan} :${text}`);
    for (const text of sent) b.send(`PRIVMSG ${chan} :back ${text}`);
    await b.waitFor(/:leaf line 50$/, 10_000);
    await a.waitFor(/:back leaf line 50$/, 10_000);
    // A round trip through both leaves: anything duplicated would have arrived by now.
    await sync(a);
    await sync(b);
    expect(b.lines.filter((l) => / PRIVMSG /.test(l))).toEqual(
      sent.map((t) => `:${mask(aNick)} PRIVMSG ${chan} :${t}`),
    );
    expect(a.lines.filter((l) => / PRIVMSG /.test(l))).toEqual(
      sent.map((t) => `:${mask(bNick)} PRIVMSG ${chan} :back ${t}`),
    );
  });

  it('delivers private messages across two hops once and in order, to the target only', async () => {
    const [aNick, bNick, cNick] = [nick('pa'), nick('pb'), nick('pc')];
    const a = await pool('Chatsrv1').registered(aNick);
    const b = await pool('Chatsrv2').registered(bNick);
    const c = await pool('Chatsrv3').registered(cNick);
    // Chatsrv1 must have heard of the target first, or the first line is a 401 (propagation delay).
    await suite.net.waitConverged();
    const sent = Array.from({ length: 30 }, (_, i) => `private ${i + 1}`);
    for (const text of sent) a.send(`PRIVMSG ${bNick} :${text}`);
    a.send(`NOTICE ${bNick} :a notice`);
    await b.waitFor(/ NOTICE /, 10_000);
    await sync(b);
    expect(b.lines.filter((l) => / (PRIVMSG|NOTICE) /.test(l))).toEqual([
      ...sent.map((t) => `:${mask(aNick)} PRIVMSG ${bNick} :${t}`),
      `:${mask(aNick)} NOTICE ${bNick} :a notice`,
    ]);
    expect((await sync(c)).filter((l) => / (PRIVMSG|NOTICE) /.test(l))).toEqual([]);
  });

  it('shows join, mode, topic, nick, kick, part and quit made on one server on the others', async () => {
    const chan = channel('star');
    const [aNick, bNick, cNick, newNick] = [nick('ja'), nick('jb'), nick('jc'), nick('jn')];
    const a = await pool('Chatsrv1').registered(aNick);
    const b = await pool('Chatsrv2').registered(bNick);
    const c = await pool('Chatsrv3').registered(cNick);
    a.send(`JOIN ${chan}`);
    await a.waitFor(/ 366 /);
    // The channel (and its op) must have reached the other servers before they join it.
    await suite.net.waitConverged();
    for (const client of [b, c]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    // The NAMES a leaf gets list the op on the other leaf.
    expect(b.lines.find((l) => / 353 /.test(l))).toMatch(new RegExp(`@${aNick}\\b`));
    await a.waitFor(new RegExp(`^:${re(mask(cNick))} JOIN ${re(chan)}`));
    await suite.net.waitConverged();

    a.send(`MODE ${chan} +mv ${bNick}`);
    for (const client of [b, c])
      await client.waitFor(new RegExp(`^:${re(mask(aNick))} MODE ${re(chan)} \\+mv ${bNick}$`));
    a.send(`TOPIC ${chan} :across the star`);
    for (const client of [b, c])
      await client.waitFor(new RegExp(`^:${re(mask(aNick))} TOPIC ${re(chan)} :across the star$`));
    b.send(`NICK ${newNick}`);
    for (const client of [a, c]) await client.waitFor(new RegExp(`^:${re(mask(bNick))} NICK :?${newNick}$`));
    a.send(`KICK ${chan} ${cNick} :out you go`);
    for (const client of [b, c])
      await client.waitFor(new RegExp(`^:${re(mask(aNick))} KICK ${re(chan)} ${cNick} :out you go$`));
    b.send(`PART ${chan} :bye now`);
    await a.waitFor(new RegExp(`^:${newNick}!~${bNick}@127\\.0\\.0\\.1 PART ${re(chan)} :bye now$`));
    c.send(`JOIN ${chan}`);
    await a.waitFor(new RegExp(`^:${re(mask(cNick))} JOIN ${re(chan)}`));
    c.send('QUIT :gone fishing');
    await a.waitFor(new RegExp(`^:${re(mask(cNick))} QUIT :Quit: gone fishing$`));

    // What a late joiner on the far leaf sees of the channel: the topic and the +m mode.
    const d = await pool('Chatsrv2').registered(nick('jd'));
    d.send(`JOIN ${chan}`);
    expect(await d.waitFor(/ 332 /)).toMatch(/ :across the star$/);
    d.send(`MODE ${chan}`);
    expect(await d.waitFor(/ 324 /)).toMatch(new RegExp(` ${re(chan)} \\+\\S*m`));
    await suite.net.waitConverged();
  });

  it('enforces a ban set on one server against a user on another', async () => {
    const chan = channel('star');
    const [aNick, bNick] = [nick('ba'), nick('bb')];
    const a = await pool('Chatsrv1').registered(aNick);
    const b = await pool('Chatsrv2').registered(bNick);
    a.send(`JOIN ${chan}`);
    await a.waitFor(/ 366 /);
    a.send(`MODE ${chan} +b ${bNick}!*@*`);
    await a.waitFor(new RegExp(` MODE ${re(chan)} \\+b ${re(bNick)}!\\*@\\*$`));
    // The ban must have reached Chatsrv2 before b tries: wait until its state lists it.
    const bansOnChatsrv2 = async () =>
      ((await suite.net.host('Chatsrv2').snapshot()).channels.find((ch) => ch.name === chan)?.bans.length ?? 0) > 0;
    await eventually(`the ban on ${chan} at Chatsrv2`, bansOnChatsrv2, { intervalMs: 50 });
    b.send(`JOIN ${chan}`);
    expect(await b.waitFor(/ 474 /)).toMatch(new RegExp(` 474 ${bNick} ${re(chan)} :`));
    expect((await sync(a)).filter((l) => / JOIN /.test(l))).toEqual([]);
  });
});
