import { Harness, operatorAccount } from '../testing/harness';

/** labeled-response (https://ircv3.net/specs/extensions/labeled-response), as irctest checks it. */
const CAPS = ['batch', 'labeled-response', 'echo-message'];

function pair(caps: string[] = CAPS) {
  const h = new Harness();
  const foo = h.connect('foo', { caps });
  const bar = h.connect('bar', { caps });
  return { h, foo, bar };
}

describe('labeled-response', () => {
  it('labels a one-line reply: PING → labeled PONG, no batch', () => {
    const { foo } = pair();
    expect(foo.ask('@label=98765 PING adhoctestline')).toEqual(['@label=98765 :irc.test PONG irc.test adhoctestline']);
  });

  it('issue 13: labels the 417 of a line the gateway dropped as too long, for a client with the cap only', () => {
    const { h, foo } = pair();
    const oversized = (c: typeof foo, label?: string) => {
      h.engine.handleEvent(c.gateway, { type: 'oversized', conn: c.conn, ...(label ? { label } : {}) });
      return c.lines();
    };
    expect(oversized(foo, 'big1')).toEqual(['@label=big1 :irc.test 417 foo :Input line was too long']);
    expect(oversized(foo)).toEqual([':irc.test 417 foo :Input line was too long']);
    const plain = h.connect('plain');
    expect(oversized(plain, 'big2')).toEqual([':irc.test 417 plain :Input line was too long']);
    // Client tag data over 4094 bytes is caught by state itself, with the label read the same way.
    expect(foo.ask(`@label=big3;+x=${'a'.repeat(4100)} PING x`)).toEqual([
      '@label=big3 :irc.test 417 foo :Input line was too long',
    ]);
  });

  it('answers a command with no reply with a labeled ACK', () => {
    const { foo } = pair();
    expect(foo.ask('@label=98765 PONG adhoctestline')).toEqual(['@label=98765 :irc.test ACK']);
  });

  it('labels the error of an unknown command', () => {
    const { foo } = pair();
    expect(foo.ask('@label=deadbeef NONEXISTENT_COMMAND')).toEqual([
      '@label=deadbeef :irc.test 421 foo NONEXISTENT_COMMAND :Unknown command',
    ]);
  });

  it('wraps a several-line reply in a labeled-response batch; the JOIN itself is inside', () => {
    const { foo } = pair(['batch', 'labeled-response', 'message-tags', 'server-time']);
    const lines = foo.ask('@label=12345 JOIN #xyz');
    expect(lines[0]).toBe('@label=12345 :irc.test BATCH +b1 labeled-response');
    expect(lines[lines.length - 1]).toBe(':irc.test BATCH -b1');
    const inside = lines.slice(1, -1);
    expect(inside.length).toBeGreaterThanOrEqual(3);
    for (const line of inside) expect(line).toMatch(/^@batch=b1[; ]/);
    expect(inside[0]).toMatch(/ JOIN #xyz$/);
  });

  it('gives each batch of a connection a new reference', () => {
    const { foo } = pair();
    foo.ask('@label=a JOIN #one');
    expect(foo.ask('@label=b JOIN #two')[0]).toBe('@label=b :irc.test BATCH +b2 labeled-response');
  });

  it('labels the echo only, never what the recipients get', () => {
    const { foo, bar } = pair();
    expect(foo.ask('@label=12345 PRIVMSG bar :hi')).toEqual(['@label=12345 :foo!~foo@127.0.1.1 PRIVMSG bar hi']);
    expect(bar.lines()).toEqual([':foo!~foo@127.0.1.1 PRIVMSG bar hi']);
  });

  it('a message to oneself: the echo carries the label, the delivery does not', () => {
    const { foo } = pair();
    const lines = foo.ask('@label=12345 PRIVMSG foo :hi');
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('@label=12345 '))).toHaveLength(1);
    expect(lines.every((l) => l.endsWith('PRIVMSG foo hi'))).toBe(true);
  });

  it('several targets: one batch with each echo', () => {
    const h = new Harness();
    const foo = h.connect('foo', { caps: CAPS });
    h.connect('bar');
    h.connect('carl');
    const lines = foo.ask('@label=12345 PRIVMSG bar,carl :hi');
    expect(lines).toEqual([
      '@label=12345 :irc.test BATCH +b1 labeled-response',
      '@batch=b1 :foo!~foo@127.0.1.1 PRIVMSG bar hi',
      '@batch=b1 :foo!~foo@127.0.1.1 PRIVMSG carl hi',
      ':irc.test BATCH -b1',
    ]);
  });

  it('without batch a several-line reply goes unlabeled (as ergo)', () => {
    const { foo } = pair(['labeled-response']);
    const lines = foo.ask('@label=x JOIN #xyz');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes('label=') || l.includes('BATCH'))).toBe(false);
  });

  it('ignores the label of a client without labeled-response', () => {
    const { foo } = pair(['batch']);
    expect(foo.ask('@label=x PING a')).toEqual([':irc.test PONG irc.test a']);
    expect(foo.ask('@label=x PONG a')).toEqual([]);
  });

  it('escapes the label as a tag value', () => {
    const { foo } = pair();
    expect(foo.ask('@label=a\\sb PONG x')).toEqual(['@label=a\\sb :irc.test ACK']);
  });

  it('labels the ERROR of a labeled QUIT before the connection closes', () => {
    const { foo } = pair();
    expect(foo.ask('@label=q QUIT :bye')).toEqual([expect.stringMatching(/^@label=q ERROR :Closing Link/)]);
  });

  it('a command waiting for a password check answers with its label once the verdict is in', () => {
    const h = new Harness({ operators: [operatorAccount('root', 'hunter2')] });
    const alice = h.connect('alice', { caps: CAPS });
    expect(alice.ask('@label=op OPER root hunter2')).toEqual([
      '@label=op :irc.test BATCH +b1 labeled-response',
      '@batch=b1 :irc.test 381 alice :You are now an IRC operator',
      '@batch=b1 :alice MODE alice +o',
      ':irc.test BATCH -b1',
    ]);
    expect(alice.ask('@label=bad OPER root wrong')).toEqual(['@label=bad :irc.test 464 alice :Password incorrect']);
  });
});
