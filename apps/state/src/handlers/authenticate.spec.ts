import { Harness, operatorAccount, type TestClient } from '../testing/harness';
import { A, B, twoServers } from '../testing/networks';
import { TestNetwork } from '../testing/test-network';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const LONG_PASSWORD = 'p'.repeat(600);
/** '\0alice\0' is 7 bytes: 293 more make 300, whose base64 is exactly one 400-byte chunk. */
const EXACT_PASSWORD = 'q'.repeat(293);

function account(name: string, password: string, level: 'user' | 'sysop' | 'admin') {
  return { name, passwordHash: operatorAccount(name, password).passwordHash, level, certFingerprints: [] as string[] };
}

const ACCOUNTS = [
  account('alice', 'secret', 'user'),
  account('ops', 'pw', 'sysop'),
  account('root', 'toor', 'admin'),
  account('long', LONG_PASSWORD, 'user'),
  account('exact', EXACT_PASSWORD, 'user'),
];
import { capLsList } from '../testing/cap-ls';

const ALL_CAPS =
  'multi-prefix server-time echo-message message-tags away-notify extended-join userhost-in-names invite-notify cap-notify' +
  ' batch labeled-response draft/multiline account-notify account-tag chghost setname extended-monitor' +
  ' draft/extended-monitor draft/channel-rename draft/metadata-2 draft/read-marker draft/chathistory' +
  ' draft/event-playback draft/message-redaction';
/** The same for `CAP LS 302`, where a cap with a value shows it. */
const ALL_CAPS_302 = ALL_CAPS.replace('draft/multiline', 'draft/multiline=max-bytes=4096,max-lines=100').replace(
  'draft/metadata-2',
  'draft/metadata-2=max-subs=100,max-keys=100,max-value-bytes=350',
);

function harness(authPackages: ('ANON' | 'PLAIN')[] = ['ANON', 'PLAIN']): Harness {
  return new Harness({ accounts: ACCOUNTS, ircx: { authPackages } });
}

/** An unregistered client that gave NICK and USER and enabled `sasl` (registration held). */
function saslClient(h: Harness, nick = 'al', options: { ircx?: boolean } = {}): TestClient {
  const client = h.connectUnregistered();
  if (options.ircx) client.send('IRCX');
  client.send('CAP LS 302');
  client.send(`NICK ${nick}`);
  client.send(`USER ${nick} 0 * :${nick}`);
  client.send('CAP REQ :sasl');
  client.lines();
  return client;
}

/** The whole PLAIN exchange with one response; returns the lines after the credentials. */
function plain(client: TestClient, authcid: string, password: string): string[] {
  client.ask('AUTHENTICATE PLAIN');
  return client.ask(`AUTHENTICATE ${b64(`\0${authcid}\0${password}`)}`);
}

function hostOf(client: TestClient, h: Harness): string {
  return h.state.connection(client.gateway, client.conn)?.hostname ?? '?';
}

describe('AUTHENTICATE (IRCv3 SASL)', () => {
  it('PLAIN succeeds: LS shows sasl=PLAIN,SCRAM-SHA-256, 900 and 903, then the account at registration', () => {
    const h = harness();
    const c = h.connectUnregistered();
    const host = hostOf(c, h);
    expect(capLsList(c.ask('CAP LS 302'))).toBe(`${ALL_CAPS_302} sasl=PLAIN,SCRAM-SHA-256`);
    c.send('NICK al');
    c.send('USER al 0 * :Al');
    expect(c.lines()).toEqual([]);
    expect(c.ask('CAP REQ :sasl')).toEqual([':irc.test CAP al ACK sasl']);
    expect(c.ask('AUTHENTICATE PLAIN')).toEqual(['AUTHENTICATE +']);
    expect(c.ask(`AUTHENTICATE ${b64('\0alice\0secret')}`)).toEqual([
      `:irc.test 900 al al!~al@${host} alice :You are now logged in as alice`,
      ':irc.test 903 al :SASL authentication successful',
    ]);
    const welcome = c.ask('CAP END');
    expect(welcome[0]).toMatch(/^:irc\.test 001 al /);
    expect(c.user.account).toBe('alice');
    expect(c.user.modes.has('o')).toBe(false);
  });

  it('a pre-302 LS shows sasl without a value', () => {
    const c = harness().connectUnregistered();
    expect(c.ask('CAP LS')).toEqual([`:irc.test CAP * LS :${ALL_CAPS} sasl`]);
  });

  it('is not offered without accounts, nor when only ANON is offered (NAK)', () => {
    for (const h of [new Harness(), harness(['ANON'])]) {
      const c = h.connectUnregistered();
      expect(capLsList(c.ask('CAP LS 302'))).toBe(`${ALL_CAPS_302}`);
      expect(c.ask('CAP REQ :sasl')).toEqual([':irc.test CAP * NAK sasl']);
    }
  });

  it('answers 904 on a bad password; the session may retry', () => {
    const c = saslClient(harness());
    expect(plain(c, 'alice', 'wrong')).toEqual([':irc.test 904 al :SASL authentication failed']);
    expect(plain(c, 'alice', 'secret').at(-1)).toBe(':irc.test 903 al :SASL authentication successful');
  });

  it('closes the connection after three failures (904, then ERROR)', () => {
    const c = saslClient(harness());
    plain(c, 'alice', 'wrong');
    plain(c, 'nobody', 'x');
    const third = plain(c, 'alice', 'again');
    expect(third[0]).toBe(':irc.test 904 al :SASL authentication failed');
    expect(third.slice(1).every((l) => l.startsWith('ERROR '))).toBe(true);
    expect(c.closed).toBe(true);
    expect(c.closedReason).toContain('Too many SASL authentication failures');
  });

  it('aborts with * (906), after which a new exchange may start', () => {
    const c = saslClient(harness());
    c.ask('AUTHENTICATE PLAIN');
    expect(c.ask('AUTHENTICATE *')).toEqual([':irc.test 906 al :SASL authentication aborted']);
    expect(c.ask('AUTHENTICATE PLAIN')).toEqual(['AUTHENTICATE +']);
  });

  it('answers an unknown mechanism with 908 and 904, leaving the session as it was', () => {
    const c = saslClient(harness());
    expect(c.ask('AUTHENTICATE EXTERNAL')).toEqual([
      ':irc.test 908 al PLAIN,SCRAM-SHA-256 :are available SASL mechanisms',
      ':irc.test 904 al :SASL authentication failed',
    ]);
    // ANON is an IRCX package only: SASL does not offer it (as ANON nor ANONYMOUS).
    expect(c.ask('AUTHENTICATE ANON')[0]).toBe(':irc.test 908 al PLAIN,SCRAM-SHA-256 :are available SASL mechanisms');
    expect(plain(c, 'alice', 'secret').at(-1)).toBe(':irc.test 903 al :SASL authentication successful');
  });

  it('reassembles a response sent in 400-byte chunks', () => {
    const c = saslClient(harness());
    const payload = b64(`\0long\0${LONG_PASSWORD}`);
    expect(payload.length).toBeGreaterThan(800);
    c.ask('AUTHENTICATE PLAIN');
    expect(c.ask(`AUTHENTICATE ${payload.slice(0, 400)}`)).toEqual([]);
    expect(c.ask(`AUTHENTICATE ${payload.slice(400, 800)}`)).toEqual([]);
    expect(c.ask(`AUTHENTICATE ${payload.slice(800)}`).at(-1)).toBe(':irc.test 903 al :SASL authentication successful');
  });

  it('waits for + after a final chunk of exactly 400 bytes', () => {
    const c = saslClient(harness());
    const payload = b64(`\0exact\0${EXACT_PASSWORD}`);
    expect(payload.length).toBe(400);
    c.ask('AUTHENTICATE PLAIN');
    expect(c.ask(`AUTHENTICATE ${payload}`)).toEqual([]);
    expect(c.ask('AUTHENTICATE +').at(-1)).toBe(':irc.test 903 al :SASL authentication successful');
  });

  it('answers 905 to a chunk over 400 bytes and ends the exchange', () => {
    const c = saslClient(harness());
    c.ask('AUTHENTICATE PLAIN');
    expect(c.ask(`AUTHENTICATE ${'A'.repeat(401)}`)).toEqual([':irc.test 905 al :SASL message too long']);
    // The exchange is over: the next AUTHENTICATE names a mechanism again.
    expect(c.ask('AUTHENTICATE PLAIN')).toEqual(['AUTHENTICATE +']);
  });

  it('answers 907 once authenticated, before and after registration', () => {
    const h = harness();
    const c = saslClient(h);
    plain(c, 'alice', 'secret');
    expect(c.ask('AUTHENTICATE PLAIN')).toEqual([':irc.test 907 al :You have already authenticated using SASL']);
    c.ask('CAP END');
    expect(c.ask('AUTHENTICATE PLAIN')).toEqual([':irc.test 907 al :You have already authenticated using SASL']);
  });

  it('logs in a registered client (sasl-3.2), shown as an account change to account-notify peers', () => {
    const net = twoServers({ [A]: { accounts: ACCOUNTS } });
    const bob = net.server(A).connect('bob', { caps: ['sasl'] });
    const peer = net.server(B).connect('peer', { caps: ['account-notify', 'account-tag'] });
    bob.send('JOIN #c');
    peer.send('JOIN #c');
    bob.lines();
    peer.lines();
    expect(bob.ask('AUTHENTICATE PLAIN')).toEqual(['AUTHENTICATE +']);
    expect(bob.ask(`AUTHENTICATE ${b64('\0alice\0secret')}`)).toEqual([
      expect.stringMatching(/^:a\.test 900 bob bob!\S+@\S+ alice :You are now logged in as alice$/),
      ':a.test 903 bob :SASL authentication successful',
    ]);
    expect(bob.user.account).toBe('alice');
    expect(peer.lines()).toEqual([expect.stringMatching(/^@account=alice :bob!\S+ ACCOUNT alice$/)]);
    expect(bob.ask('AUTHENTICATE PLAIN')).toEqual([':a.test 907 bob :You have already authenticated using SASL']);
  });

  it('issue 13: logs in after registration too; account-notify peers on every server see ACCOUNT once', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', description: 'Server A', overrides: { accounts: ACCOUNTS } },
      { id: B, name: 'b.test', description: 'Server B', overrides: { accounts: ACCOUNTS } },
    ]);
    net.link(A, B);
    const bob = net.server(A).connect('bob', { caps: ['sasl', 'account-notify'] });
    const near = net.server(A).connect('near', { caps: ['account-notify'] });
    const far = net.server(B).connect('far', { caps: ['account-notify'] });
    const watcher = net.server(B).connect('watcher', { caps: ['account-notify', 'extended-monitor'] });
    const deaf = net.server(B).connect('deaf');
    for (const c of [bob, near, far, deaf]) c.ask('JOIN #one');
    for (const c of [bob, far]) c.ask('JOIN #two'); // far shares two channels: still one line
    watcher.ask('MONITOR + bob');
    for (const c of [bob, near, far, watcher, deaf]) c.lines();
    expect(plain(bob, 'alice', 'secret')).toEqual([
      ':bob!~bob@127.0.1.1 ACCOUNT alice',
      ':a.test 900 bob bob!~bob@127.0.1.1 alice :You are now logged in as alice',
      ':a.test 903 bob :SASL authentication successful',
    ]);
    for (const c of [near, far, watcher]) expect(c.lines()).toEqual([':bob!~bob@127.0.1.1 ACCOUNT alice']);
    expect(deaf.lines()).toEqual([]);
    expect(far.ask('WHOIS bob')).toContain(':b.test 330 far bob alice :is logged in as');
  });

  it('issue 13: a REGISTER after registration is announced with ACCOUNT network-wide, as a SASL login', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', overrides: { auth: { registration: true } } },
      { id: B, name: 'b.test', overrides: { auth: { registration: true } } },
    ]);
    net.link(A, B);
    const newbie = net.server(A).connect('newbie');
    const far = net.server(B).connect('far', { caps: ['account-notify'] });
    for (const c of [newbie, far]) c.ask('JOIN #c');
    far.lines();
    newbie.send('REGISTER * * hunter2hunter2');
    newbie.lines();
    expect(far.lines()).toEqual([':newbie!~newbie@127.0.1.1 ACCOUNT newbie']);
  });

  it('is 421 for a session that did not enable sasl, IRCX or not', () => {
    const h = harness();
    const plainSession = h.connectUnregistered();
    expect(plainSession.ask('AUTHENTICATE PLAIN')).toEqual([':irc.test 421 * AUTHENTICATE :Unknown command']);
    const ircx = h.connectUnregistered();
    ircx.send('IRCX');
    ircx.lines();
    expect(ircx.ask('AUTHENTICATE PLAIN')).toEqual([':irc.test 421 * AUTHENTICATE :Unknown command']);
  });

  it('CAP END during an exchange aborts it (906) and registers without an account', () => {
    const c = saslClient(harness());
    c.ask('AUTHENTICATE PLAIN');
    const lines = c.ask('CAP END');
    expect(lines[0]).toBe(':irc.test 906 al :SASL authentication aborted');
    expect(lines[1]).toMatch(/^:irc\.test 001 al /);
    expect(c.user.account).toBeUndefined();
  });

  it('IRCX AUTH keeps the IRCX numerics (910) while AUTHENTICATE gives the SASL ones (904)', () => {
    const h = harness();
    const ircx = saslClient(h, 'ix', { ircx: true });
    expect(ircx.ask(`AUTH PLAIN I :${b64('\0alice\0wrong')}`)).toEqual([
      ':irc.test 910 ix PLAIN :Authentication failed',
    ]);
    expect(plain(ircx, 'alice', 'wrong')).toEqual([':irc.test 904 ix :SASL authentication failed']);
    const sasl = saslClient(h, 'sa');
    expect(plain(sasl, 'alice', 'wrong')).toEqual([':irc.test 904 sa :SASL authentication failed']);
  });

  it('failures over AUTH and AUTHENTICATE count together', () => {
    const c = saslClient(harness(), 'ix', { ircx: true });
    c.ask(`AUTH PLAIN I :${b64('\0alice\0wrong')}`);
    c.ask(`AUTH PLAIN I :${b64('\0alice\0wrong')}`);
    expect(plain(c, 'alice', 'wrong')[0]).toBe(':irc.test 904 ix :SASL authentication failed');
    expect(c.closed).toBe(true);
  });

  it('a sysop account gets +o at registration, an admin +o +a, as with AUTH', () => {
    const h = harness();
    const ops = saslClient(h, 'sys');
    plain(ops, 'ops', 'pw');
    expect(ops.ask('CAP END').at(-1)).toBe(':sys MODE sys +o');
    expect([...ops.user.modes]).toEqual(['o']);
    const root = saslClient(h, 'boss');
    plain(root, 'root', 'toor');
    expect(root.ask('CAP END').at(-1)).toBe(':boss MODE boss +ao');
  });
});

describe('WHOIS 330 (account)', () => {
  it('shows the account of a logged-in user, and nothing for one without', () => {
    const h = harness();
    const c = saslClient(h);
    plain(c, 'alice', 'secret');
    c.ask('CAP END');
    const bob = h.connect('bob');
    expect(bob.ask('WHOIS al')).toContain(':irc.test 330 bob al alice :is logged in as');
    expect(c.ask('WHOIS bob').some((l) => / 330 /.test(l))).toBe(false);
  });

  it('shows the account of a user on another server, and follows a restated user event', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', description: 'Server A', overrides: { accounts: ACCOUNTS } },
      { id: B, name: 'b.test', description: 'Server B' },
    ]);
    net.link(A, B);
    const c = saslClient(net.server(A));
    plain(c, 'alice', 'secret');
    c.ask('CAP END');
    const bob = net.server(B).connect('bob');
    expect(bob.ask('WHOIS al')).toContain(':b.test 330 bob al alice :is logged in as');
    // A burst restating the user carries its account as it is now (here: none any more).
    c.user.account = undefined;
    net.heldBurst(A, B)();
    expect(bob.ask('WHOIS al').some((l) => / 330 /.test(l))).toBe(false);
    c.user.account = 'alice';
    net.heldBurst(A, B)();
    expect(bob.ask('WHOIS al')).toContain(':b.test 330 bob al alice :is logged in as');
  });

  it('no 330 on twoServers without accounts', () => {
    const net = twoServers();
    net.server(A).connect('alice');
    expect(
      net
        .server(B)
        .connect('bob')
        .ask('WHOIS alice')
        .some((l) => / 330 /.test(l)),
    ).toBe(false);
  });
});
