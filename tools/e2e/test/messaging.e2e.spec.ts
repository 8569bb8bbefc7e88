// Messages between real connections: channel fan-out (each member once, in order), private
// PRIVMSG/NOTICE, errors, IRCv3 echo-message and server-time, AWAY, and a full irc-framework flow.
import { ClientPool, serverPrefix, sync, defined } from '@portalchat/testkit';
import { RecordingFrameworkClient } from './support/framework-client';
import { startTestHost, type TestHost } from './support/test-host';

describe('messaging (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  let S: string;
  let chanSerial = 0;
  const channel = () => `#talk${++chanSerial}`;
  const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

  beforeAll(async () => {
    // The 50-line burst below must not be slowed by flood control.
    host = await startTestHost({
      flood: { burst: 100, linesPerSecond: 50, maxQueuedLines: 200 },
      limits: { maxTargets: 4 },
    });
    S = serverPrefix(host);
  });
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await host?.stop();
  });

  it('delivers 50 channel lines to every other member exactly once and in order', async () => {
    const chan = channel();
    const [talkerNick, ...listenerNicks] = [pool.nick('talker'), pool.nick('lst'), pool.nick('lst')];
    const [talker, ...listeners] = await Promise.all([
      pool.registered(talkerNick),
      ...listenerNicks.map((nick) => pool.registered(nick)),
    ]);
    for (const client of [talker, ...listeners]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    const sent = Array.from({ length: 50 }, (_, i) => `line ${i + 1} of 50`);
    for (const text of sent) talker.send(`PRIVMSG ${chan} :${text}`);

    for (const listener of listeners) {
      await listener.waitFor(/:line 50 of 50$/);
      await sync(listener);
      const received = listener.lines.filter((l) => / PRIVMSG /.test(l));
      expect(received).toEqual(sent.map((text) => `:${mask(talkerNick)} PRIVMSG ${chan} :${text}`));
    }
    // The sender does not get its own lines back without echo-message.
    await sync(talker);
    expect(talker.lines.filter((l) => / PRIVMSG /.test(l))).toEqual([]);
  });

  it('delivers private PRIVMSG and NOTICE to the target only', async () => {
    const [aNick, bNick, cNick] = [pool.nick('pa'), pool.nick('pb'), pool.nick('pc')];
    const [a, b, c] = await Promise.all([pool.registered(aNick), pool.registered(bNick), pool.registered(cNick)]);
    a.send(`PRIVMSG ${bNick} :hello there, b`);
    a.send(`NOTICE ${bNick} :a notice for b`);
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${bNick} :hello there, b`);
    expect(await b.waitFor(/ NOTICE /)).toBe(`:${mask(aNick)} NOTICE ${bNick} :a notice for b`);
    expect(await sync(c)).toEqual([]);
  });

  it('delivers to each of several comma-separated targets', async () => {
    const chan = channel();
    const [aNick, bNick, cNick] = [pool.nick('ma'), pool.nick('mb'), pool.nick('mc')];
    const [a, b, c] = await Promise.all([pool.registered(aNick), pool.registered(bNick), pool.registered(cNick)]);
    c.send(`JOIN ${chan}`);
    a.send(`JOIN ${chan}`);
    await a.waitFor(/ 366 /);
    a.send(`PRIVMSG ${bNick},${chan} :to both of you`);
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${bNick} :to both of you`);
    expect(await c.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :to both of you`);
    a.send(`PRIVMSG ${bNick},${bNick},${bNick},${bNick},${cNick} :too many`);
    expect(await a.waitFor(/ 407 /)).toMatch(new RegExp(`^${S}407 ${aNick} \\S+ :Too many recipients`));
  });

  it('answers a missing nick with 401, no target with 411 and no text with 412', async () => {
    const nick = pool.nick('err');
    const client = await pool.registered(nick);
    client.send('PRIVMSG nobody-here :hello?');
    expect(await client.waitFor(/ 401 /)).toBe(`:${host.name} 401 ${nick} nobody-here :No such nick/channel`);
    client.send('PRIVMSG');
    expect(await client.waitFor(/ 411 /)).toBe(`:${host.name} 411 ${nick} :No recipient given (PRIVMSG)`);
    client.send(`PRIVMSG ${nick}`);
    expect(await client.waitFor(/ 412 /)).toBe(`:${host.name} 412 ${nick} :No text to send`);
    client.send('NOTICE nobody-here :NOTICE errors are silent for bots, but 401 is usual');
    // NOTICE never triggers automatic replies; servers differ on 401, so only ask that we live on.
    expect(await sync(client)).not.toContainEqual(expect.stringMatching(/ 41[12] /));
  });

  it('echoes own messages back to a client with echo-message, and only to it', async () => {
    const chan = channel();
    const echoNick = pool.nick('echo');
    const plainNick = pool.nick('plain');
    const echo = await pool.connect();
    echo.send('CAP LS 302');
    echo.send('CAP REQ :echo-message');
    await echo.waitFor(/ CAP \S+ ACK /);
    echo.send('CAP END');
    await echo.register(echoNick);
    const plain = await pool.registered(plainNick);
    echo.send(`JOIN ${chan}`);
    plain.send(`JOIN ${chan}`);
    await plain.waitFor(/ 366 /);
    await echo.waitFor(new RegExp(`JOIN ${chan}$`));

    echo.send(`PRIVMSG ${chan} :echo this please`);
    expect(await echo.waitFor(/ PRIVMSG /)).toBe(`:${mask(echoNick)} PRIVMSG ${chan} :echo this please`);
    expect(await plain.waitFor(/ PRIVMSG /)).toBe(`:${mask(echoNick)} PRIVMSG ${chan} :echo this please`);
    plain.send(`PRIVMSG ${chan} :no echo for me`);
    expect(await echo.waitFor(/ PRIVMSG /)).toBe(`:${mask(plainNick)} PRIVMSG ${chan} :no echo for me`);
    await sync(plain);
    expect(plain.lines.filter((l) => l.includes('no echo for me'))).toEqual([]);
  });

  it('adds a server-time tag only for clients that asked for server-time', async () => {
    const timedNick = pool.nick('timed');
    const plainNick = pool.nick('untimed');
    const timed = await pool.connect();
    timed.send('CAP LS 302');
    timed.send('CAP REQ server-time');
    await timed.waitFor(/ CAP \S+ ACK /);
    timed.send('CAP END');
    await timed.register(timedNick);
    const plain = await pool.registered(plainNick);
    const sender = await pool.registered(pool.nick('sender'));

    sender.send(`PRIVMSG ${timedNick} :what time is it`);
    sender.send(`PRIVMSG ${plainNick} :what time is it`);
    const tagged = await timed.waitFor(/ PRIVMSG /);
    expect(tagged).toMatch(/^@time=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z :\S+ PRIVMSG /);
    const stamp = Date.parse(defined(/^@time=(\S+) /.exec(tagged)?.[1], 'an @time tag'));
    expect(Math.abs(stamp - Date.now())).toBeLessThan(60_000);
    expect(await plain.waitFor(/ PRIVMSG /)).toMatch(/^:\S+ PRIVMSG \S+ :what time is it$/);
    await sync(plain);
    expect(plain.lines.filter((l) => l.startsWith('@'))).toEqual([]);
  });

  it('answers a PRIVMSG to an away user with 301, but not a NOTICE', async () => {
    const awayNick = pool.nick('away');
    const senderNick = pool.nick('snd');
    const away = await pool.registered(awayNick);
    const sender = await pool.registered(senderNick);
    away.send('AWAY :out to lunch');
    expect(await away.waitFor(/ 306 /)).toBe(`:${host.name} 306 ${awayNick} :You have been marked as being away`);
    sender.send(`PRIVMSG ${awayNick} :are you there`);
    expect(await sender.waitFor(/ 301 /)).toBe(`:${host.name} 301 ${senderNick} ${awayNick} :out to lunch`);
    expect(await away.waitFor(/ PRIVMSG /)).toBe(`:${mask(senderNick)} PRIVMSG ${awayNick} :are you there`);
    sender.send(`NOTICE ${awayNick} :just a notice`);
    expect(await sync(sender)).toEqual([]);
    away.send('AWAY');
    expect(await away.waitFor(/ 305 /)).toBe(`:${host.name} 305 ${awayNick} :You are no longer marked as being away`);
    sender.send(`PRIVMSG ${awayNick} :back now?`);
    expect(await sync(sender)).toEqual([]);
  });

  describe('with irc-framework clients', () => {
    const clients: RecordingFrameworkClient[] = [];
    afterEach(() => {
      for (const client of clients.splice(0)) client.destroy();
    });

    it('connects, joins, talks, parts and quits between two real client libraries', async () => {
      const chan = channel();
      const [aliceNick, bobNick] = [pool.nick('alice'), pool.nick('bob')];
      const alice = new RecordingFrameworkClient();
      const bob = new RecordingFrameworkClient();
      clients.push(alice, bob);
      await alice.connect(host.irc.host, host.irc.port, aliceNick);
      await bob.connect(host.irc.host, host.irc.port, bobNick);

      alice.client.join(chan);
      await alice.waitEvent('join', (e) => e.nick === aliceNick && e.channel === chan);
      bob.client.join(chan);
      const seenJoin = await alice.waitEvent('join', (e) => e.nick === bobNick);
      expect(seenJoin).toMatchObject({ channel: chan, ident: `~${bobNick}`, hostname: '127.0.0.1' });
      const users = await bob.waitEvent('userlist', (e) => e.channel === chan);
      expect((users.users as Array<{ nick: string; modes: string[] }>).map((u) => [u.nick, u.modes])).toEqual(
        expect.arrayContaining([
          [aliceNick, ['o']],
          [bobNick, []],
        ]),
      );

      alice.client.say(chan, 'hi bob, welcome');
      expect(await bob.waitEvent('privmsg', (e) => e.nick === aliceNick)).toMatchObject({
        target: chan,
        message: 'hi bob, welcome',
      });
      bob.client.say(aliceNick, 'thanks alice (private)');
      expect(await alice.waitEvent('privmsg', (e) => e.nick === bobNick)).toMatchObject({
        target: aliceNick,
        message: 'thanks alice (private)',
      });
      bob.client.notice(chan, 'a channel notice');
      expect(await alice.waitEvent('notice', (e) => e.nick === bobNick)).toMatchObject({
        target: chan,
        message: 'a channel notice',
      });

      bob.client.part(chan, 'see you later');
      expect(await alice.waitEvent('part', (e) => e.nick === bobNick)).toMatchObject({
        channel: chan,
        message: 'see you later',
      });
      bob.client.join(chan);
      await alice.waitEvent(
        'join',
        (e) =>
          e.nick === bobNick && alice.events.filter((x) => x.name === 'join' && x.data.nick === bobNick).length === 2,
      );
      bob.client.quit('off to bed');
      expect(await alice.waitEvent('quit', (e) => e.nick === bobNick)).toMatchObject({ message: 'Quit: off to bed' });
      await bob.waitEvent('close', () => true);
    });
  });
});
