// Registration as a client sees it: NICK/USER, the welcome burst, CAP negotiation holding
// registration, and the error numerics around it. One real host for the whole file.
import { ClientPool, re, serverPrefix, sync } from '@portalchat/testkit';
import { startTestHost, type TestHost } from './support/test-host';

describe('registration (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  let S: string;

  beforeAll(async () => {
    host = await startTestHost({ motd: ['Line one of the e2e MOTD.', 'Line two.'] });
    S = serverPrefix(host);
  });
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await host?.stop();
  });

  it('welcomes NICK/USER with 001-005, the LUSERS block and the MOTD, in that order', async () => {
    const nick = pool.nick('reg');
    const client = await pool.connect();
    client.send(`NICK ${nick}`);
    client.send(`USER ${nick} 0 * :Real Name Here`);
    await client.waitFor(/ 376 /);

    const numerics = client.lines.map((line) => new RegExp(`^${S}(\\d{3}) ${nick} `).exec(line)?.[1]).filter(Boolean);
    expect(numerics.slice(0, 4)).toEqual(['001', '002', '003', '004']);
    expect(numerics.indexOf('005')).toBe(4);
    const afterIsupport = numerics.filter((n) => n !== '005').slice(4);
    expect(afterIsupport.slice(0, 5)).toEqual(['251', '252', '253', '254', '255']);
    expect(afterIsupport.slice(-4)).toEqual(['375', '372', '372', '376']);

    expect(client.lines[0]).toBe(
      `:${host.name} 001 ${nick} :Welcome to the Portalchat Network, ${nick}!~${nick}@127.0.0.1`,
    );
    expect(client.lines[1]).toMatch(
      new RegExp(`^${S}002 ${nick} :Your host is ${re(host.name)}, running version \\S+$`),
    );
    expect(client.lines[3]).toMatch(new RegExp(`^${S}004 ${nick} ${re(host.name)} \\S+ [a-zA-Z]+ [a-zA-Z]+`));
    const isupport = client.lines.filter((l) => l.includes(` 005 ${nick} `)).join(' ');
    for (const token of [
      'NETWORK=Portalchat',
      'CASEMAPPING=rfc1459',
      'PREFIX=(qov)~@+',
      'CHANTYPES=#&%',
      'NICKLEN=30',
    ]) {
      expect(isupport).toContain(` ${token} `);
    }
    expect(client.lines).toContain(`:${host.name} 372 ${nick} :- Line one of the e2e MOTD.`);
    expect(client.lines).toContain(`:${host.name} 372 ${nick} :- Line two.`);
    expect(client.lines).toContain(`:${host.name} 376 ${nick} :End of /MOTD command.`);
  });

  it('accepts USER before NICK', async () => {
    const nick = pool.nick('usr');
    const client = await pool.connect();
    client.send(`USER ${nick} 0 * :Someone`);
    client.send(`NICK ${nick}`);
    expect(await client.waitFor(/ 001 /)).toBe(
      `:${host.name} 001 ${nick} :Welcome to the Portalchat Network, ${nick}!~${nick}@127.0.0.1`,
    );
  });

  it('holds registration during CAP LS 302 … REQ … ACK until CAP END', async () => {
    const nick = pool.nick('cap');
    const client = await pool.connect();
    const { lines, caps: ls } = await client.capLs();
    // A long list spans lines: `CAP * LS * :…` on each but the last.
    for (const line of lines.slice(0, -1)) expect(line).toMatch(new RegExp(`^${S}CAP \\* LS \\* :`));
    expect(lines.at(-1)).toMatch(new RegExp(`^${S}CAP \\* LS :`));
    expect(ls).toMatch(/\bserver-time\b/);
    expect(ls).toMatch(/\becho-message\b/);
    client.send(`NICK ${nick}`);
    client.send(`USER ${nick} 0 * :Cap Client`);
    client.send('CAP REQ :server-time echo-message');
    expect(await client.waitFor(/ CAP /)).toBe(`:${host.name} CAP ${nick} ACK :server-time echo-message`);
    // Still unregistered: nothing numeric has arrived, and commands get 451.
    client.send('JOIN #capwait');
    expect(await client.waitFor(/ 451 /)).toBe(`:${host.name} 451 ${nick} :You have not registered`);
    expect(client.lines.some((l) => / 001 /.test(l))).toBe(false);

    client.send('CAP END');
    expect(await client.waitFor(/ 001 /)).toMatch(new RegExp(`^(@time=\\S+ )?${S}001 ${nick} :Welcome`));
  });

  it('NAKs a CAP REQ naming an unknown capability, all or nothing', async () => {
    const client = await pool.connect();
    client.send('CAP LS 302');
    client.send('CAP REQ :server-time no-such-cap');
    expect(await client.waitFor(/ CAP \* NAK /)).toBe(`:${host.name} CAP * NAK :server-time no-such-cap`);
    client.send('CAP LIST');
    expect(await client.waitFor(/ CAP \* LIST /)).not.toMatch(/server-time/);
  });

  it('answers commands before registration with 451 (and unknown ones with 421)', async () => {
    const client = await pool.connect();
    client.send('PRIVMSG someone :hello');
    expect(await client.waitFor(/ 451 /)).toBe(`:${host.name} 451 * :You have not registered`);
    client.send('FROBNICATE');
    expect(await client.waitFor(/ 421 /)).toBe(`:${host.name} 421 * FROBNICATE :Unknown command`);
  });

  it('answers PING before and after registration with PONG', async () => {
    const client = await pool.connect();
    client.send('PING :early-token');
    expect(await client.waitFor(/ PONG /)).toMatch(new RegExp(`^${S}PONG ${re(host.name)} :?early-token$`));
    const nick = pool.nick('png');
    await client.register(nick);
    client.send('PING late-token');
    expect(await client.waitFor(/ PONG /)).toMatch(new RegExp(`^${S}PONG ${re(host.name)} :?late-token$`));
  });

  it('refuses a nick in use with 433 and lets the client pick another', async () => {
    const nick = pool.nick('taken');
    await pool.registered(nick);
    const second = await pool.connect();
    second.send(`NICK ${nick}`);
    second.send(`USER x 0 * :x`);
    expect(await second.waitFor(/ 433 /)).toBe(`:${host.name} 433 * ${nick} :Nickname is already in use`);
    const other = pool.nick('free');
    second.send(`NICK ${other}`);
    expect(await second.waitFor(/ 001 /)).toMatch(new RegExp(`^${S}001 ${other} `));
    // Nicks compare case-insensitively (rfc1459 casemapping).
    second.send(`NICK ${nick.toUpperCase()}`);
    expect(await second.waitFor(/ 433 /)).toBe(
      `:${host.name} 433 ${other} ${nick.toUpperCase()} :Nickname is already in use`,
    );
  });

  it.each(['1digitfirst', 'has!bang', '#chanlike', '-dash'])('refuses the nick %s with 432', async (bad) => {
    const client = await pool.connect();
    client.send(`NICK ${bad}`);
    expect(await client.waitFor(/ 432 /)).toBe(`:${host.name} 432 * ${bad} :Erroneous nickname`);
  });

  it('answers NICK and USER without parameters with 431 and 461', async () => {
    const client = await pool.connect();
    client.send('NICK');
    expect(await client.waitFor(/ 431 /)).toBe(`:${host.name} 431 * :No nickname given`);
    client.send('USER onlyone');
    expect(await client.waitFor(/ 461 /)).toBe(`:${host.name} 461 * USER :Not enough parameters`);
  });

  it('refuses a second USER after registration with 462', async () => {
    const nick = pool.nick('again');
    const client = await pool.registered(nick);
    client.send('USER again 0 * :Again');
    expect(await client.waitFor(/ 462 /)).toBe(`:${host.name} 462 ${nick} :You may not reregister`);
  });

  it('changes nick after registration and tells the client with its old prefix', async () => {
    const nick = pool.nick('old');
    const renamed = pool.nick('new');
    const client = await pool.registered(nick);
    client.send(`NICK ${renamed}`);
    expect(await client.waitFor(/ NICK /)).toMatch(new RegExp(`^:${nick}!~${nick}@127\\.0\\.0\\.1 NICK :?${renamed}$`));
    // The next reply is addressed to the new nick.
    client.send('MOTD');
    expect(await client.waitFor(/ 376 /)).toBe(`:${host.name} 376 ${renamed} :End of /MOTD command.`);
    expect(await sync(client)).toEqual([]);
  });
});
