import { Harness } from '../testing/harness';
import { formatUptime } from './server-queries';

describe('LUSERS', () => {
  it('counts users, invisible, operators, unknown connections, channels and local clients', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    const carol = h.connect('carol');
    h.connectUnregistered();
    bob.send('MODE bob +i');
    h.engine.state.setUserMode(carol.user, 'o', true);
    h.addToChannel('#a', alice);
    h.addToChannel('#b', bob);
    carol.send('QUIT');
    h.connect('dan');
    expect(alice.ask('LUSERS')).toEqual([
      ':irc.test 251 alice :There are 2 users and 1 invisible on 1 servers',
      ':irc.test 252 alice 0 :operator(s) online',
      ':irc.test 253 alice 1 :unknown connection(s)',
      ':irc.test 254 alice 2 :channels formed',
      ':irc.test 255 alice :I have 3 clients and 0 servers',
      ':irc.test 265 alice 3 3 :Current local users 3, max 3',
      ':irc.test 266 alice 3 3 :Current global users 3, max 3',
    ]);
  });

  it('counts operators and remembers the peak', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    h.engine.state.setUserMode(bob.user, 'o', true);
    h.connect('carol').send('QUIT');
    const lines = alice.ask('LUSERS');
    expect(lines).toContain(':irc.test 252 alice 1 :operator(s) online');
    expect(lines).toContain(':irc.test 265 alice 2 3 :Current local users 2, max 3');
  });
});

describe('MOTD', () => {
  it('sends 375, one 372 per line, 376', () => {
    const alice = new Harness({ motd: ['one', 'two'] }).connect('alice');
    expect(alice.ask('MOTD')).toEqual([
      ':irc.test 375 alice :- irc.test Message of the day - ',
      ':irc.test 372 alice :- one',
      ':irc.test 372 alice :- two',
      ':irc.test 376 alice :End of /MOTD command.',
    ]);
  });

  it('answers 422 when there is no MOTD, also in the welcome', () => {
    const h = new Harness({ motd: [] });
    const c = h.connectUnregistered();
    c.send('NICK alice');
    c.send('USER alice 0 * :A');
    expect(c.lines().at(-1)).toBe(':irc.test 422 alice :MOTD File is missing');
  });

  it('answers 402 for another server', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('MOTD elsewhere.net')).toEqual([':irc.test 402 alice elsewhere.net :No such server']);
  });
});

describe('VERSION, TIME, ADMIN, INFO', () => {
  it('VERSION answers 351 then the 005 lines', () => {
    const alice = new Harness().connect('alice');
    const lines = alice.ask('VERSION');
    expect(lines[0]).toBe(':irc.test 351 alice portalchat-0.1.0 irc.test :Test server');
    expect(lines.slice(1).every((l) => / 005 alice .* :are supported by this server$/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
  });

  it('TIME answers 391 with the server time', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.advance(60_000);
    expect(alice.ask('TIME')).toEqual([':irc.test 391 alice irc.test :Tue, 02 Jan 2024 03:05:05 GMT']);
  });

  it('ADMIN answers 256–259 from the config', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('ADMIN')).toEqual([
      ':irc.test 256 alice irc.test :Administrative info',
      ':irc.test 257 alice :Test City',
      ':irc.test 258 alice :Test Lab',
      ':irc.test 259 alice admin@irc.test',
    ]);
  });

  it('INFO answers 371 lines and 374', () => {
    const alice = new Harness().connect('alice');
    const lines = alice.ask('INFO');
    expect(lines[0]).toMatch(/^:irc\.test 371 alice :portalchat-0\.1\.0: /);
    expect(lines.at(-1)).toBe(':irc.test 374 alice :End of /INFO list');
  });
});

describe('LINKS', () => {
  it('lists this server at hop 0 as its own uplink', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('LINKS')).toEqual([
      ':irc.test 364 alice irc.test irc.test :0 Test server',
      ':irc.test 365 alice * :End of /LINKS list',
    ]);
  });

  it('filters by mask', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('LINKS *.other')).toEqual([':irc.test 365 alice *.other :End of /LINKS list']);
    expect(alice.ask('LINKS irc.*')[0]).toMatch(/ 364 alice irc\.test /);
  });
});

describe('STATS', () => {
  it('u answers the uptime', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.advance(((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000);
    expect(alice.ask('STATS u')).toEqual([
      ':irc.test 242 alice :Server Up 2 days 3:04:05',
      ':irc.test 219 alice u :End of /STATS report',
    ]);
  });

  it('m answers per-command counts', () => {
    const alice = new Harness().connect('alice');
    alice.send('PING a');
    alice.send('PING b');
    const lines = alice.ask('STATS m');
    expect(lines).toContain(':irc.test 212 alice PING 2');
    expect(lines).toContain(':irc.test 212 alice NICK 1');
    expect(lines.at(-1)).toBe(':irc.test 219 alice m :End of /STATS report');
  });

  it('m leaves out unknown verbs, which count once in all (portalchat_commands_total{command="other"})', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.send('FROBNICATE');
    alice.send('WHISPER #x bob :hi'); // an IRCX verb, unknown to a session that did not send IRCX
    expect(h.engine.state.unknownCommandCount).toBe(2);
    expect(alice.ask('STATS m').join('\n')).not.toMatch(/ (FROBNICATE|WHISPER) /);
  });

  it('answers 481 to non-operators for oper-only letters, and the end for operators', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.ask('STATS o')).toEqual([":irc.test 481 alice :Permission Denied- You're not an IRC operator"]);
    h.engine.state.setUserMode(alice.user, 'o', true);
    expect(alice.ask('STATS o')).toEqual([':irc.test 219 alice o :End of /STATS report']);
  });

  it('ends the report for an unknown letter and answers 461 without one', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('STATS z')).toEqual([':irc.test 219 alice z :End of /STATS report']);
    expect(alice.ask('STATS')).toEqual([':irc.test 461 alice STATS :Not enough parameters']);
  });
});

describe('formatUptime', () => {
  it.each([
    [0, 'Server Up 0 days 0:00:00'],
    [59_999, 'Server Up 0 days 0:00:59'],
    [90_061_000, 'Server Up 1 days 1:01:01'],
  ])('formats %i ms', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});
