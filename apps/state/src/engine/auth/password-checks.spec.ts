import { Harness, operatorAccount } from '../../testing/harness';

/**
 * Issue 12, item 5: password checks leave the event loop. The engine asks (a VerifyRequest), the
 * adapter answers later with a verdict; meanwhile the client's later lines wait, in order. Wrong
 * passwords are counted per connection and per IP, and past the free ones each attempt must wait
 * a doubling delay, refused unchecked when sent sooner.
 */

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const AUTH = { freeFailuresPerConnection: 3, freeFailuresPerIp: 5, backoffSeconds: 2, maxBackoffSeconds: 8 };

function setup() {
  const h = new Harness(
    {
      operators: [operatorAccount('root', 'hunter2')],
      accounts: [
        {
          name: 'alice',
          passwordHash: operatorAccount('alice', 'secret').passwordHash,
          level: 'user',
          certFingerprints: [],
        },
      ],
      auth: AUTH,
    },
    { holdChecks: true },
  );
  return h;
}

describe('password checks off the event loop', () => {
  it('OPER asks for a check and answers nothing until the verdict', () => {
    const h = setup();
    const alice = h.connect('alice');
    expect(alice.ask('OPER root hunter2')).toEqual([]);
    expect(h.heldChecks).toEqual([
      { id: expect.any(Number) as number, passwordHash: expect.any(String) as string, candidate: 'hunter2' },
    ]);
    const [check] = h.heldChecks;
    h.verdict(check?.id ?? 0, 'yes');
    expect(alice.lines()).toEqual([':irc.test 381 alice :You are now an IRC operator', ':alice MODE alice +o']);
  });

  it('holds the lines sent meanwhile and runs them in order after the verdict', () => {
    const h = setup();
    const alice = h.connect('alice');
    alice.send('OPER root wrong');
    alice.send('PING :one');
    alice.send('WALLOPS :first');
    alice.send('PING :two');
    expect(alice.lines()).toEqual([]);
    h.verdict(h.heldChecks[0]?.id ?? 0, 'no');
    expect(alice.lines()).toEqual([
      ':irc.test 464 alice :Password incorrect',
      ':irc.test PONG irc.test one',
      ":irc.test 481 alice :Permission Denied- You're not an IRC operator",
      ':irc.test PONG irc.test two',
    ]);
  });

  it('a held line that asks for another check holds the rest again', () => {
    const h = setup();
    const alice = h.connect('alice');
    alice.send('OPER root wrong');
    alice.send('OPER root hunter2');
    alice.send('PING :after');
    expect(alice.lines()).toEqual([]);
    h.verdict(h.heldChecks[0]?.id ?? 0, 'no');
    expect(alice.lines()).toEqual([':irc.test 464 alice :Password incorrect']);
    expect(h.heldChecks.map((c) => c.candidate)).toEqual(['hunter2']);
    h.verdict(h.heldChecks[0]?.id ?? 0, 'yes');
    expect(alice.lines()).toEqual([
      ':irc.test 381 alice :You are now an IRC operator',
      ':alice MODE alice +o',
      ':irc.test PONG irc.test after',
    ]);
  });

  it('other clients are served while a check is pending', () => {
    const h = setup();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('OPER root hunter2');
    expect(bob.ask('PING :meanwhile')).toEqual([':irc.test PONG irc.test meanwhile']);
  });

  it('drops a verdict for a connection that left, and answers unchecked ones with 491', () => {
    const h = setup();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('OPER root hunter2');
    bob.send('OPER root hunter2');
    bob.lines();
    alice.disconnect();
    const [forAlice, forBob] = h.heldChecks;
    h.verdict(forAlice?.id ?? 0, 'yes');
    h.verdict(forBob?.id ?? 0, 'unchecked');
    expect(bob.lines()).toEqual([':irc.test 491 bob :The password could not be checked; try again']);
    expect(bob.user.modes.has('o')).toBe(false);
  });

  it('SASL PLAIN waits for the verdict, then 900 and 903', () => {
    const h = setup();
    const client = h.connectUnregistered();
    client.send('CAP LS 302');
    client.send('NICK al');
    client.send('USER al 0 * :al');
    client.send('CAP REQ :sasl');
    client.ask('AUTHENTICATE PLAIN');
    expect(client.ask(`AUTHENTICATE ${b64('\0alice\0secret')}`)).toEqual([]);
    client.send('CAP END');
    h.verdict(h.heldChecks[0]?.id ?? 0, 'yes');
    const lines = client.lines();
    expect(lines.slice(0, 2)).toEqual([
      ':irc.test 900 al al!~al@127.0.1.1 alice :You are now logged in as alice',
      ':irc.test 903 al :SASL authentication successful',
    ]);
    // CAP END, held behind the check, registered the client afterwards.
    expect(lines.some((l) => / 001 al /.test(l))).toBe(true);
  });

  it('IRCX AUTH PLAIN waits for the verdict too', () => {
    const h = setup();
    const client = h.connectUnregistered();
    client.send('IRCX');
    client.lines();
    expect(client.ask(`AUTH PLAIN I :${b64('\0alice\0wrong')}`)).toEqual([]);
    h.verdict(h.heldChecks[0]?.id ?? 0, 'no');
    expect(client.lines()).toEqual([':irc.test 910 * PLAIN :Authentication failed']);
  });
});

describe('password back-off', () => {
  /** The Harness answering checks at once (scrypt inline), as a quick adapter would. */
  function quick() {
    return new Harness({ operators: [operatorAccount('root', 'hunter2')], auth: AUTH });
  }

  it('after the free failures, OPER is refused unchecked (491) until the wait is over', () => {
    const h = quick();
    const alice = h.connect('alice', { ip: '10.0.0.1' });
    for (let i = 0; i < 3; i++)
      expect(alice.ask('OPER root wrong')).toEqual([':irc.test 464 alice :Password incorrect']);
    expect(alice.ask('OPER root hunter2')).toEqual([
      ':irc.test 491 alice :Too many failed OPER attempts; try again in 2 seconds',
    ]);
    h.advance(2000);
    // The fourth failure doubles the wait.
    expect(alice.ask('OPER root wrong')).toEqual([':irc.test 464 alice :Password incorrect']);
    h.advance(3000);
    expect(alice.ask('OPER root hunter2')[0]).toBe(
      ':irc.test 491 alice :Too many failed OPER attempts; try again in 1 seconds',
    );
    h.advance(1000);
    expect(alice.ask('OPER root hunter2')[0]).toBe(':irc.test 381 alice :You are now an IRC operator');
  });

  it('counts the failures of one IP across its connections', () => {
    const h = quick();
    const clients = ['a', 'b', 'c'].map((nick) => h.connect(nick, { ip: '10.0.0.2' }));
    // Five free failures for the IP, two per connection: the sixth attempt from the IP waits.
    for (const client of clients.slice(0, 2)) {
      client.ask('OPER root wrong');
      client.ask('OPER root wrong');
    }
    expect(clients[2]?.ask('OPER root wrong')).toEqual([':irc.test 464 c :Password incorrect']);
    expect(clients[2]?.ask('OPER root hunter2')).toEqual([
      ':irc.test 491 c :Too many failed OPER attempts; try again in 2 seconds',
    ]);
    // Another IP is not affected.
    const other = h.connect('d', { ip: '10.0.0.3' });
    expect(other.ask('OPER root hunter2')[0]).toMatch(/ 381 d /);
  });

  it('reports each failure and refusal with the name and IP, never the password', () => {
    const h = quick();
    const alice = h.connect('alice', { ip: '10.0.0.4' });
    alice.ask('OPER nobody pw1');
    for (let i = 0; i < 2; i++) alice.ask('OPER root pw2');
    alice.ask('OPER root pw3');
    expect(h.authReports).toEqual([
      { mechanism: 'oper', name: 'nobody', ip: '10.0.0.4', reason: 'unknown-name' },
      { mechanism: 'oper', name: 'root', ip: '10.0.0.4', reason: 'wrong-password' },
      { mechanism: 'oper', name: 'root', ip: '10.0.0.4', reason: 'wrong-password' },
      { mechanism: 'oper', name: 'root', ip: '10.0.0.4', reason: 'backoff' },
    ]);
    expect(JSON.stringify(h.authReports)).not.toMatch(/pw\d/);
  });

  it('SASL answers 904 with the wait while refused, without a check', () => {
    const h = new Harness(
      {
        accounts: [
          {
            name: 'alice',
            passwordHash: operatorAccount('alice', 'secret').passwordHash,
            level: 'user',
            certFingerprints: [],
          },
        ],
        auth: { ...AUTH, freeFailuresPerIp: 2 },
      },
      { holdChecks: true },
    );
    const attempt = (password: string) => {
      const client = h.connectUnregistered({ ip: '10.0.0.5' });
      client.send('CAP REQ :sasl');
      client.ask('AUTHENTICATE PLAIN');
      const lines = client.ask(`AUTHENTICATE ${b64(`\0alice\0${password}`)}`);
      const check = h.heldChecks.at(-1);
      if (lines.length === 0 && check) h.verdict(check.id, 'no');
      return [...lines, ...client.lines()];
    };
    expect(attempt('x')).toEqual([':irc.test 904 * :SASL authentication failed']);
    expect(attempt('y')).toEqual([':irc.test 904 * :SASL authentication failed']);
    const asked = h.heldChecks.length;
    expect(attempt('z')).toEqual([
      ':irc.test 904 * :SASL authentication failed: too many failures, try again in 2 seconds',
    ]);
    expect(h.heldChecks.length).toBe(asked);
  });
});
