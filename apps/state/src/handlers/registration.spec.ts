import { Harness } from '../testing/harness';

describe('registration', () => {
  it('welcomes a client after NICK and USER with 001–005, LUSERS and MOTD in order', () => {
    const h = new Harness();
    const c = h.connectUnregistered({ ip: '127.0.0.9' });
    c.send('NICK alice');
    expect(c.lines()).toEqual([]);
    c.send('USER alice 0 * :Alice Liddell');
    const lines = c.lines();
    const numerics = lines.map((l) => l.split(' ')[1]);
    expect(numerics).toEqual([
      '001',
      '002',
      '003',
      '004',
      '005',
      '005',
      '005',
      '251',
      '252',
      '253',
      '254',
      '255',
      '265',
      '266',
      '375',
      '372',
      '376',
    ]);
    expect(lines[0]).toBe(':irc.test 001 alice :Welcome to the TestNet Network, alice!~alice@127.0.0.9');
    expect(lines[1]).toBe(':irc.test 002 alice :Your host is irc.test, running version portalchat-0.1.0');
    expect(lines[2]).toBe(':irc.test 003 alice :This server was created Tue, 02 Jan 2024 03:04:05 GMT');
    expect(lines[3]).toBe(':irc.test 004 alice irc.test portalchat-0.1.0 Baioswz ISabdefhiklmnopqrstuvwxz Ibekloqv');
    expect(c.registrations).toEqual([{ nick: 'alice', floodExempt: false }]);
  });

  it('accepts USER before NICK', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    c.send('USER bob 0 * :Bob');
    c.send('NICK bob');
    expect(c.lines()[0]).toMatch(/^:irc\.test 001 bob /);
  });

  it('accepts PASS before registration and refuses it after with 462', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    c.send('PASS secret');
    c.send('NICK carol');
    c.send('USER carol 0 * :Carol');
    expect(c.lines()[0]).toMatch(/ 001 carol /);
    expect(c.ask('PASS again')).toEqual([':irc.test 462 carol :You may not reregister']);
  });

  it('refuses other commands before registration with 451', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    expect(c.ask('WHOIS x')).toEqual([':irc.test 451 * :You have not registered']);
  });

  it('prefixes the username with ~ and truncates it to USERLEN', () => {
    const h = new Harness({ limits: { userLength: 5 } });
    h.connect('dave', { username: 'abcdefghij' });
    expect(h.state.userByNick('dave')?.username).toBe('~abcd');
  });

  it('irctest testNonutf8Username: answers 468 when the username has no usable character', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('USER @@@ 0 * :x')).toEqual([':irc.test 468 * :Your username is not valid']);
    expect(c.ask('USER 😊😊😊 0 * :x')).toEqual([':irc.test 468 * :Your username is not valid']);
  });

  it('irctest testEmptyRealname: answers 461 to USER with an empty realname', () => {
    const c = new Harness().connectUnregistered();
    c.send('NICK foo');
    expect(c.ask('USER username * * :')).toEqual([':irc.test 461 foo USER :Not enough parameters']);
    expect(c.ask('USER username * * :Real')[0]).toMatch(/ 001 foo /);
  });

  it('advertises STATUSMSG and ELIST in 005 because messaging and LIST support them', () => {
    const c = new Harness().connectUnregistered();
    c.send('NICK alice');
    c.send('USER alice 0 * :A');
    const isupport = c
      .lines()
      .filter((l) => / 005 /.test(l))
      .join(' ');
    expect(isupport).toContain(' STATUSMSG=@+ ');
    expect(isupport).toContain(' ELIST=CMNTU ');
    expect(isupport).not.toContain('SAFELIST');
  });

  describe('NICK errors', () => {
    it('answers 431 without a nick', () => {
      const c = new Harness().connectUnregistered();
      expect(c.ask('NICK')).toEqual([':irc.test 431 * :No nickname given']);
      expect(c.ask('NICK :')).toEqual([':irc.test 431 * :No nickname given']);
    });

    it.each(['1abc', 'a b', 'a,b', '#chan', 'toolongnick'])('answers 432 for %j', (nick) => {
      const c = new Harness({ limits: { nickLength: 9 } }).connectUnregistered();
      const [line] = c.ask(`NICK :${nick}`);
      expect(line).toMatch(/^:irc\.test 432 \* \S+ :Erroneous nickname$/);
    });

    it('answers 433 when the nick is taken, ignoring case', () => {
      const h = new Harness();
      h.connect('Alice[x]');
      const c = h.connectUnregistered();
      expect(c.ask('NICK alice{X}')).toEqual([':irc.test 433 * alice{X} :Nickname is already in use']);
    });

    it('answers 433 at USER when another client registered the nick meanwhile', () => {
      const h = new Harness();
      const c = h.connectUnregistered();
      c.send('NICK eve');
      h.connect('eve');
      expect(c.ask('USER eve 0 * :Eve')).toEqual([':irc.test 433 * eve :Nickname is already in use']);
      expect(c.ask('NICK eve2')[0]).toMatch(/ 001 eve2 /);
    });
  });

  describe('USER errors', () => {
    it('answers 461 with too few params', () => {
      const c = new Harness().connectUnregistered();
      expect(c.ask('USER a 0 *')).toEqual([':irc.test 461 * USER :Not enough parameters']);
    });

    it('answers 462 after registration', () => {
      const alice = new Harness().connect('alice');
      expect(alice.ask('USER a 0 * :x')).toEqual([':irc.test 462 alice :You may not reregister']);
    });
  });

  describe('NICK change', () => {
    it('tells the user and each channel peer once, and renames the user', () => {
      const h = new Harness();
      const alice = h.connect('alice');
      const bob = h.connect('bob');
      const carol = h.connect('carol');
      const outsider = h.connect('dan');
      h.addToChannel('#a', alice);
      h.addToChannel('#a', bob);
      h.addToChannel('#b', alice);
      h.addToChannel('#b', bob);
      h.addToChannel('#b', carol);
      alice.send('NICK alicia');
      const expected = ':alice!~alice@' + alice.user.hostname + ' NICK alicia';
      expect(alice.lines()).toEqual([expected]);
      expect(bob.lines()).toEqual([expected]);
      expect(carol.lines()).toEqual([expected]);
      expect(outsider.lines()).toEqual([]);
      expect(h.state.userByNick('alicia')).toBe(alice.user);
      expect(h.state.userByNick('alice')).toBeUndefined();
      expect(alice.registrations.at(-1)).toEqual({ nick: 'alicia', floodExempt: false });
    });

    it('allows a case-only change and ignores an identical nick', () => {
      const h = new Harness();
      const alice = h.connect('alice');
      expect(alice.ask('NICK alice')).toEqual([]);
      expect(alice.ask('NICK ALICE')).toEqual([`:alice!~alice@${alice.user.hostname} NICK ALICE`]);
    });

    it('answers 433 when another user holds the nick', () => {
      const h = new Harness();
      const alice = h.connect('alice');
      h.connect('bob');
      expect(alice.ask('NICK BOB')).toEqual([':irc.test 433 alice BOB :Nickname is already in use']);
    });
  });
});

describe('PING and PONG', () => {
  it('answers PING with PONG carrying the token, also before registration', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('PING :hello there')).toEqual([':irc.test PONG irc.test :hello there']);
  });

  it('answers 409 to PING without a token', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('PING')).toEqual([':irc.test 409 alice :No origin specified']);
  });

  it('ignores PONG', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('PONG irc.test')).toEqual([]);
  });
});

describe('QUIT', () => {
  it('shows the reason as "Quit: <reason>" to peers and closes the link', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    h.addToChannel('#a', alice);
    h.addToChannel('#a', bob);
    const host = alice.user.hostname;
    expect(alice.ask('QUIT :gone fishing')).toEqual([`ERROR :Closing Link: ${host} (Quit: gone fishing)`]);
    expect(alice.closed).toBe(true);
    expect(bob.lines()).toEqual([`:alice!~alice@${host} QUIT :Quit: gone fishing`]);
    expect(h.state.userByNick('alice')).toBeUndefined();
  });

  it('closes an unregistered connection', () => {
    const c = new Harness().connectUnregistered({ ip: '127.0.0.5' });
    expect(c.ask('QUIT')).toEqual(['ERROR :Closing Link: 127.0.0.5 (Client Quit)']);
    expect(c.closed).toBe(true);
  });
});
