import { snapshotOf } from '../engine/snapshot';
import { Harness, operatorAccount, TEST_EPOCH } from '../testing/harness';

function setup() {
  const h = new Harness({ operators: [operatorAccount('root', 'pw')] });
  const oper = h.connect('oper', { ip: '127.0.0.10' });
  oper.send('OPER root pw');
  oper.lines();
  return { h, oper };
}

const SET_AT = String(Math.floor(TEST_EPOCH / 1000));

/** A client that tries to register from `ip`: the lines it got (a banned one gets 465 and ERROR). */
function tryRegister(h: Harness, nick: string, ip: string): string[] {
  const client = h.connectUnregistered({ ip });
  client.send(`NICK ${nick}`);
  client.send(`USER ${nick} 0 * :${nick}`);
  return client.lines();
}

describe('KLINE', () => {
  it('is for operators only (481)', () => {
    const { h } = setup();
    const alice = h.connect('alice');
    expect(alice.ask('KLINE *@127.0.0.20 :go')).toEqual([
      ":irc.test 481 alice :Permission Denied- You're not an IRC operator",
    ]);
    expect(alice.ask('UNKLINE *@127.0.0.20')[0]).toMatch(/ 481 alice /);
  });

  it('answers 461 without a mask', () => {
    const { oper } = setup();
    expect(oper.ask('KLINE')).toEqual([':irc.test 461 oper KLINE :Not enough parameters']);
  });

  it('drops a matching connected user with 465 and ERROR; peers see the QUIT', () => {
    const { h, oper } = setup();
    const bad = h.connect('bad', { ip: '127.0.0.20' });
    const peer = h.connect('peer', { ip: '127.0.0.21' });
    h.addToChannel('#a', bad);
    h.addToChannel('#a', peer);
    expect(oper.ask('KLINE *@127.0.0.20 :spamming')).toEqual([
      ':irc.test NOTICE oper :Added permanent K-Line [*@127.0.0.20]: spamming',
      ':irc.test NOTICE oper :K-Line [*@127.0.0.20] disconnected 1 user here',
    ]);
    expect(bad.lines()).toEqual([
      ':irc.test 465 bad :You are banned from this server: spamming',
      'ERROR :Closing Link: 127.0.0.20 (K-Lined: spamming)',
    ]);
    expect(bad.closed).toBe(true);
    expect(peer.lines()).toEqual([':bad!~bad@127.0.0.20 QUIT :K-Lined: spamming']);
  });

  it('refuses a new connection that matches at registration (465, ERROR)', () => {
    const { h, oper } = setup();
    oper.send('KLINE ~evil@* :no evil');
    const evil = h.connectUnregistered({ ip: '127.0.0.30' });
    evil.send('NICK evil');
    evil.send('USER evil 0 * :Evil');
    expect(evil.lines()).toEqual([
      ':irc.test 465 evil :You are banned from this server: no evil',
      'ERROR :Closing Link: 127.0.0.30 (K-Lined: no evil)',
    ]);
    expect(h.state.userByNick('evil')).toBeUndefined();
    // Another username from the same host is not covered.
    expect(h.connect('good', { ip: '127.0.0.30' }).closed).toBe(false);
  });

  it('takes solanum minutes and InspIRCd durations; expires on the clock', () => {
    const { h, oper } = setup();
    expect(oper.ask('KLINE 10 *@127.0.0.40 :ten minutes')).toEqual([
      ':irc.test NOTICE oper :Added temporary 10 min. K-Line [*@127.0.0.40]: ten minutes',
    ]);
    expect(oper.ask('KLINE *@127.0.0.41 1h :an hour')).toEqual([
      ':irc.test NOTICE oper :Added temporary 60 min. K-Line [*@127.0.0.41]: an hour',
    ]);
    expect(oper.ask('STATS k')).toEqual([
      `:irc.test 216 oper *@127.0.0.40 ${SET_AT} ${Number(SET_AT) + 600} oper!~oper@127.0.0.10 :ten minutes`,
      `:irc.test 216 oper *@127.0.0.41 ${SET_AT} ${Number(SET_AT) + 3600} oper!~oper@127.0.0.10 :an hour`,
      ':irc.test 219 oper k :End of /STATS report',
    ]);
    h.advance(10 * 60_000);
    expect(h.connect('back', { ip: '127.0.0.40' }).closed).toBe(false);
    expect(oper.ask('STATS k')).toHaveLength(2);
  });

  it('a nick stands for its host; a mask matching everyone is refused', () => {
    const { h, oper } = setup();
    const bad = h.connect('bad', { ip: '127.0.0.50' });
    expect(oper.ask('KLINE bad :bye')[0]).toBe(':irc.test NOTICE oper :Added permanent K-Line [*@127.0.0.50]: bye');
    expect(bad.closed).toBe(true);
    expect(oper.ask('KLINE *@* :all')).toEqual([
      ':irc.test NOTICE oper :Invalid K-Line [*@*]: too wide: it matches everyone',
    ]);
  });

  it('a CIDR host covers the block; a duplicate is refused', () => {
    const { h, oper } = setup();
    oper.send('KLINE *@127.0.9.0/24 :range');
    expect(tryRegister(h, 'inrange', '127.0.9.77')[0]).toBe(
      ':irc.test 465 inrange :You are banned from this server: range',
    );
    expect(oper.ask('KLINE *@127.0.9.0/24 :again')).toEqual([
      ':irc.test NOTICE oper :[*@127.0.9.0/24] already K-Lined by oper!~oper@127.0.0.10: range',
    ]);
  });

  it('UNKLINE lifts it; an unknown mask is answered', () => {
    const { h, oper } = setup();
    oper.send('KLINE *@127.0.0.60 :x');
    expect(oper.ask('UNKLINE *@127.0.0.60')).toEqual([':irc.test NOTICE oper :K-Line for [*@127.0.0.60] is removed']);
    expect(h.connect('ok', { ip: '127.0.0.60' }).closed).toBe(false);
    expect(oper.ask('UNKLINE *@127.0.0.60')).toEqual([':irc.test NOTICE oper :No K-Line for [*@127.0.0.60]']);
  });
});

describe('DLINE', () => {
  it('refuses the IP at connect, before registration', () => {
    const { h, oper } = setup();
    expect(oper.ask('DLINE 127.0.0.70 :flood')).toEqual([
      ':irc.test NOTICE oper :Added permanent D-Line [127.0.0.70]: flood',
    ]);
    const raw = h.connectUnregistered({ ip: '127.0.0.70' });
    expect(raw.lines()).toEqual([
      ':irc.test 465 * :You are banned from this server: flood',
      'ERROR :Closing Link: 127.0.0.70 (D-Lined: flood)',
    ]);
    expect(raw.closed).toBe(true);
  });

  it('takes IPv4 and IPv6 CIDR blocks and drops connected users in them', () => {
    const { h, oper } = setup();
    const v6 = h.connect('six', { ip: '2001:db8::5' });
    const v4 = h.connect('four', { ip: '::ffff:10.1.2.3' });
    oper.send('DLINE 2001:db8::/32 :v6 range');
    oper.send('DLINE 10.1.0.0/16 :v4 range');
    expect(v6.closed).toBe(true);
    expect(v4.closed).toBe(true);
    expect(h.connectUnregistered({ ip: '2001:db9::1' }).closed).toBe(false);
    expect(oper.ask('STATS d')).toEqual([
      `:irc.test 225 oper 2001:db8::/32 ${SET_AT} 0 oper!~oper@127.0.0.10 :v6 range`,
      `:irc.test 225 oper 10.1.0.0/16 ${SET_AT} 0 oper!~oper@127.0.0.10 :v4 range`,
      ':irc.test 219 oper d :End of /STATS report',
    ]);
  });

  it('refuses what is not an IP or CIDR; UNDLINE lifts one', () => {
    const { h, oper } = setup();
    expect(oper.ask('DLINE 10.0.0.0/33 :x')).toEqual([
      ':irc.test NOTICE oper :Invalid D-Line [10.0.0.0/33]: not an IP address or CIDR block',
    ]);
    oper.send('DLINE 127.0.0.80 :x');
    expect(oper.ask('UNDLINE 127.0.0.80')).toEqual([':irc.test NOTICE oper :D-Line for [127.0.0.80] is removed']);
    expect(h.connectUnregistered({ ip: '127.0.0.80' }).closed).toBe(false);
  });
});

describe('STATS for bans', () => {
  it('k, d and g are for operators only', () => {
    const { h } = setup();
    const alice = h.connect('alice');
    for (const letter of ['k', 'd', 'g']) expect(alice.ask(`STATS ${letter}`)[0]).toMatch(/ 481 alice /);
  });
});

describe('bans across a restart of state', () => {
  it('K-, D- and G-lines are in the recovery data and the snapshot view', () => {
    const { h, oper } = setup();
    oper.send('KLINE 5 *@127.0.0.90 :k');
    oper.send('DLINE 127.0.0.91 :d');
    oper.send('GLINE *@127.0.0.92 :g');
    const restarted = new Harness({ operators: [operatorAccount('root', 'pw')] });
    restarted.now = h.now;
    restarted.engine.restoreData(structuredClone(h.engine.captureData()));
    expect(tryRegister(restarted, 'k', '127.0.0.90').at(-1)).toBe('ERROR :Closing Link: 127.0.0.90 (K-Lined: k)');
    expect(restarted.connectUnregistered({ ip: '127.0.0.91' }).closed).toBe(true);
    expect(tryRegister(restarted, 'g', '127.0.0.92').at(-1)).toBe('ERROR :Closing Link: 127.0.0.92 (G-Lined: g)');
    expect(snapshotOf(restarted.state).bans).toEqual({
      K: [{ mask: '*@127.0.0.90', expiresAt: TEST_EPOCH + 5 * 60_000, reason: 'k' }],
      D: [{ mask: '127.0.0.91', expiresAt: 0, reason: 'd' }],
      G: [{ mask: '*@127.0.0.92', expiresAt: 0, reason: 'g' }],
    });
  });
});
