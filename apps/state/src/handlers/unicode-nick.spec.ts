import { Harness } from '../testing/harness';

/** IRCX `'` Unicode nicks (draft-04 §2.2): IRCX sessions may take them, everyone may name them `^hex`. */

describe("Unicode nicks ('…)", () => {
  it('lets an IRCX session register with one, byte length against NICKLEN', () => {
    const h = new Harness({ limits: { nickLength: 10 } });
    const c = h.connectUnregistered();
    c.send('IRCX');
    c.send("NICK '大大大大");
    expect(c.lines().at(-1)).toBe(":irc.test 432 * '大大大大 :Erroneous nickname");
    c.send("NICK '大大大");
    c.send('USER big 0 * :Big');
    expect(c.lines().some((l) => l.startsWith(":irc.test 001 '大大大 "))).toBe(true);
  });

  it('refuses it to a plain session (432), before and after registration', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    expect(c.ask("NICK '大")).toEqual([":irc.test 432 * '大 :Erroneous nickname"]);
    const bob = h.connect('bob');
    expect(bob.ask("NICK '大")).toEqual([":irc.test 432 bob '大 :Erroneous nickname"]);
  });

  it('lets an IRCX user change to one', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.send('IRCX');
    alice.lines();
    expect(alice.ask("NICK '大")).toEqual([":alice!~alice@127.0.1.1 NICK '大"]);
  });

  it('answers to its ^hex name for everyone (PRIVMSG, WHOIS, NICK in use)', () => {
    const h = new Harness();
    const big = h.connectUnregistered();
    big.send('IRCX');
    big.send("NICK '大");
    big.send('USER big 0 * :Big');
    big.lines();
    const bob = h.connect('bob');
    bob.send('PRIVMSG ^E5A4A7 :hello');
    expect(big.lines()).toEqual([":bob!~bob@127.0.2.1 PRIVMSG '大 hello"]);
    expect(bob.ask('WHOIS ^e5a4a7')[0]).toBe(':irc.test 311 bob ^e5a4a7 ~big 127.0.1.1 * Big');
    // The ^hex name of a Unicode nick is never a nick of its own, online or not.
    expect(bob.ask('NICK ^e5a4a7')).toEqual([':irc.test 432 bob ^e5a4a7 :Erroneous nickname']);
    expect(bob.ask('NICK ^41')).toEqual([':irc.test 432 bob ^41 :Erroneous nickname']);
    // An RFC nick that happens to look like hex is still itself.
    expect(bob.ask('WHOIS ^ab')).toContain(':irc.test 401 bob ^ab :No such nick/channel');
  });

  /** '大 (IRCX) and bob (plain) in #c, carol (IRCX) watching; bob sees `^e5a4a7`, carol `'大`. */
  function scene() {
    const h = new Harness();
    const big = h.connectUnregistered();
    big.send('IRCX');
    big.send("NICK '大");
    big.send('USER big 0 * :Big');
    big.send('JOIN #c');
    big.lines();
    const bob = h.connect('bob', { caps: ['echo-message'] });
    const carol = h.connect('carol', { ircx: true });
    return { h, big, bob, carol };
  }

  it('shows a plain client the ^hex name in JOIN, NAMES, messages, NICK and QUIT; IRCX clients the real one', () => {
    const { big, bob, carol } = scene();
    const joined = bob.ask('JOIN #c');
    expect(joined).toContain(':irc.test 353 bob = #c :@^e5a4a7 bob');
    carol.send('JOIN #c');
    expect(carol.lines().some((l) => l.includes("@'大"))).toBe(true);
    bob.lines();
    big.send("PRIVMSG #c :I am '大");
    expect(bob.lines()).toEqual([":^e5a4a7!~big@127.0.1.1 PRIVMSG #c :I am '大"]);
    expect(carol.lines()).toEqual([":'大!~big@127.0.1.1 PRIVMSG #c :I am '大"]);
    big.send("NICK '小");
    expect(bob.lines()).toEqual([':^e5a4a7!~big@127.0.1.1 NICK ^e5b08f']);
    expect(carol.lines()).toEqual([":'大!~big@127.0.1.1 NICK '小"]);
    big.send('QUIT :bye');
    expect(bob.lines()).toEqual([':^e5b08f!~big@127.0.1.1 QUIT :Quit: bye']);
  });

  it('answers WHO, WHOX, USERHOST and ISON with the ^hex name', () => {
    const { bob } = scene();
    expect(bob.ask('WHO #c')[0]).toMatch(/^:irc\.test 352 bob #c ~big 127\.0\.1\.1 irc\.test \^e5a4a7 H@ :0 Big$/);
    expect(bob.ask('WHO ^e5a4a7 %tn,42')[0]).toBe(':irc.test 354 bob 42 ^e5a4a7');
    expect(bob.ask('USERHOST ^e5a4a7')).toEqual([':irc.test 302 bob ^e5a4a7=+~big@127.0.1.1']);
    expect(bob.ask('ISON ^e5a4a7 nobody')).toEqual([':irc.test 303 bob ^e5a4a7']);
  });

  it('lets a plain client reach the user by ^hex: a private message (and its echo), MODE, KICK, INVITE', () => {
    const { h, big, bob, carol } = scene();
    expect(bob.ask('PRIVMSG ^e5a4a7 :psst')).toEqual([':bob!~bob@127.0.2.1 PRIVMSG ^e5a4a7 psst']);
    expect(big.lines()).toEqual([":bob!~bob@127.0.2.1 PRIVMSG '大 psst"]);
    h.addToChannel('#d', bob, 'o');
    bob.send('INVITE ^e5a4a7 #d');
    expect(big.lines()).toEqual([":bob!~bob@127.0.2.1 INVITE '大 #d"]);
    expect(bob.lines()).toEqual([':irc.test 341 bob ^e5a4a7 #d']);
    big.send('JOIN #d');
    carol.send('JOIN #d');
    bob.lines();
    carol.lines();
    big.lines();
    bob.send('MODE #d +v ^e5a4a7');
    expect(bob.lines()).toEqual([':bob!~bob@127.0.2.1 MODE #d +v ^e5a4a7']);
    expect(carol.lines()).toEqual([":bob!~bob@127.0.2.1 MODE #d +v '大"]);
    bob.send('KICK #d ^e5a4a7 :out');
    expect(bob.lines()).toEqual([':bob!~bob@127.0.2.1 KICK #d ^e5a4a7 out']);
    expect(big.lines()).toEqual([":bob!~bob@127.0.2.1 MODE #d +v '大", ":bob!~bob@127.0.2.1 KICK #d '大 out"]);
  });

  it('lets a plain client MONITOR the ^hex name and see the user sign on and off under it', () => {
    const h = new Harness();
    const bob = h.connect('bob');
    expect(bob.ask('MONITOR + ^e5a4a7')).toEqual([':irc.test 731 bob ^e5a4a7']);
    const big = h.connectUnregistered();
    big.send('IRCX');
    big.send("NICK '大");
    big.send('USER big 0 * :Big');
    expect(bob.lines()).toEqual([':irc.test 730 bob ^e5a4a7!~big@127.0.2.1']);
    expect(bob.ask('MONITOR L')).toEqual([':irc.test 732 bob ^e5a4a7', ':irc.test 733 bob :End of MONITOR list']);
    big.send('QUIT');
    expect(bob.lines()).toEqual([':irc.test 731 bob ^e5a4a7']);
    bob.send('MONITOR - ^e5a4a7');
    expect(bob.ask('MONITOR L')).toEqual([':irc.test 733 bob :End of MONITOR list']);
  });
});
