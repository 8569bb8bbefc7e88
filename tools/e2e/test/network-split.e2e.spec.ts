// Netsplit and netjoin on the reference star: the hub's portal stops (both links die), the leaves
// see the far side QUIT with the split reason; it comes back, the burst re-introduces everyone
// (JOINs seen), nick collisions are settled alike everywhere, and the three states agree.
import { eventually, re, sync, defined } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('netsplit and netjoin on the reference star', () => {
  const suite = networkSuite([
    ['Chatsrv1', 'Chatsrv3'],
    ['Chatsrv2', 'Chatsrv3'],
  ]);
  const { pool, nick, channel } = suite;

  it('splits off the far leaf when the hub portal stops, and rejoins it when it restarts', async () => {
    const chan = channel('split');
    const [aNick, bNick, cNick] = [nick('sa'), nick('sb'), nick('sc')];
    const a = await pool('Chatsrv1').registered(aNick);
    const b = await pool('Chatsrv2').registered(bNick);
    const c = await pool('Chatsrv3').registered(cNick);
    for (const client of [a, b, c]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    await a.waitFor(new RegExp(`^:${re(mask(bNick))} JOIN ${re(chan)}`));
    await a.waitFor(new RegExp(`^:${re(mask(cNick))} JOIN ${re(chan)}`));
    await suite.net.waitConverged();

    await suite.net.host('Chatsrv3').stopPortal();
    // Each leaf sees the far users quit with "<near> <far>" of the link that broke first as it
    // learnt it: its own link to the hub, or (when the hub closed the other link first and said
    // so) the hub's link to the other leaf.
    const quits = [await a.waitFor(/ QUIT /, 8000), await a.waitFor(/ QUIT /, 8000)];
    expect(quits.find((l) => l.startsWith(`:${mask(bNick)} `))).toMatch(
      / QUIT :(Chatsrv1 Chatsrv3|Chatsrv3 Chatsrv2)$/,
    );
    expect(quits.find((l) => l.startsWith(`:${mask(cNick)} `))).toBe(`:${mask(cNick)} QUIT :Chatsrv1 Chatsrv3`);
    expect(await b.waitFor(new RegExp(`^:${re(mask(aNick))} QUIT `), 8000)).toMatch(
      / QUIT :(Chatsrv2 Chatsrv3|Chatsrv3 Chatsrv1)$/,
    );
    expect(await b.waitFor(new RegExp(`^:${re(mask(cNick))} QUIT `), 8000)).toBe(
      `:${mask(cNick)} QUIT :Chatsrv2 Chatsrv3`,
    );
    await suite.net.waitLinked(8000, { Chatsrv1: ['Chatsrv1'], Chatsrv2: ['Chatsrv2'] });

    await suite.net.host('Chatsrv3').startPortal();
    const joins = [await a.waitFor(/ JOIN /, 15_000), await a.waitFor(/ JOIN /, 15_000)].sort();
    expect(joins).toEqual([`:${mask(bNick)} JOIN ${chan}`, `:${mask(cNick)} JOIN ${chan}`].sort());
    await suite.net.waitLinked();
    const snapshot = await suite.net.waitConverged();
    const members = snapshot.channels.find((ch) => ch.name === chan)?.members;
    expect(members?.map((m) => m.replace(/^\w*:/, '')).sort()).toEqual([aNick, bNick, cNick].sort());
    // Messages flow again across the rejoined star.
    a.send(`PRIVMSG ${chan} :after the netjoin`);
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :after the netjoin`);
  }, 60_000);

  it('settles a nick taken on both sides of a split: the older keeps it, the other becomes its uid', async () => {
    const dup = nick('dup');
    const [wNick, xNick] = [nick('wa'), nick('wb')];
    const chan = channel('nicks');
    await suite.net.host('Chatsrv3').stopPortal();
    await suite.net.waitLinked(10_000, { Chatsrv1: ['Chatsrv1'], Chatsrv2: ['Chatsrv2'] });

    // The same nick, taken first on Chatsrv1 (older), then on Chatsrv2; a witness on each side.
    const older = await pool('Chatsrv1').registered(dup);
    // Nick timestamps are milliseconds of the one machine clock: the newer registers in a later one.
    const olderRegisteredBy = Date.now();
    await eventually('a later millisecond', () => Date.now() > olderRegisteredBy, { intervalMs: 1 });
    const newer = await pool('Chatsrv2').registered(dup);
    const w = await pool('Chatsrv1').registered(wNick);
    const x = await pool('Chatsrv2').registered(xNick);
    for (const client of [older, w]) client.send(`JOIN ${chan}`);
    for (const client of [newer, x]) client.send(`JOIN ${chan}`);
    for (const client of [older, w, newer, x]) await client.waitFor(/ 366 /);

    await suite.net.host('Chatsrv3').startPortal();
    await suite.net.waitLinked(20_000);
    // The loser sees itself renamed to its uid.
    const renamed = await newer.waitFor(new RegExp(`^:${re(mask(dup))} NICK :?\\S+$`), 15_000);
    const uid = defined(/NICK :?(\S+)$/.exec(renamed)?.[1], 'the new nick in the NICK line');
    expect(uid).not.toBe(dup);
    const snapshot = await suite.net.waitConverged();
    const holders = snapshot.users.filter((u) => u.nick.toLowerCase() === dup.toLowerCase());
    expect(holders.map((u) => u.server)).toEqual(['Chatsrv1']);
    expect(snapshot.users.find((u) => u.nick === uid)).toMatchObject({ uid, server: 'Chatsrv2' });

    // A private message to the nick now reaches the older user, from either side.
    x.send(`PRIVMSG ${dup} :which one are you?`);
    expect(await older.waitFor(/ PRIVMSG /, 5000)).toBe(`:${mask(xNick)} PRIVMSG ${dup} :which one are you?`);
    expect((await sync(newer)).filter((l) => / PRIVMSG /.test(l))).toEqual([]);
  }, 60_000);
});
