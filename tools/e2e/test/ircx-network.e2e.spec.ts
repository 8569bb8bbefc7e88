// IRCX (issue 4) on the reference star: IRCX sessions on Chatsrv1 and Chatsrv2 (two hops apart
// through Chatsrv3) use owners, ACCESS, PROP, WHISPER, gag and registered channels, while plain
// IRC sessions in the same channels see the IRC equivalents. Real hosts, real portals, raw clients.
import { hashPassword } from '@portalchat/config';
import { eventually, re, sync, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;
const SYSOP_PASSWORD = 'e2e-sysop-password';

describe('IRCX across the reference network', () => {
  const passwordHash = hashPassword(SYSOP_PASSWORD);
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    {
      flood: { burst: 200, linesPerSecond: 100, maxQueuedLines: 400 },
      hostExtras: (host) => ({
        operators: [{ name: 'manager', passwordHash, level: 'admin' }],
        ...(host === 'Chatsrv3'
          ? {
              channels: [
                {
                  name: '#Lobby',
                  topic: 'Welcome to the lobby',
                  props: { SUBJECT: 'General', ONJOIN: 'Hello from the lobby' },
                },
              ],
            }
          : {}),
      }),
    },
  );
  const { pool, nick, channel } = suite;

  /** A registered client that switched to IRCX (800 seen). */
  async function ircxClient(host: string, base: string): Promise<{ client: IrcTestClient; nick: string }> {
    const name = nick(base);
    const client = await pool(host).registered(name);
    client.send('IRCX');
    await client.waitFor(new RegExp(` 800 ${re(name)} 1 0 `));
    return { client, nick: name };
  }

  async function plainClient(host: string, base: string): Promise<{ client: IrcTestClient; nick: string }> {
    const name = nick(base);
    return { client: await pool(host).registered(name), nick: name };
  }

  async function sysop(host: string): Promise<{ client: IrcTestClient; nick: string }> {
    const op = await ircxClient(host, 'op');
    op.client.send(`OPER manager ${SYSOP_PASSWORD}`);
    await op.client.waitFor(/ 381 /);
    return op;
  }

  /**
   * A private message from `from` to `to`, waited for. It leaves `from`'s server after every change
   * that server made before it and takes the same links, so once it has arrived, those changes
   * have reached `to`'s server.
   */
  async function relayed(from: { client: IrcTestClient }, to: { client: IrcTestClient; nick: string }): Promise<void> {
    const token = nick('barrier');
    from.client.send(`PRIVMSG ${to.nick} :${token}`);
    await to.client.waitFor(new RegExp(` PRIVMSG ${re(to.nick)} :?${token}$`));
  }

  /** Sends JOIN and waits for the end of NAMES. */
  async function join(client: IrcTestClient, chan: string): Promise<void> {
    client.send(`JOIN ${chan}`);
    await client.waitFor(new RegExp(` 366 \\S+ ${re(chan)} `));
  }

  /** The NAMES entries a client gets for `chan`. */
  async function names(client: IrcTestClient, chan: string): Promise<string[]> {
    client.send(`NAMES ${chan}`);
    const line = await client.waitFor(new RegExp(` 353 \\S+ . ${re(chan)} :`));
    return line
      .slice(line.indexOf(' :') + 2)
      .split(' ')
      .sort();
  }

  it('answers IRCX and ISIRCX with 800 and shows an owner as "." to IRCX sessions and "~" to plain ones, on every server', async () => {
    const owner = await ircxClient('Chatsrv1', 'own');
    const plain = await plainClient('Chatsrv2', 'pl');
    const viewer = await ircxClient('Chatsrv3', 'vw');
    const chan = channel('owners');

    owner.client.send(`CREATE ${chan}`);
    expect(await owner.client.waitFor(/ CREATE /)).toMatch(new RegExp(`^:Chatsrv1 CREATE ${re(chan)} 0[0-9a-f]{8}$`));
    await owner.client.waitFor(new RegExp(` 366 `));
    await suite.net.waitConverged();
    await join(plain.client, chan);
    await join(viewer.client, chan);
    await suite.net.waitConverged();

    expect(await names(plain.client, chan)).toEqual([`~${owner.nick}`, plain.nick, viewer.nick].sort());
    expect(await names(viewer.client, chan)).toEqual([`.${owner.nick}`, plain.nick, viewer.nick].sort());

    // A host may not take an owner's status away; the owner sees the host made on another server.
    owner.client.send(`MODE ${chan} +o ${viewer.nick}`);
    await viewer.client.waitFor(new RegExp(`^:${re(mask(owner.nick))} MODE ${re(chan)} \\+o ${re(viewer.nick)}$`));
    viewer.client.send(`MODE ${chan} -q ${owner.nick}`);
    await viewer.client.waitFor(new RegExp(` 482 ${re(viewer.nick)} ${re(chan)} `));

    viewer.client.send('ISIRCX');
    await viewer.client.waitFor(new RegExp(` 800 ${re(viewer.nick)} 1 0 `));
    plain.client.send('ISIRCX');
    await plain.client.waitFor(new RegExp(` 800 ${re(plain.nick)} 0 0 `));
    // IRCX-only commands are unknown to a plain session.
    plain.client.send(`PROP ${chan} TOPIC`);
    await plain.client.waitFor(new RegExp(` 421 ${re(plain.nick)} PROP `));
  });

  /** The `^hex` name plain clients see for a `'` Unicode nick (draft-04 §2.2). */
  const hexName = (unicodeNick: string) => `^${Buffer.from(unicodeNick.slice(1)).toString('hex')}`;

  it("shows a ' Unicode nick on Chatsrv1 as ^hex to a plain client on Chatsrv2, which reaches it by that name", async () => {
    const big = { client: await pool('Chatsrv1').connect(), nick: `'大${nick('u')}` };
    big.client.send('IRCX');
    big.client.send(`NICK ${big.nick}`);
    big.client.send('USER big 0 * :Big');
    await big.client.waitFor(/^:\S+ (376|422) /);
    const hex = hexName(big.nick);
    const plain = await plainClient('Chatsrv2', 'hx');
    const viewer = await ircxClient('Chatsrv3', 'hv');
    const chan = channel('unicode');
    await join(big.client, chan);
    await suite.net.waitConverged();
    await join(plain.client, chan);
    await join(viewer.client, chan);
    await suite.net.waitConverged();

    expect(await names(plain.client, chan)).toEqual([`@${hex}`, plain.nick, viewer.nick].sort());
    expect(await names(viewer.client, chan)).toEqual([`@${big.nick}`, plain.nick, viewer.nick].sort());

    big.client.send(`PRIVMSG ${chan} :hello from ${big.nick}`);
    const bigMask = `!~big@127.0.0.1`;
    expect(await plain.client.waitFor(/ PRIVMSG /)).toBe(`:${hex}${bigMask} PRIVMSG ${chan} :hello from ${big.nick}`);
    expect(await viewer.client.waitFor(/ PRIVMSG /)).toBe(
      `:${big.nick}${bigMask} PRIVMSG ${chan} :hello from ${big.nick}`,
    );

    plain.client.send(`PRIVMSG ${hex} :hi back`);
    expect(await big.client.waitFor(/ PRIVMSG \S+ :?hi back/)).toBe(
      `:${mask(plain.nick)} PRIVMSG ${big.nick} :hi back`,
    );
    plain.client.send(`WHOIS ${hex}`);
    expect(await plain.client.waitFor(/ 311 /)).toBe(`:Chatsrv2 311 ${plain.nick} ${hex} ~big 127.0.0.1 * Big`);

    const renamed = `'小${nick('u')}`;
    big.client.send(`NICK ${renamed}`);
    expect(await plain.client.waitFor(/ NICK /)).toBe(`:${hex}${bigMask} NICK ${hexName(renamed)}`);
    expect(await viewer.client.waitFor(/ NICK /)).toBe(`:${big.nick}${bigMask} NICK ${renamed}`);
  });

  it('an ACCESS DENY added on Chatsrv1 stops a join on Chatsrv2 until it is deleted', async () => {
    const owner = await ircxClient('Chatsrv1', 'acc');
    const denied = await plainClient('Chatsrv2', 'den');
    const chan = channel('access');
    owner.client.send(`CREATE ${chan}`);
    await owner.client.waitFor(/ 366 /);
    owner.client.send(`ACCESS ${chan} ADD DENY ${denied.nick} 0 :Not welcome here`);
    expect(await owner.client.waitFor(/ 801 /)).toMatch(
      new RegExp(` 801 ${re(owner.nick)} ${re(chan)} DENY ${re(denied.nick)}!\\*@\\*\\$\\* 0 \\S+ :Not welcome here$`),
    );
    await suite.net.waitConverged();
    await relayed(owner, denied);
    denied.client.send(`JOIN ${chan}`);
    await denied.client.waitFor(new RegExp(` 474 ${re(denied.nick)} ${re(chan)} `));

    owner.client.send(`ACCESS ${chan} LIST`);
    await owner.client.waitFor(/ 803 /);
    expect(await owner.client.waitFor(/ 804 /)).toContain(` DENY ${denied.nick}!*@*$* `);
    await owner.client.waitFor(/ 805 /);

    owner.client.send(`ACCESS ${chan} DELETE DENY ${denied.nick}`);
    await owner.client.waitFor(/ 802 /);
    await relayed(owner, denied);
    await join(denied.client, chan);
  });

  it('PROP values set on Chatsrv1 are echoed to IRCX members and readable on the other servers', async () => {
    const owner = await ircxClient('Chatsrv1', 'pr');
    const far = await ircxClient('Chatsrv2', 'pf');
    const plain = await plainClient('Chatsrv3', 'pp');
    const chan = channel('props');
    owner.client.send(`CREATE ${chan}`);
    await owner.client.waitFor(/ 366 /);
    await suite.net.waitConverged();
    await join(far.client, chan);
    await join(plain.client, chan);
    await suite.net.waitConverged();

    owner.client.send(`PROP ${chan} SUBJECT :Testing IRCX`);
    expect(await far.client.waitFor(/ PROP /)).toBe(`:${mask(owner.nick)} PROP ${chan} SUBJECT :Testing IRCX`);
    far.client.send(`PROP ${chan} SUBJECT`);
    expect(await far.client.waitFor(/ 818 /)).toBe(`:Chatsrv2 818 ${far.nick} ${chan} SUBJECT :Testing IRCX`);
    await far.client.waitFor(/ 819 /);

    owner.client.send(`PROP ${chan} TOPIC :Topic by property`);
    expect(await plain.client.waitFor(/ TOPIC /)).toBe(`:${mask(owner.nick)} TOPIC ${chan} :Topic by property`);
    // A plain session never sees PROP lines.
    expect((await sync(plain.client)).filter((l) => / PROP /.test(l))).toEqual([]);
  });

  it('WHISPER reaches an IRCX member as WHISPER and a plain member as PRIVMSG, across two hops', async () => {
    const speaker = await ircxClient('Chatsrv1', 'wh');
    const plain = await plainClient('Chatsrv2', 'wp');
    const ircx = await ircxClient('Chatsrv2', 'wi');
    const bystander = await ircxClient('Chatsrv3', 'wb');
    const chan = channel('whisper');
    for (const c of [speaker, plain, ircx, bystander]) {
      await join(c.client, chan);
      await suite.net.waitConverged();
    }
    speaker.client.send(`WHISPER ${chan} ${plain.nick},${ircx.nick} :psst, listen`);
    expect(await plain.client.waitFor(/ PRIVMSG /)).toBe(`:${mask(speaker.nick)} PRIVMSG ${plain.nick} :psst, listen`);
    expect(await ircx.client.waitFor(/ WHISPER /)).toMatch(
      new RegExp(`^:${re(mask(speaker.nick))} WHISPER ${re(chan)} \\S+ :psst, listen$`),
    );
    expect((await sync(bystander.client)).filter((l) => /psst/.test(l))).toEqual([]);
  });

  it('a sysop on Chatsrv3 gags a user of Chatsrv1: nobody gets their messages and they are not told', async () => {
    const op = await sysop('Chatsrv3');
    const loud = await plainClient('Chatsrv1', 'ld');
    const listener = await plainClient('Chatsrv2', 'ls');
    const chan = channel('gag');
    await join(loud.client, chan);
    await suite.net.waitConverged();
    await join(listener.client, chan);
    await suite.net.waitConverged();

    op.client.send(`MODE ${loud.nick} +z`);
    await op.client.waitFor(new RegExp(` MODE ${re(loud.nick)} :?\\+z$`));
    await relayed(op, loud);
    loud.client.send(`PRIVMSG ${chan} :you should not see this`);
    loud.client.send(`PRIVMSG ${listener.nick} :nor this`);
    // Both lines handled on Chatsrv1 before the gag is lifted from Chatsrv3.
    await sync(loud.client);
    op.client.send(`MODE ${loud.nick} -z`);
    await op.client.waitFor(new RegExp(` MODE ${re(loud.nick)} :?-z$`));
    await relayed(op, loud);
    loud.client.send(`PRIVMSG ${chan} :free again`);
    await listener.client.waitFor(/:free again$/);
    expect(listener.client.lines.filter((l) => /should not|nor this/.test(l))).toEqual([]);
    expect((await sync(loud.client)).filter((l) => /\+z|-z/.test(l))).toEqual([]);
  });

  it("a registered channel from Chatsrv3's file is known on Chatsrv1 with its properties, and greets joiners", async () => {
    const viewer = await ircxClient('Chatsrv1', 'lb');
    viewer.client.send('LISTX #Lobby');
    await viewer.client.waitFor(/ 811 /);
    expect(await viewer.client.waitFor(/ 812 /)).toMatch(/ 812 \S+ #Lobby \+\S*r\S* 0 \d+ :Welcome to the lobby$/);
    await viewer.client.waitFor(/ 817 /);
    viewer.client.send('JOIN #Lobby');
    expect(await viewer.client.waitFor(/^:#Lobby PRIVMSG /)).toBe(
      `:#Lobby PRIVMSG ${viewer.nick} :Hello from the lobby`,
    );
  });

  it('a channel a sysop registers keeps its properties and access through a restart of the state service and of the whole host', async () => {
    const op = await sysop('Chatsrv3');
    const witness = await plainClient('Chatsrv1', 'kw');
    const chan = channel('keep');
    op.client.send(`CREATE ${chan}`);
    await op.client.waitFor(/ 366 /);
    op.client.send(`MODE ${chan} +r`);
    await op.client.waitFor(new RegExp(` MODE ${re(chan)} \\+r`));
    op.client.send(`PROP ${chan} SUBJECT :Kept across restarts`);
    await op.client.waitFor(/ PROP /);
    const banned = nick('bn');
    op.client.send(`ACCESS ${chan} ADD DENY ${banned}`);
    await op.client.waitFor(/ 801 /);
    op.client.send(`PART ${chan}`);
    await op.client.waitFor(/ PART /);
    await relayed(op, witness);

    const checkFromChatsrv1 = async (when: string) => {
      const viewer = await ircxClient('Chatsrv1', 'kv');
      // After a restart, Chatsrv3 bursts the channel again: ask until Chatsrv1 answers with it.
      const found = await eventually(
        `${chan}'s SUBJECT on Chatsrv1 ${when}`,
        async () => {
          viewer.client.send(`PROP ${chan} SUBJECT`);
          const line = await viewer.client.waitFor(/ (818|819|924|403) /);
          return line.includes(' 818 ') && line;
        },
        { timeoutMs: 15_000, intervalMs: 300 },
      ).catch(() => '');
      expect({ when, line: found }).toEqual({
        when,
        line: `:Chatsrv1 818 ${viewer.nick} ${chan} SUBJECT :Kept across restarts`,
      });
      const refused = await pool('Chatsrv1').registered(banned);
      refused.send(`JOIN ${chan}`);
      await refused.waitFor(new RegExp(` 474 ${re(banned)} ${re(chan)} `));
      refused.send('QUIT');
      await refused.waitClosed();
    };

    await checkFromChatsrv1('before any restart');
    await suite.net.host('Chatsrv3').restartService('state');
    await suite.net.waitLinked(30_000);
    await checkFromChatsrv1("after a restart of Chatsrv3's state service");
    await suite.net.host('Chatsrv3').restart();
    await suite.net.waitLinked(30_000);
    await checkFromChatsrv1('after a restart of the whole Chatsrv3 host');
  }, 90_000);
});
