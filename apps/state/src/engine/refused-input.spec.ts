import { Harness } from '../testing/harness';

/** Issue 12, item 5: NUL inside a line and channel names that were not UTF-8 are refused, not repaired. */
describe('refused input', () => {
  it('#12: PRIV\\0MSG does not run as PRIVMSG: 400 names the line refused, and the connection stays', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    expect(alice.ask('PRIV\0MSG bob :hidden')).toEqual([
      ':irc.test 400 alice * :Line refused: it contains a NUL character',
    ]);
    expect(bob.lines()).toEqual([]);
    expect(alice.ask('PRIVMSG bob :hi\0there')).toEqual([
      ':irc.test 400 alice PRIVMSG :Line refused: it contains a NUL character',
    ]);
    expect(alice.ask('@a=b :alice JOIN #a\0b')).toEqual([
      ':irc.test 400 alice JOIN :Line refused: it contains a NUL character',
    ]);
    expect(bob.lines()).toEqual([]);
    expect(alice.closed).toBe(false);
    expect(alice.ask('PING :still here')).toEqual([':irc.test PONG irc.test :still here']);
  });

  it('refuses a NUL before registration too, and registers afterwards', () => {
    const h = new Harness();
    const client = h.connectUnregistered();
    expect(client.ask('NICK a\0b')).toEqual([':irc.test 400 * NICK :Line refused: it contains a NUL character']);
    client.send('NICK carol');
    client.send('USER carol 0 * :Carol');
    expect(client.lines()[0]).toMatch(/^:irc\.test 001 carol /);
  });

  it('#12: a channel name that was not UTF-8 is refused with a reason, not collapsed to #\\ufffd', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    // The gateway decodes each invalid byte sequence to U+FFFD; two clients' different bytes meet here.
    expect(alice.ask('JOIN #caf\ufffd')).toEqual([
      ':irc.test FAIL JOIN INVALID_UTF8 :Message rejected for containing invalid UTF-8',
    ]);
    expect(bob.ask('JOIN #caf\ufffd')).toEqual([
      ':irc.test FAIL JOIN INVALID_UTF8 :Message rejected for containing invalid UTF-8',
    ]);
    expect(h.state.channels.size).toBe(0);
    // Valid UTF-8 stays welcome.
    expect(alice.ask('JOIN #café')[0]).toMatch(/^:alice!\S+ JOIN #café$/);
  });

  it('CREATE refuses such a name the same way', () => {
    const h = new Harness();
    const alice = h.connect('alice', { ircx: true });
    expect(alice.ask('CREATE #x\ufffdy')).toEqual([
      ':irc.test FAIL CREATE INVALID_UTF8 :Message rejected for containing invalid UTF-8',
    ]);
  });

  it('UTF8ONLY: any line that was not UTF-8 is refused with FAIL INVALID_UTF8 and not run, before registration too', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    expect(alice.ask('PRIVMSG bob :hi\ufffd')).toEqual([
      ':irc.test FAIL PRIVMSG INVALID_UTF8 :Message rejected for containing invalid UTF-8',
    ]);
    expect(alice.ask('@+draft/react=\ufffd TAGMSG bob')).toEqual([
      ':irc.test FAIL TAGMSG INVALID_UTF8 :Message rejected for containing invalid UTF-8',
    ]);
    expect(bob.lines()).toEqual([]);
    expect(alice.ask('PRIVMSG bob :hi é')).toEqual([]);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PRIVMSG bob :hi é']);
    const raw = h.connectUnregistered();
    expect(raw.ask('NICK caf\ufffd')).toEqual([
      ':irc.test FAIL NICK INVALID_UTF8 :Message rejected for containing invalid UTF-8',
    ]);
    raw.send('NICK carol');
    raw.send('USER carol 0 * :Carol');
    expect(raw.lines()[0]).toMatch(/^:irc\.test 001 carol /);
  });
});
