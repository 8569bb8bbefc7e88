// Information queries against a real host: WHOIS/WHO/WHOWAS, ISON/USERHOST, LUSERS, LIST,
// NAMES and the server queries (VERSION TIME ADMIN INFO MOTD LINKS STATS).
import { ClientPool, re, serverPrefix, sync, type IrcTestClient, defined } from '@portalchat/testkit';
import { startTestHost, type TestHost } from './support/test-host';

describe('queries (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  let S: string;
  let chanSerial = 0;
  const channel = () => `#query${++chanSerial}`;

  beforeAll(async () => {
    host = await startTestHost({ operators: [{ name: 'watcher', password: 'correct horse' }] });
    S = serverPrefix(host);
  });
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await host?.stop();
  });

  /** The lines of one multi-line reply: from the first `first` numeric to the `last` one. */
  async function reply(client: IrcTestClient, command: string, last: string): Promise<string[]> {
    const from = client.lines.length;
    client.send(command);
    const end = await client.waitFor(new RegExp(`^${S}${last} `));
    return client.lines.slice(from, client.lines.lastIndexOf(end) + 1);
  }

  it('answers WHOIS with 311, 319, 312 and 318', async () => {
    const chan = channel();
    const [askNick, userNick] = [pool.nick('ask'), pool.nick('whoisd')];
    const ask = await pool.registered(askNick);
    const user = await pool.registered(userNick);
    user.send(`JOIN ${chan}`);
    await user.waitFor(/ 366 /);
    const lines = await reply(ask, `WHOIS ${userNick}`, '318');
    expect(lines).toContain(
      `:${host.name} 311 ${askNick} ${userNick} ~${userNick} 127.0.0.1 * :${userNick} test client`,
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${S}319 ${askNick} ${userNick} :?@${chan}$`)));
    expect(lines).toContain(`:${host.name} 312 ${askNick} ${userNick} ${host.name} :Portalchat e2e host`);
    expect(lines.at(-1)).toBe(`:${host.name} 318 ${askNick} ${userNick} :End of /WHOIS list`);
    expect(lines[0]).toMatch(/ 311 /);

    const missing = await reply(ask, 'WHOIS no-such-user', '318');
    expect(missing).toEqual([
      `:${host.name} 401 ${askNick} no-such-user :No such nick/channel`,
      `:${host.name} 318 ${askNick} no-such-user :End of /WHOIS list`,
    ]);
  });

  it('answers WHO #channel with one 352 per member and 315', async () => {
    const chan = channel();
    const [opNick, memberNick] = [pool.nick('whoop'), pool.nick('whomem')];
    const op = await pool.registered(opNick);
    const member = await pool.registered(memberNick);
    op.send(`JOIN ${chan}`);
    await op.waitFor(/ 366 /);
    member.send(`JOIN ${chan}`);
    await member.waitFor(/ 366 /);
    const lines = await reply(member, `WHO ${chan}`, '315');
    expect(lines.sort()).toEqual(
      [
        `:${host.name} 352 ${memberNick} ${chan} ~${opNick} 127.0.0.1 ${host.name} ${opNick} H@ :0 ${opNick} test client`,
        `:${host.name} 352 ${memberNick} ${chan} ~${memberNick} 127.0.0.1 ${host.name} ${memberNick} H :0 ${memberNick} test client`,
        `:${host.name} 315 ${memberNick} ${chan} :End of WHO list`,
      ].sort(),
    );
  });

  it('lists only operators for WHO with the o flag', async () => {
    const chan = channel();
    const [operNick, plainNick] = [pool.nick('whooper'), pool.nick('whoplain')];
    const oper = await pool.registered(operNick);
    const plain = await pool.registered(plainNick);
    oper.send('OPER watcher :correct horse');
    await oper.waitFor(/ 381 /);
    for (const client of [oper, plain]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    const lines = await reply(plain, `WHO ${chan} o`, '315');
    expect(lines).toEqual([
      `:${host.name} 352 ${plainNick} ${chan} ~${operNick} 127.0.0.1 ${host.name} ${operNick} H*@ :0 ${operNick} test client`,
      `:${host.name} 315 ${plainNick} ${chan} :End of WHO list`,
    ]);
  });

  it('remembers a user who quit for WHOWAS (314, 312, 369)', async () => {
    const [askNick, goneNick] = [pool.nick('wwask'), pool.nick('gone')];
    const ask = await pool.registered(askNick);
    const gone = await pool.registered(goneNick);
    gone.send('QUIT :bye');
    await gone.waitClosed();
    // The QUIT is handled asynchronously; poll WHOWAS until it knows (bounded).
    let lines: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      lines = await reply(ask, `WHOWAS ${goneNick}`, '369');
      if (lines.some((l) => / 314 /.test(l))) break;
    }
    expect(lines[0]).toBe(`:${host.name} 314 ${askNick} ${goneNick} ~${goneNick} 127.0.0.1 * :${goneNick} test client`);
    expect(lines[1]).toMatch(new RegExp(`^${S}312 ${askNick} ${goneNick} ${re(host.name)} :`));
    expect(lines.at(-1)).toBe(`:${host.name} 369 ${askNick} ${goneNick} :End of WHOWAS`);

    expect(await reply(ask, 'WHOWAS never-was-here', '369')).toEqual([
      `:${host.name} 406 ${askNick} never-was-here :There was no such nickname`,
      `:${host.name} 369 ${askNick} never-was-here :End of WHOWAS`,
    ]);
  });

  it('answers ISON with the nicks online and USERHOST with user@host', async () => {
    const [askNick, thereNick] = [pool.nick('isask'), pool.nick('there')];
    const ask = await pool.registered(askNick);
    await pool.registered(thereNick);
    ask.send(`ISON ${thereNick} not-online ${askNick.toUpperCase()}`);
    // Matched case-insensitively, answered with each nick as its owner spells it.
    expect(await ask.waitFor(/ 303 /)).toBe(`:${host.name} 303 ${askNick} :${thereNick} ${askNick}`);
    ask.send(`USERHOST ${thereNick} not-online`);
    // A one-word trailing parameter may go without its colon.
    expect(await ask.waitFor(/ 302 /)).toMatch(
      new RegExp(`^${S}302 ${askNick} :?${thereNick}=\\+~${thereNick}@127\\.0\\.0\\.1$`),
    );
  });

  it('counts users, unknown connections and channels in LUSERS', async () => {
    const nick = pool.nick('lus');
    const client = await pool.registered(nick);
    const count = (lines: string[], numeric: string, pattern: RegExp) =>
      Number(pattern.exec(lines.find((l) => l.includes(` ${numeric} `)) ?? '')?.[1]);
    const before = await reply(client, 'LUSERS', '266');
    expect(before.map((l) => l.split(' ')[1])).toEqual(['251', '252', '253', '254', '255', '265', '266']);

    const extra = await pool.registered(pool.nick('lusx'));
    extra.send(`JOIN ${channel()}`);
    await extra.waitFor(/ 366 /);
    await pool.connect(); // stays unregistered
    await sync(client);
    const after = await reply(client, 'LUSERS', '266');
    const users = /There are (\d+) users/;
    expect(count(after, '251', users)).toBe(count(before, '251', users) + 1);
    expect(count(after, '253', / 253 \S+ (\d+) /)).toBe(count(before, '253', / 253 \S+ (\d+) /) + 1);
    expect(count(after, '254', / 254 \S+ (\d+) /)).toBe(count(before, '254', / 254 \S+ (\d+) /) + 1);
    expect(after.find((l) => / 255 /.test(l))).toMatch(
      new RegExp(`^${S}255 ${nick} :I have \\d+ clients and 0 servers$`),
    );
  });

  it('filters LIST by a channel mask and hides secret channels from outsiders', async () => {
    const [opNick, askNick] = [pool.nick('lstop'), pool.nick('lstask')];
    const op = await pool.registered(opNick);
    const ask = await pool.registered(askNick);
    for (const chan of ['#fruit-apple', '#fruit-pear', '#veg-leek', '#fruit-secret']) op.send(`JOIN ${chan}`);
    op.send('TOPIC #fruit-apple :Crunchy ones');
    op.send('MODE #fruit-secret +s');
    await op.waitFor(/ MODE #fruit-secret /);
    const lines = await reply(ask, 'LIST #fruit-*', '323');
    expect(lines.at(-1)).toBe(`:${host.name} 323 ${askNick} :End of /LIST`);
    const entries = lines.slice(0, -1).sort();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toBe(`:${host.name} 322 ${askNick} #fruit-apple 1 :[+nt] Crunchy ones`);
    expect(entries[1]).toMatch(new RegExp(`^${S}322 ${askNick} #fruit-pear 1 :\\[\\+nt\\] ?$`));
  });

  it('answers NAMES for a channel and ends unknown ones with 366', async () => {
    const chan = channel();
    const nick = pool.nick('nam');
    const client = await pool.registered(nick);
    client.send(`JOIN ${chan}`);
    await client.waitFor(/ 366 /);
    expect(await reply(client, `NAMES ${chan}`, '366')).toEqual([
      expect.stringMatching(new RegExp(`^${S}353 ${nick} = ${chan} :?@${nick}$`)),
      `:${host.name} 366 ${nick} ${chan} :End of /NAMES list`,
    ]);
    expect(await reply(client, 'NAMES #nobody-here', '366')).toEqual([
      `:${host.name} 366 ${nick} #nobody-here :End of /NAMES list`,
    ]);
  });

  it('answers VERSION (351), TIME (391), ADMIN (256-259) and INFO (371/374)', async () => {
    const nick = pool.nick('srv');
    const client = await pool.registered(nick);
    expect(await reply(client, 'VERSION', '351')).toContainEqual(
      expect.stringMatching(new RegExp(`^${S}351 ${nick} \\S+ ${re(host.name)} :`)),
    );
    const time = defined((await reply(client, 'TIME', '391')).at(-1), 'a 391 reply');
    expect(time).toMatch(new RegExp(`^${S}391 ${nick} ${re(host.name)} :`));
    expect(Math.abs(Date.parse(defined(time.split(' :')[1], 'the time in the 391 reply')) - Date.now())).toBeLessThan(
      60_000,
    );
    expect(await reply(client, 'ADMIN', '259')).toEqual([
      `:${host.name} 256 ${nick} ${host.name} :Administrative info`,
      `:${host.name} 257 ${nick} :${host.name}: Portalchat e2e host`,
      `:${host.name} 258 ${nick} :Portalchat network`,
      expect.stringMatching(new RegExp(`^${S}259 ${nick} :?admin@localhost$`)),
    ]);
    const info = await reply(client, 'INFO', '374');
    expect(info.slice(0, -1).every((l) => l.startsWith(`:${host.name} 371 ${nick} :`))).toBe(true);
    expect(info.length).toBeGreaterThan(1);
    expect(info.at(-1)).toBe(`:${host.name} 374 ${nick} :End of /INFO list`);
    client.send('TIME other.server');
    expect(await client.waitFor(/ 402 /)).toBe(`:${host.name} 402 ${nick} other.server :No such server`);
  });

  it('repeats the MOTD on request', async () => {
    const nick = pool.nick('motd');
    const client = await pool.registered(nick);
    expect(await reply(client, 'MOTD', '376')).toEqual([
      `:${host.name} 375 ${nick} :- ${host.name} Message of the day - `,
      `:${host.name} 372 ${nick} :- Welcome to ${host.name} on the Portalchat network.`,
      `:${host.name} 376 ${nick} :End of /MOTD command.`,
    ]);
  });

  it('lists itself in LINKS (364 hop 0, 365)', async () => {
    const nick = pool.nick('lnk');
    const client = await pool.registered(nick);
    expect(await reply(client, 'LINKS', '365')).toEqual([
      `:${host.name} 364 ${nick} ${host.name} ${host.name} :0 Portalchat e2e host`,
      `:${host.name} 365 ${nick} * :End of /LINKS list`,
    ]);
  });

  it('answers STATS u with the uptime and STATS m with per-command counts', async () => {
    const nick = pool.nick('sta');
    const client = await pool.registered(nick);
    const uptime = await reply(client, 'STATS u', '219');
    expect(uptime).toEqual([
      expect.stringMatching(new RegExp(`^${S}242 ${nick} :Server Up \\d+ days \\d+:\\d{2}:\\d{2}$`)),
      `:${host.name} 219 ${nick} u :End of /STATS report`,
    ]);
    const commands = await reply(client, 'STATS m', '219');
    expect(commands).toContainEqual(expect.stringMatching(new RegExp(`^${S}212 ${nick} NICK \\d+`)));
    expect(commands).toContainEqual(expect.stringMatching(new RegExp(`^${S}212 ${nick} STATS \\d+`)));
    expect(commands.at(-1)).toBe(`:${host.name} 219 ${nick} m :End of /STATS report`);
  });
});
