import { Harness, type TestClient } from '../testing/harness';

const ALICE = ':alice!~alice@127.0.1.1';
const CAPS = ['message-tags', 'server-time', 'echo-message', 'draft/chathistory'];

/** A client with the history caps, and `batch` (offered once framing's batch is in: set here directly). */
function historyClient(h: Harness, nick: string, extra: string[] = []): TestClient {
  const c = h.connect(nick, { caps: [...CAPS, ...extra] });
  c.user.local?.caps.add('batch');
  return c;
}

/** The `@time;msgid` tags and text of the echoes of `count` messages, 10 ms apart. */
function sendMessages(h: Harness, c: TestClient, target: string, count: number): { msgid: string; time: string }[] {
  const sent: { msgid: string; time: string }[] = [];
  for (let i = 0; i < count; i++) {
    h.advance(10);
    const [echo = ''] = c.ask(`PRIVMSG ${target} :message ${i}`);
    const tags = Object.fromEntries(
      echo
        .slice(1, echo.indexOf(' '))
        .split(';')
        .map((t) => t.split('=')),
    ) as Record<string, string>;
    sent.push({ msgid: tags.msgid ?? '', time: tags.time ?? '' });
  }
  return sent;
}

/** The texts (last param) of the PRIVMSGs of a reply, checking it is one chathistory batch. */
function batchTexts(lines: string[], target: string): string[] {
  const [open = '', ...rest] = lines;
  const close = rest.pop() ?? '';
  const ref = /^:irc\.test BATCH \+(\S+) chathistory (\S+)$/.exec(open);
  expect(ref?.[2]).toBe(target);
  expect(close).toBe(`:irc.test BATCH -${ref?.[1]}`);
  for (const line of rest) expect(line.startsWith(`@batch=${ref?.[1]};`)).toBe(true);
  return rest.flatMap((l) => / PRIVMSG \S+ :?(.*)$/.exec(l)?.[1] ?? []);
}

describe('CHATHISTORY', () => {
  let h: Harness;
  let alice: TestClient;
  let sent: { msgid: string; time: string }[];
  const texts = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `message ${from + i}`);

  beforeEach(() => {
    h = new Harness();
    alice = historyClient(h, 'alice');
    alice.send('JOIN #h');
    alice.lines();
    sent = sendMessages(h, alice, '#h', 10);
  });

  it('advertises CHATHISTORY and MSGREFTYPES in 005', () => {
    const c = h.connect('carol', { caps: [] });
    c.send('VERSION');
    const isupport = c.lines().join('\n');
    expect(isupport).toContain(' CHATHISTORY=100 ');
    expect(isupport).toContain(' MSGREFTYPES=timestamp,msgid ');
  });

  it('LATEST: *, a limit, and after a msgid or a timestamp', () => {
    expect(batchTexts(alice.ask('CHATHISTORY LATEST #h * 20'), '#h')).toEqual(texts(0, 10));
    expect(batchTexts(alice.ask('CHATHISTORY LATEST #h * 5'), '#h')).toEqual(texts(5, 10));
    expect(batchTexts(alice.ask(`CHATHISTORY LATEST #h msgid=${sent[4]?.msgid} 20`), '#h')).toEqual(texts(5, 10));
    expect(batchTexts(alice.ask(`CHATHISTORY LATEST #h timestamp=${sent[4]?.time} 20`), '#h')).toEqual(texts(5, 10));
  });

  it('replays each line as it was sent live: same msgid and time', () => {
    const lines = alice.ask('CHATHISTORY LATEST #h * 1');
    expect(lines[1]).toBe(
      `@batch=${/\+(\S+)/.exec(lines[0] ?? '')?.[1]};msgid=${sent[9]?.msgid};time=${sent[9]?.time} ${ALICE} PRIVMSG #h :message 9`,
    );
  });

  it('BEFORE, AFTER and AROUND', () => {
    expect(batchTexts(alice.ask(`CHATHISTORY BEFORE #h msgid=${sent[6]?.msgid} 20`), '#h')).toEqual(texts(0, 6));
    expect(batchTexts(alice.ask(`CHATHISTORY BEFORE #h timestamp=${sent[6]?.time} 2`), '#h')).toEqual(texts(4, 6));
    expect(batchTexts(alice.ask(`CHATHISTORY AFTER #h msgid=${sent[3]?.msgid} 20`), '#h')).toEqual(texts(4, 10));
    expect(batchTexts(alice.ask(`CHATHISTORY AFTER #h timestamp=${sent[3]?.time} 3`), '#h')).toEqual(texts(4, 7));
    expect(batchTexts(alice.ask(`CHATHISTORY AROUND #h msgid=${sent[7]?.msgid} 1`), '#h')).toEqual(texts(7, 8));
    expect(batchTexts(alice.ask(`CHATHISTORY AROUND #h msgid=${sent[7]?.msgid} 3`), '#h')).toEqual(texts(6, 9));
  });

  it('BETWEEN, forwards and backwards, with and without a limit', () => {
    const [first, last] = [sent[0]?.msgid, sent[9]?.msgid];
    expect(batchTexts(alice.ask(`CHATHISTORY BETWEEN #h msgid=${first} msgid=${last} 20`), '#h')).toEqual(texts(1, 9));
    expect(batchTexts(alice.ask(`CHATHISTORY BETWEEN #h msgid=${last} msgid=${first} 20`), '#h')).toEqual(texts(1, 9));
    expect(batchTexts(alice.ask(`CHATHISTORY BETWEEN #h msgid=${first} msgid=${last} 3`), '#h')).toEqual(texts(1, 4));
    expect(batchTexts(alice.ask(`CHATHISTORY BETWEEN #h msgid=${last} msgid=${first} 3`), '#h')).toEqual(texts(6, 9));
    const [t0, t9] = [sent[0]?.time, sent[9]?.time];
    expect(batchTexts(alice.ask(`CHATHISTORY BETWEEN #h timestamp=${t9} timestamp=${t0} 3`), '#h')).toEqual(
      texts(6, 9),
    );
  });

  it('refuses a channel one is not in, and one that does not exist (INVALID_TARGET)', () => {
    const bob = historyClient(h, 'bob');
    expect(bob.ask('CHATHISTORY LATEST #h * 10')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_TARGET LATEST #h :Messages could not be retrieved',
    ]);
    expect(bob.ask('CHATHISTORY LATEST #nowhere * 10')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere :Messages could not be retrieved',
    ]);
  });

  it('answers bad input with FAIL … INVALID_PARAMS or NEED_MORE_PARAMS', () => {
    expect(alice.ask('CHATHISTORY SIDEWAYS #h * 10')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_PARAMS SIDEWAYS :Unknown subcommand',
    ]);
    expect(alice.ask('CHATHISTORY BEFORE #h * 10')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_PARAMS BEFORE :Invalid message reference',
    ]);
    expect(alice.ask('CHATHISTORY LATEST #h * many')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_PARAMS LATEST :Invalid limit',
    ]);
    expect(alice.ask('CHATHISTORY LATEST #h')).toEqual([
      ':irc.test FAIL CHATHISTORY NEED_MORE_PARAMS LATEST :Missing parameters',
    ]);
  });

  it('an unknown msgid gives an empty batch', () => {
    expect(batchTexts(alice.ask('CHATHISTORY BEFORE #h msgid=nothing 10'), '#h')).toEqual([]);
  });

  it('without the batch cap the lines come alone', () => {
    alice.user.local?.caps.delete('batch');
    const lines = alice.ask('CHATHISTORY LATEST #h * 2');
    expect(lines.map((l) => l.slice(l.indexOf(' ') + 1))).toEqual([
      `${ALICE} PRIVMSG #h :message 8`,
      `${ALICE} PRIVMSG #h :message 9`,
    ]);
  });
});

describe('CHATHISTORY event-playback', () => {
  it('replays TOPIC, JOIN and TAGMSG with their live msgids only to clients with draft/event-playback', () => {
    const h = new Harness();
    const alice = historyClient(h, 'alice', ['draft/event-playback']);
    const bob = historyClient(h, 'bob');
    alice.send('JOIN #e');
    alice.lines();
    bob.send('JOIN #e');
    bob.lines();
    const liveJoin = alice.lines()[0] ?? '';
    h.advance(5);
    const liveTopic = alice.ask('TOPIC #e :news')[0] ?? '';
    h.advance(5);
    alice.ask('@+react=x TAGMSG #e');
    h.advance(5);
    alice.ask('PRIVMSG #e :hi');
    const replay = alice.ask('CHATHISTORY LATEST #e * 10');
    const bodies = replay.slice(1, -1).map((l) => l.replace(/^@batch=[^;]+;/, '@'));
    expect(bodies).toEqual([
      expect.stringMatching(/ JOIN #e$/),
      liveJoin,
      liveTopic,
      expect.stringMatching(/^@\+react=x;msgid=\S+;time=\S+ :alice!\S+ TAGMSG #e$/),
      expect.stringMatching(/ PRIVMSG #e hi$/),
    ]);
    // bob has no event-playback: the messages only.
    expect(bob.ask('CHATHISTORY LATEST #e * 10').slice(1, -1)).toEqual([expect.stringMatching(/ PRIVMSG #e hi$/)]);
  });
});

describe('CHATHISTORY privacy', () => {
  it('in an auditorium (+x) a plain member reads the hosts and itself, not the other members', () => {
    const h = new Harness();
    const host = historyClient(h, 'host');
    host.send('JOIN #aud');
    h.state.channel('#aud')?.modes.add('x'); // set as the auditorium specs do (an IRCX mode)
    const m1 = historyClient(h, 'm1');
    const m2 = historyClient(h, 'm2');
    m1.send('JOIN #aud');
    m2.send('JOIN #aud');
    for (const c of [host, m1, m2]) c.lines();
    host.send('PRIVMSG #aud :from the host');
    m1.send('PRIVMSG #aud :from m1');
    m2.send('PRIVMSG #aud :from m2');
    const read = (c: TestClient) => batchTexts(c.ask('CHATHISTORY LATEST #aud * 10'), '#aud');
    expect(read(host)).toEqual(['from the host', 'from m1', 'from m2']);
    expect(read(m1)).toEqual(['from the host', 'from m1']);
    expect(read(m2)).toEqual(['from the host', 'from m2']);
  });

  it('a secret channel (+s) is read by its members only; one who parted is refused', () => {
    const h = new Harness();
    const alice = historyClient(h, 'alice');
    const bob = historyClient(h, 'bob');
    alice.send('JOIN #s');
    alice.send('MODE #s +s');
    bob.send('JOIN #s');
    alice.send('PRIVMSG #s :secret');
    bob.send('PART #s');
    bob.lines();
    expect(bob.ask('CHATHISTORY LATEST #s * 10')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_TARGET LATEST #s :Messages could not be retrieved',
    ]);
  });
});

describe('CHATHISTORY private messages', () => {
  it('both parties read one conversation; another does not; a new user with the nick does not', () => {
    const h = new Harness();
    const alice = historyClient(h, 'alice');
    const bob = historyClient(h, 'bob');
    const carol = historyClient(h, 'carol');
    alice.send('PRIVMSG bob :one');
    bob.send('PRIVMSG alice :two');
    carol.send('PRIVMSG alice :elsewhere');
    alice.send('PRIVMSG alice :to myself');
    for (const c of [alice, bob, carol]) c.lines();
    expect(batchTexts(alice.ask('CHATHISTORY LATEST bob * 10'), 'bob')).toEqual(['one', 'two']);
    expect(batchTexts(bob.ask('CHATHISTORY LATEST ALICE * 10'), 'ALICE')).toEqual(['one', 'two']);
    expect(batchTexts(alice.ask('CHATHISTORY LATEST alice * 10'), 'alice')).toEqual(['to myself']);
    expect(batchTexts(carol.ask('CHATHISTORY LATEST bob * 10'), 'bob')).toEqual([]);
    bob.send('QUIT');
    const bob2 = historyClient(h, 'bob');
    expect(batchTexts(bob2.ask('CHATHISTORY LATEST alice * 10'), 'alice')).toEqual([]);
  });

  it('TARGETS lists the channels and conversations with messages in the window, oldest first', () => {
    const h = new Harness();
    const alice = historyClient(h, 'alice');
    const bob = historyClient(h, 'bob');
    alice.send('JOIN #t');
    h.advance(1000);
    alice.send('PRIVMSG #t :in the channel');
    h.advance(1000);
    bob.send('PRIVMSG alice :hello');
    alice.lines();
    const lines = alice.ask(
      'CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z timestamp=2030-01-01T00:00:00.000Z 10',
    );
    expect(lines.slice(1, -1).map((l) => l.replace(/^@batch=\S+ /, ''))).toEqual([
      ':irc.test CHATHISTORY TARGETS #t 2024-01-02T03:04:06.000Z',
      ':irc.test CHATHISTORY TARGETS bob 2024-01-02T03:04:07.000Z',
    ]);
    expect(lines[0]).toMatch(/^:irc\.test BATCH \+\S+ draft\/chathistory-targets$/);
  });
});

describe('history off', () => {
  it('offers no history caps, no 005 tokens, and CHATHISTORY refuses', () => {
    const h = new Harness({ history: { enabled: false, maxMessages: 1, maxAgeSeconds: 1, maxBytes: 1024 } });
    const c = h.connectUnregistered();
    expect(c.ask('CAP LS 302').join(' ')).not.toContain('chathistory');
    const alice = h.connect('alice');
    alice.send('JOIN #h');
    alice.send('PRIVMSG #h :x');
    alice.send('VERSION');
    expect(alice.lines().join('\n')).not.toContain('CHATHISTORY=');
    expect(alice.ask('CHATHISTORY LATEST #h * 10')).toEqual([
      ':irc.test FAIL CHATHISTORY INVALID_TARGET LATEST #h :Messages could not be retrieved',
    ]);
  });
});
