// IRC operators on a real host started with one operator account: OPER, KILL, WALLOPS and the
// 481 refusals for everyone else.
import { ClientPool, re, serverPrefix, sync } from '@portalchat/testkit';
import { startTestHost, type TestHost } from './support/test-host';

describe('operators (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  let S: string;
  const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

  beforeAll(async () => {
    host = await startTestHost({
      operators: [
        { name: 'boss', password: 'open sesame' },
        { name: 'manager', password: 'manage all', level: 'admin' },
      ],
    });
    S = serverPrefix(host);
  });
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await host?.stop();
  });

  async function oper(nick: string) {
    const client = await pool.registered(nick);
    client.send('OPER boss :open sesame');
    await client.waitFor(/ 381 /);
    return client;
  }

  it('makes a user an operator with 381 and user mode +o, visible in WHOIS', async () => {
    const nick = pool.nick('oper');
    const client = await pool.registered(nick);
    client.send('OPER boss :open sesame');
    expect(await client.waitFor(/ 381 /)).toBe(`:${host.name} 381 ${nick} :You are now an IRC operator`);
    expect(await client.waitFor(/ MODE /)).toMatch(new RegExp(`^:${nick}(!\\S+)? MODE ${nick} :?\\+o$`));
    const asker = await pool.registered(pool.nick('asker'));
    asker.send(`WHOIS ${nick}`);
    expect(await asker.waitFor(/ 313 /)).toMatch(new RegExp(`^${S}313 \\S+ ${nick} :`));
  });

  it('makes a sysop manager (an admin account) +oa, and owner of any channel it joins', async () => {
    const nick = pool.nick('mgr');
    const client = await pool.registered(nick);
    client.send('OPER manager :manage all');
    await client.waitFor(/ 381 /);
    expect(await client.waitFor(/ MODE /)).toMatch(new RegExp(`^:${nick}(!\\S+)? MODE ${nick} :?\\+oa$`));
    const chan = `#mgr${nick}`;
    const founder = await pool.registered(pool.nick('founder'));
    founder.send(`JOIN ${chan}`);
    await founder.waitFor(/ 366 /);
    client.send(`JOIN ${chan}`);
    expect(await client.waitFor(/ 353 /)).toMatch(new RegExp(` :.*~${nick}( |$)`));
  });

  it('refuses a wrong password with 464 and an unknown account with 464 or 491', async () => {
    const nick = pool.nick('guess');
    const client = await pool.registered(nick);
    client.send('OPER boss :not the password');
    expect(await client.waitFor(/ 464 /)).toBe(`:${host.name} 464 ${nick} :Password incorrect`);
    client.send('OPER nobody :open sesame');
    expect(await client.waitFor(/ (464|491) /)).toMatch(new RegExp(`^${S}(464|491) ${nick} :`));
    client.send('OPER boss');
    expect(await client.waitFor(/ 461 /)).toBe(`:${host.name} 461 ${nick} OPER :Not enough parameters`);
    // Still not an operator.
    client.send('WALLOPS :am I special');
    expect(await client.waitFor(/ 481 /)).toBe(
      `:${host.name} 481 ${nick} :Permission Denied- You're not an IRC operator`,
    );
  });

  it('KILLs a user: the victim gets the KILL and ERROR, channel peers see QUIT with the reason', async () => {
    const chan = '#killing-floor';
    const operNick = pool.nick('killer');
    const [victimNick, peerNick] = [pool.nick('victim'), pool.nick('peer')];
    const operator = await oper(operNick);
    const victim = await pool.registered(victimNick);
    const peer = await pool.registered(peerNick);
    for (const client of [victim, peer]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    await victim.waitFor(new RegExp(`^:${re(mask(peerNick))} JOIN`));

    operator.send(`KILL ${victimNick} :spamming the channel`);
    expect(await victim.waitFor(/ KILL /)).toBe(`:${mask(operNick)} KILL ${victimNick} :spamming the channel`);
    expect(await victim.waitFor(/^ERROR /)).toBe(
      `ERROR :Closing Link: 127.0.0.1 (Killed (${operNick} (spamming the channel)))`,
    );
    await victim.waitClosed();
    expect(await peer.waitFor(/ QUIT /)).toBe(`:${mask(victimNick)} QUIT :Killed (${operNick} (spamming the channel))`);
    // The nick is free again.
    const reuse = await pool.connect();
    let welcome = '';
    for (let attempt = 0; attempt < 20 && !welcome; attempt++) {
      reuse.send(`NICK ${victimNick}`);
      if (attempt === 0) reuse.send('USER again 0 * :again');
      welcome = await reuse.waitFor(/ (001|433) /).then((l) => (/ 001 /.test(l) ? l : ''));
    }
    expect(welcome).toMatch(new RegExp(`^${S}001 ${victimNick} `));
  });

  it('answers KILL of an unknown nick with 401', async () => {
    const nick = pool.nick('oper');
    const operator = await oper(nick);
    operator.send('KILL ghost :boo');
    expect(await operator.waitFor(/ 401 /)).toBe(`:${host.name} 401 ${nick} ghost :No such nick/channel`);
  });

  it('sends WALLOPS to +w users only', async () => {
    const operNick = pool.nick('wall');
    const [watchNick, deafNick] = [pool.nick('watch'), pool.nick('deaf')];
    const operator = await oper(operNick);
    const watcher = await pool.registered(watchNick);
    const deaf = await pool.registered(deafNick);
    watcher.send(`MODE ${watchNick} +w`);
    expect(await watcher.waitFor(/ MODE /)).toMatch(new RegExp(`^:${watchNick}(!\\S+)? MODE ${watchNick} :?\\+w$`));

    operator.send('WALLOPS :maintenance in ten minutes');
    expect(await watcher.waitFor(/ WALLOPS /)).toBe(`:${mask(operNick)} WALLOPS :maintenance in ten minutes`);
    await sync(operator);
    expect(await sync(deaf)).toEqual([]);
    expect(deaf.lines.filter((l) => l.includes('WALLOPS'))).toEqual([]);
  });

  it('refuses KILL and WALLOPS from non-operators with 481', async () => {
    const nick = pool.nick('pleb');
    const targetNick = pool.nick('target');
    const client = await pool.registered(nick);
    const target = await pool.registered(targetNick);
    client.send(`KILL ${targetNick} :you are out`);
    expect(await client.waitFor(/ 481 /)).toBe(
      `:${host.name} 481 ${nick} :Permission Denied- You're not an IRC operator`,
    );
    client.send('WALLOPS :hear me');
    expect(await client.waitFor(/ 481 /)).toBe(
      `:${host.name} 481 ${nick} :Permission Denied- You're not an IRC operator`,
    );
    expect(await sync(target)).toEqual([]);
  });
});
