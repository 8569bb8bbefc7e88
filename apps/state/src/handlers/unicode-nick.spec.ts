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
    expect(bob.ask('WHOIS ^e5a4a7')[0]).toBe(":irc.test 311 bob '大 ~big 127.0.1.1 * Big");
    expect(bob.ask('NICK ^e5a4a7')).toEqual([':irc.test 433 bob ^e5a4a7 :Nickname is already in use']);
    // An RFC nick that happens to look like hex is still itself.
    expect(bob.ask('WHOIS ^ab')).toContain(':irc.test 401 bob ^ab :No such nick/channel');
  });
});
