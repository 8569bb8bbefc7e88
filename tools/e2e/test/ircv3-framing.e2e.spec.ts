// IRCv3 framing across the reference star (issue 13): a labeled WHOIS of a user on another
// server, TAGMSG with a client-only tag and echo-message's msgid across servers, draft/multiline
// across servers, and the netsplit/netjoin batches a batch client sees when the hub's portal stops
// and comes back. One network for the file; the split runs last.
import { re, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;
const tagsOf = (line: string): Record<string, string> =>
  Object.fromEntries(
    (/^@(\S+) /.exec(line)?.[1] ?? '').split(';').map((tag) => {
      const at = tag.indexOf('=');
      return at === -1 ? [tag, ''] : [tag.slice(0, at), tag.slice(at + 1)];
    }),
  );

describe('IRCv3 framing across servers', () => {
  const suite = networkSuite([
    ['Chatsrv1', 'Chatsrv3'],
    ['Chatsrv2', 'Chatsrv3'],
  ]);
  const { pool, nick, channel } = suite;

  /** A client of `host` registered as `name` with `caps` acknowledged. */
  async function withCaps(host: string, name: string, caps: string[]): Promise<IrcTestClient> {
    const client = await pool(host).connect();
    client.send(`CAP REQ :${caps.join(' ')}`);
    await client.waitFor(/ CAP \* ACK /);
    client.send('CAP END');
    await client.register(name);
    await client.waitFor(/^:\S+ (376|422) /);
    return client;
  }

  it('issue 13: labels the 417 of a line too long for the gateway, and keeps the connection', async () => {
    const name = nick('big');
    const a = await withCaps('Chatsrv1', name, ['labeled-response']);
    a.send(`@label=long1 PRIVMSG ${name} :${'x'.repeat(600)}`);
    expect(await a.waitFor(/ 417 /)).toBe(`@label=long1 :Chatsrv1 417 ${name} :Input line was too long`);
    a.send('@label=ping2 PING :after');
    expect(await a.waitFor(/ PONG /)).toMatch(/^@label=ping2 :Chatsrv1 PONG Chatsrv1 :?after$/);
  });

  it('labels the reply to a WHOIS of a user on another server as one labeled-response batch', async () => {
    const [aNick, bNick] = [nick('lw'), nick('lr')];
    const a = await withCaps('Chatsrv1', aNick, ['batch', 'labeled-response']);
    await pool('Chatsrv2').registered(bNick);
    await suite.net.waitConverged();
    a.send(`@label=who1 WHOIS ${bNick}`);
    const start = await a.waitFor(/ BATCH \+/);
    const ref = /^@label=who1 :Chatsrv1 BATCH \+([A-Za-z0-9-]+) labeled-response$/.exec(start)?.[1];
    expect(ref).toBeDefined();
    const end = await a.waitFor(new RegExp(`^:Chatsrv1 BATCH -${re(ref ?? '')}$`));
    const inside = a.lines.slice(a.lines.indexOf(start) + 1, a.lines.indexOf(end));
    expect(inside.every((line) => line.startsWith(`@batch=${ref ?? ''} `))).toBe(true);
    expect(inside.find((line) => / 311 /.test(line))).toContain(` 311 ${aNick} ${bNick} ~${bNick} `);
    expect(inside.find((line) => / 312 /.test(line))).toContain(` 312 ${aNick} ${bNick} Chatsrv2 `);
    expect(inside[inside.length - 1]).toMatch(new RegExp(` 318 ${aNick} ${bNick} `));
    // A labeled command with no reply gets a labeled ACK.
    a.send('@label=pong1 PONG :nothing');
    expect(await a.waitFor(/ ACK$/)).toBe('@label=pong1 :Chatsrv1 ACK');
  });

  it('relays TAGMSG with +typing to another server, and the echo carries the msgid the recipient got', async () => {
    const [aNick, bNick] = [nick('ta'), nick('tb')];
    const a = await withCaps('Chatsrv1', aNick, ['message-tags', 'echo-message']);
    const b = await withCaps('Chatsrv2', bNick, ['message-tags']);
    await suite.net.waitConverged();
    a.send(`@+typing=active TAGMSG ${bNick}`);
    const got = await b.waitFor(/ TAGMSG /);
    expect(got).toMatch(new RegExp(`^@\\S+ :${re(mask(aNick))} TAGMSG ${bNick}$`));
    expect(tagsOf(got)['+typing']).toBe('active');
    const echo = await a.waitFor(/ TAGMSG /);
    expect(tagsOf(echo)['+typing']).toBe('active');
    expect(tagsOf(echo).msgid).toBe(tagsOf(got).msgid);
    a.send(`@+draft/reply=${tagsOf(got).msgid ?? ''} PRIVMSG ${bNick} :re`);
    expect(tagsOf(await b.waitFor(/ PRIVMSG /))['+draft/reply']).toBe(tagsOf(got).msgid);
  });

  it('delivers a draft/multiline message across servers: a batch to multiline clients, lines to the others', async () => {
    const chan = channel('ml');
    const [aNick, bNick, cNick] = [nick('ma'), nick('mb'), nick('mc')];
    const caps = ['batch', 'message-tags', 'echo-message', 'draft/multiline'];
    const a = await withCaps('Chatsrv1', aNick, caps);
    const b = await withCaps('Chatsrv2', bNick, caps);
    const c = await pool('Chatsrv3').registered(cNick);
    for (const client of [a, b, c]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    a.send(`BATCH +m1 draft/multiline ${chan}`);
    a.send(`@batch=m1 PRIVMSG ${chan} :first line`);
    a.send(`@batch=m1;draft/multiline-concat PRIVMSG ${chan} :, continued`);
    a.send(`@batch=m1 PRIVMSG ${chan} :second line`);
    a.send('BATCH -m1');
    const echoStart = await a.waitFor(/ BATCH \+\S+ draft\/multiline /);
    const start = await b.waitFor(/ BATCH \+\S+ draft\/multiline /);
    expect(start).toMatch(new RegExp(`:${re(mask(aNick))} BATCH \\+(\\S+) draft/multiline ${re(chan)}$`));
    expect(tagsOf(start).msgid).toBe(tagsOf(echoStart).msgid);
    const ref = /BATCH \+(\S+)/.exec(start)?.[1] ?? '';
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`@batch=${ref} :${mask(aNick)} PRIVMSG ${chan} :first line`);
    expect(await b.waitFor(/ PRIVMSG /)).toBe(
      `@batch=${ref};draft/multiline-concat :${mask(aNick)} PRIVMSG ${chan} :, continued`,
    );
    expect(await b.waitFor(/ PRIVMSG /)).toBe(`@batch=${ref} :${mask(aNick)} PRIVMSG ${chan} :second line`);
    expect(await b.waitFor(/ BATCH -/)).toBe(`:${mask(aNick)} BATCH -${ref}`);
    expect(await c.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :first line`);
    expect(await c.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :, continued`);
    expect(await c.waitFor(/ PRIVMSG /)).toBe(`:${mask(aNick)} PRIVMSG ${chan} :second line`);
  });

  it('shows a batch client the split as netsplit batches and the rejoin as netjoin batches; a plain client plain lines', async () => {
    const chan = channel('split');
    const [aNick, pNick, bNick, cNick] = [nick('na'), nick('np'), nick('nb'), nick('nc')];
    const a = await withCaps('Chatsrv1', aNick, ['batch']);
    const plain = await pool('Chatsrv1').registered(pNick);
    const b = await pool('Chatsrv2').registered(bNick);
    const c = await pool('Chatsrv3').registered(cNick);
    for (const client of [a, plain, b, c]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    await a.waitFor(new RegExp(`^:${re(mask(cNick))} JOIN `));

    await suite.net.host('Chatsrv3').stopPortal();
    const quits = [await a.waitFor(/ QUIT /, 8000), await a.waitFor(/ QUIT /, 8000)];
    await a.waitFor(new RegExp(`^:Chatsrv1 BATCH -${re(tagsOf(quits[1] ?? '').batch ?? '?')}$`), 8000);
    for (const quit of quits) {
      const ref = tagsOf(quit).batch ?? '?';
      const opened = a.lines.find((line) => line.startsWith(`:Chatsrv1 BATCH +${ref} `));
      expect(opened).toMatch(/ BATCH \+\S+ netsplit Chatsrv\d Chatsrv\d$/);
      expect(a.lines).toContain(`:Chatsrv1 BATCH -${ref}`);
    }
    expect(quits.map((q) => q.replace(/^@\S+ /, '').replace(/ QUIT .*/, '')).sort()).toEqual(
      [`:${mask(bNick)}`, `:${mask(cNick)}`].sort(),
    );
    expect(await plain.waitFor(/ QUIT /, 8000)).toMatch(/^:\S+ QUIT /);
    expect(await plain.waitFor(/ QUIT /, 8000)).toMatch(/^:\S+ QUIT /);

    await suite.net.host('Chatsrv3').startPortal();
    const joins = [await a.waitFor(/ JOIN /, 15_000), await a.waitFor(/ JOIN /, 15_000)];
    for (const join of joins) {
      const ref = tagsOf(join).batch ?? '';
      const opened = a.lines.find((line) => line.startsWith(`:Chatsrv1 BATCH +${ref} `));
      expect(opened).toMatch(/ BATCH \+\S+ netjoin Chatsrv\d Chatsrv\d$/);
    }
    expect(await plain.waitFor(/ JOIN /, 15_000)).toMatch(/^:\S+ JOIN /);
  }, 40_000);
});
