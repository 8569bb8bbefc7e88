// IRCv3 presence (issue 13) on the reference star: MONITOR of a user on another server (online
// and offline as it connects, quits, splits off and comes back in a netjoin), SETNAME and AWAY of
// a user on Chatsrv2 seen by a client on Chatsrv1, and the bot tag of a +B user across servers.
// Real hosts, real portals, raw clients.
import { re, sync, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('IRCv3 presence across the reference network', () => {
  const suite = networkSuite([
    ['Chatsrv1', 'Chatsrv3'],
    ['Chatsrv2', 'Chatsrv3'],
  ]);
  const { pool, nick, channel } = suite;

  /** A client that asked for `caps` before registering, registered as `name`. */
  async function withCaps(host: string, name: string, caps: string[]): Promise<IrcTestClient> {
    const client = await pool(host).connect();
    client.send(`CAP REQ :${caps.join(' ')}`);
    await client.waitFor(/ CAP \S+ ACK /);
    client.send('CAP END');
    await client.register(name);
    await client.waitFor(/^:\S+ (376|422) /);
    return client;
  }

  async function join(client: IrcTestClient, chan: string): Promise<void> {
    client.send(`JOIN ${chan}`);
    await client.waitFor(new RegExp(` 366 \\S+ ${re(chan)} `));
  }

  it('MONITOR follows a user of another server: connect, split, netjoin, quit', async () => {
    const [aNick, bNick] = [nick('ma'), nick('mb')];
    const a = await pool('Chatsrv1').registered(aNick);
    expect(a.lines.find((l) => / 005 .*MONITOR=/.test(l))).toMatch(/ MONITOR=100 /);
    a.send(`MONITOR + ${bNick}`);
    expect(await a.waitFor(/ 73\d /)).toBe(`:Chatsrv1 731 ${aNick} ${bNick}`);

    const b = await pool('Chatsrv2').registered(bNick);
    expect(await a.waitFor(/ 73\d /, 8000)).toBe(`:Chatsrv1 730 ${aNick} ${mask(bNick)}`);

    await suite.net.host('Chatsrv3').stopPortal();
    expect(await a.waitFor(/ 73\d /, 8000)).toBe(`:Chatsrv1 731 ${aNick} ${bNick}`);
    await suite.net.host('Chatsrv3').startPortal();
    expect(await a.waitFor(/ 73\d /, 15_000)).toBe(`:Chatsrv1 730 ${aNick} ${mask(bNick)}`);
    await suite.net.waitLinked();

    b.send('QUIT :bye');
    expect(await a.waitFor(/ 73\d /, 8000)).toBe(`:Chatsrv1 731 ${aNick} ${bNick}`);
    a.send('MONITOR S');
    expect(await a.waitFor(/ 73\d /)).toBe(`:Chatsrv1 731 ${aNick} ${bNick}`);
  }, 40_000);

  it('SETNAME and AWAY on Chatsrv2 reach a channel peer on Chatsrv1; extended-monitor without a channel', async () => {
    const chan = channel('pres');
    const [aNick, bNick, wNick] = [nick('sa'), nick('sb'), nick('sw')];
    const a = await withCaps('Chatsrv1', aNick, ['setname', 'away-notify']);
    const watcher = await withCaps('Chatsrv1', wNick, ['extended-monitor', 'setname', 'away-notify']);
    const b = await withCaps('Chatsrv2', bNick, ['setname']);
    watcher.send(`MONITOR + ${bNick}`);
    await watcher.waitFor(/ 730 /);
    await join(a, chan);
    await join(b, chan);
    await a.waitFor(new RegExp(`^:${re(mask(bNick))} JOIN ${re(chan)}$`), 8000);

    b.send('SETNAME :Bee Person');
    expect(await b.waitFor(/ SETNAME /)).toBe(`:${mask(bNick)} SETNAME :Bee Person`);
    expect(await a.waitFor(/ SETNAME /, 8000)).toBe(`:${mask(bNick)} SETNAME :Bee Person`);
    expect(await watcher.waitFor(/ SETNAME /, 8000)).toBe(`:${mask(bNick)} SETNAME :Bee Person`);
    a.send(`WHOIS ${bNick}`);
    expect(await a.waitFor(/ 311 /)).toBe(`:Chatsrv1 311 ${aNick} ${bNick} ~${bNick} 127.0.0.1 * :Bee Person`);

    b.send('AWAY :lunch');
    expect(await a.waitFor(/ AWAY /, 8000)).toBe(`:${mask(bNick)} AWAY lunch`);
    expect(await watcher.waitFor(/ AWAY /, 8000)).toBe(`:${mask(bNick)} AWAY lunch`);
    b.send('AWAY');
    expect(await a.waitFor(/ AWAY/, 8000)).toBe(`:${mask(bNick)} AWAY`);
    // The watcher shares no channel: only MONITOR with extended-monitor brought it these lines.
    expect(await watcher.waitFor(/ AWAY/, 8000)).toBe(`:${mask(bNick)} AWAY`);
  }, 30_000);

  it('a +B user on Chatsrv2: bot tag on its messages, WHOIS 335 and WHO flag B on Chatsrv1', async () => {
    const chan = channel('bot');
    const [botNick, uNick] = [nick('bot'), nick('bu')];
    const bot = await pool('Chatsrv2').registered(botNick);
    const user = await withCaps('Chatsrv1', uNick, ['message-tags']);
    expect(user.lines.find((l) => / 005 .*BOT=/.test(l))).toMatch(/ BOT=B /);
    bot.send(`MODE ${botNick} +B`);
    expect(await bot.waitFor(/ MODE /)).toBe(`:${botNick} MODE ${botNick} +B`);
    await join(bot, chan);
    await join(user, chan);
    await bot.waitFor(new RegExp(`^:${re(uNick)}!\\S+ JOIN ${re(chan)}$`), 8000);

    bot.send(`PRIVMSG ${chan} :beep boop`);
    expect(await user.waitFor(/ PRIVMSG /, 8000)).toMatch(
      new RegExp(`^@(\\S+;)?bot(;\\S+)? :${re(mask(botNick))} PRIVMSG ${re(chan)} :beep boop$`),
    );
    user.send(`WHOIS ${botNick}`);
    expect(await user.waitFor(/ 335 /)).toMatch(
      new RegExp(`^:Chatsrv1 335 ${re(uNick)} ${re(botNick)} :is a bot on \\S+$`),
    );
    user.send(`WHO ${chan}`);
    const who = await sync(user);
    expect(who.find((l) => l.includes(` ${botNick} H`))).toMatch(new RegExp(` ${re(botNick)} HB@ :`));
  }, 20_000);
});
