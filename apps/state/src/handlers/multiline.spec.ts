import { Harness } from '../testing/harness';
import { A, B, twoServers } from '../testing/networks';

/** draft/multiline, as irctest's multiline.py checks it. */
const BASE = ['message-tags', 'batch', 'echo-message', 'server-time', 'labeled-response'];
const ML = [...BASE, 'draft/multiline'];

function channel() {
  const h = new Harness();
  const alice = h.connect('alice', { caps: ML });
  const bob = h.connect('bob', { caps: ML });
  const charlie = h.connect('charlie', { caps: BASE });
  for (const c of [alice, bob, charlie]) c.send('JOIN #test');
  for (const c of [alice, bob, charlie]) c.lines();
  return { h, alice, bob, charlie };
}

const tagsOf = (line: string | undefined): Record<string, string> => {
  const m = /^@(\S+) /.exec(line ?? '');
  const out: Record<string, string> = {};
  for (const tag of m?.[1]?.split(';') ?? []) {
    const [k = '', v = ''] = tag.split('=');
    out[k] = v;
  }
  return out;
};

describe('draft/multiline', () => {
  it('is offered with its limits', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('CAP LS 302')[0]).toContain('draft/multiline=max-bytes=4096,max-lines=100');
  });

  it('echoes the batch with the label, relays it as a batch to multiline clients, as lines to others', () => {
    const { alice, bob, charlie } = channel();
    alice.send('@label=xyz BATCH +123 draft/multiline #test');
    alice.send('@batch=123 PRIVMSG #test hello');
    alice.send('@batch=123 PRIVMSG #test :#how is ');
    expect(alice.lines()).toEqual([]);
    alice.send('@batch=123;draft/multiline-concat PRIVMSG #test :everyone?');
    alice.send('BATCH -123');
    const echo = alice.lines();
    expect(echo).toHaveLength(5);
    expect(echo[0]).toMatch(/^@label=xyz;msgid=\S+;time=\S+ :alice!\S+ BATCH \+b1 draft\/multiline #test$/);
    expect(echo.slice(1)).toEqual([
      '@batch=b1 :alice!~alice@127.0.1.1 PRIVMSG #test hello',
      '@batch=b1 :alice!~alice@127.0.1.1 PRIVMSG #test :#how is ',
      '@batch=b1;draft/multiline-concat :alice!~alice@127.0.1.1 PRIVMSG #test everyone?',
      ':alice!~alice@127.0.1.1 BATCH -b1',
    ]);
    const { msgid, time } = tagsOf(echo[0]);
    const relay = bob.lines();
    expect(relay).toHaveLength(5);
    expect(tagsOf(relay[0])).toEqual({ msgid, time });
    expect(relay[3]).toBe('@batch=b1;draft/multiline-concat :alice!~alice@127.0.1.1 PRIVMSG #test everyone?');
    expect(charlie.lines()).toEqual([
      `@msgid=${msgid};time=${time} :alice!~alice@127.0.1.1 PRIVMSG #test hello`,
      `@time=${time} :alice!~alice@127.0.1.1 PRIVMSG #test :#how is `,
      `@time=${time} :alice!~alice@127.0.1.1 PRIVMSG #test everyone?`,
    ]);
  });

  it('leaves blank lines out of the fallback; client-only tags of the BATCH go on every line', () => {
    const { alice, bob, charlie } = channel();
    alice.send('@+client-only-tag BATCH +123 draft/multiline #test');
    alice.send('@batch=123 PRIVMSG #test :');
    alice.send('@batch=123 PRIVMSG #test :two');
    alice.send('BATCH -123');
    const relay = bob.lines();
    expect(relay).toHaveLength(4);
    expect(relay[0]).toContain('+client-only-tag');
    expect(relay[1]).toBe('@batch=b1 :alice!~alice@127.0.1.1 PRIVMSG #test :');
    const fallback = charlie.lines();
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(/^@\+client-only-tag;msgid=\S+;time=\S+ :alice!\S+ PRIVMSG #test two$/);
  });

  it.each([
    ['a line of another batch', ['@batch=231 PRIVMSG #test :hi'], 'MULTILINE_INVALID'],
    [
      'a blank concat line',
      ['@batch=123 PRIVMSG #test :hi', '@batch=123;draft/multiline-concat PRIVMSG #test :'],
      'MULTILINE_INVALID',
    ],
    ['another target', ['@batch=123 PRIVMSG #other :hi'], 'MULTILINE_INVALID_TARGET #test #other'],
    ['mixed commands', ['@batch=123 PRIVMSG #test :hi', '@batch=123 NOTICE #test :hi'], 'MULTILINE_INVALID'],
    ['too many lines', Array.from({ length: 101 }, () => '@batch=123 PRIVMSG #test hi'), 'MULTILINE_MAX_LINES 100'],
    [
      'too many bytes',
      Array.from({ length: 11 }, () => `@batch=123 PRIVMSG #test ${'x'.repeat(400)}`),
      'MULTILINE_MAX_BYTES 4096',
    ],
  ])('refuses %s with FAIL BATCH, and delivers nothing', (_what, lines, code) => {
    const { alice, bob } = channel();
    alice.send('BATCH +123 draft/multiline #test');
    for (const line of lines) alice.send(line);
    alice.send('BATCH -123');
    const got = alice.lines();
    expect(got[0]).toMatch(new RegExp(`^:irc\\.test FAIL BATCH ${code} :`));
    expect(got).toHaveLength(1);
    expect(bob.lines()).toEqual([]);
  });

  it('a client without the cap cannot open one', () => {
    const h = new Harness();
    const c = h.connect('c', { caps: BASE });
    expect(c.ask('BATCH +1 draft/multiline #x')).toEqual([
      ':irc.test FAIL BATCH INVALID_TYPE draft/multiline :Unsupported batch type',
    ]);
  });

  it('a private multiline message crosses servers: a batch there too, with the same msgid', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: ML });
    const bob = net.server(B).connect('bob', { caps: ML });
    const carl = net.server(B).connect('carl', { caps: BASE });
    alice.send('BATCH +x draft/multiline bob');
    alice.send('@batch=x PRIVMSG bob :one');
    alice.send('@batch=x;draft/multiline-concat PRIVMSG bob :two');
    alice.send('BATCH -x');
    const msgid = tagsOf(alice.lines()[0]).msgid;
    const got = bob.lines();
    expect(got).toHaveLength(4);
    expect(got[0]).toMatch(/ BATCH \+b\w+ draft\/multiline bob$/);
    expect(tagsOf(got[0]).msgid).toBe(msgid);
    expect(got[2]).toMatch(/^@batch=\w+;draft\/multiline-concat :alice!\S+ PRIVMSG bob two$/);
    alice.send('JOIN #c');
    carl.send('JOIN #c');
    alice.lines();
    carl.lines();
    alice.send('BATCH +y draft/multiline #c');
    alice.send('@batch=y PRIVMSG #c :one');
    alice.send('@batch=y PRIVMSG #c :two');
    alice.send('BATCH -y');
    expect(carl.lines().map((l) => l.replace(/^@\S+ /, ''))).toEqual([
      ':alice!~alice@127.0.1.1 PRIVMSG #c one',
      ':alice!~alice@127.0.1.1 PRIVMSG #c two',
    ]);
  });

  describe('in history (issue 13)', () => {
    const HIST = ['draft/chathistory'];
    /** alice sends a three-line batch (one concat line) to #test on `from`; returns its msgid. */
    function sendBatchTo(alice: ReturnType<typeof channel>['alice']): string {
      alice.send('BATCH +m draft/multiline #test');
      alice.send('@batch=m PRIVMSG #test :line one');
      alice.send('@batch=m PRIVMSG #test :');
      alice.send('@batch=m;draft/multiline-concat PRIVMSG #test :+joined');
      alice.send('BATCH -m');
      return tagsOf(alice.lines()[0]).msgid ?? '';
    }

    it.each([
      ['the origin server', false],
      ['another server', true],
    ])('keeps the whole batch on %s and replays it as a nested batch, or as lines without the cap', (_, remote) => {
      const net = twoServers();
      const alice = net.server(A).connect('alice', { caps: ML });
      alice.send('JOIN #test');
      alice.lines();
      const reader = net.server(remote ? B : A);
      const ml = reader.connect('ml', { caps: [...ML, ...HIST] });
      const plain = reader.connect('plain', { caps: [...BASE, ...HIST] });
      for (const c of [ml, plain]) c.ask('JOIN #test');
      alice.lines();
      const msgid = sendBatchTo(alice);
      ml.lines();
      plain.lines();
      const replay = ml.ask('CHATHISTORY LATEST #test * 10');
      expect(replay.map((l) => l.replace(/time=[^; ]+/, 'time=T'))).toEqual([
        expect.stringMatching(/^:\S+ BATCH \+(\S+) chathistory #test$/),
        expect.stringMatching(
          new RegExp(`^@batch=\\S+;msgid=${msgid};time=T :alice!\\S+ BATCH \\+\\S+ draft/multiline #test$`),
        ),
        expect.stringMatching(/^@batch=\S+ :alice!\S+ PRIVMSG #test :line one$/),
        expect.stringMatching(/^@batch=\S+ :alice!\S+ PRIVMSG #test :$/),
        expect.stringMatching(/^@batch=\S+;draft\/multiline-concat :alice!\S+ PRIVMSG #test \+joined$/),
        expect.stringMatching(/^@batch=\S+ :alice!\S+ BATCH -\S+$/),
        expect.stringMatching(/^:\S+ BATCH -\S+$/),
      ]);
      // The nesting holds: the inner batch opens and closes inside the outer one.
      const outer = /BATCH \+(\S+)/.exec(replay[0] ?? '')?.[1];
      const inner = /BATCH \+(\S+)/.exec(replay[1] ?? '')?.[1];
      expect(tagsOf(replay[1]).batch).toBe(outer);
      expect(tagsOf(replay[2]).batch).toBe(inner);
      expect(replay[5]).toContain(`BATCH -${inner}`);
      expect(tagsOf(replay[5]).batch).toBe(outer);

      const lines = plain.ask('CHATHISTORY LATEST #test * 10').slice(1, -1);
      expect(lines.map((l) => l.replace(/^@\S+ /, ''))).toEqual([
        ':alice!~alice@127.0.1.1 PRIVMSG #test :line one',
        ':alice!~alice@127.0.1.1 PRIVMSG #test +joined',
      ]);
      expect(tagsOf(lines[0]).msgid).toBe(msgid);
      expect(tagsOf(lines[1]).msgid).toBeUndefined();
    });
  });
});
