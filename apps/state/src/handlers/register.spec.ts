import { DEFAULTS, type AuthLimits } from '@portalchat/config';
import { ScramClient } from '@portalchat/testkit';
import { Harness, type TestClient } from '../testing/harness';

const b64 = (text: string) => Buffer.from(text).toString('base64');

const ACCOUNTS = [
  {
    name: 'alice',
    passwordHash: 'scrypt$16$1$1$cG9ydGFsY2hhdC10ZXN0LXNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    level: 'user' as const,
    certFingerprints: [],
  },
];

function open(auth: Partial<AuthLimits> = {}): Harness {
  return new Harness({ accounts: ACCOUNTS, auth: { ...DEFAULTS.auth, registration: true, ...auth } });
}

/** A client that gave NICK and USER and asked for `sasl` (registration held by CAP). */
function preRegistered(h: Harness, nick: string): TestClient {
  const c = h.connectUnregistered();
  c.send('CAP LS 302');
  c.send(`NICK ${nick}`);
  c.send(`USER ${nick} 0 * :${nick}`);
  c.send('CAP REQ :sasl');
  c.lines();
  return c;
}

function hostOf(client: TestClient, h: Harness): string {
  return h.state.connection(client.gateway, client.conn)?.hostname ?? '?';
}

describe('REGISTER (draft/account-registration)', () => {
  it('is offered with before-connect, and SASL with it, while registration is open', () => {
    const ls = open().connectUnregistered().ask('CAP LS 302').join(' ');
    expect(ls).toMatch(/ draft\/account-registration=before-connect( |$)/);
    expect(ls).toMatch(/ sasl=PLAIN,SCRAM-SHA-256( |$)/);
    expect(open({ registrationBeforeConnect: false }).connectUnregistered().ask('CAP LS 302').join(' ')).toMatch(
      / draft\/account-registration( |$)/,
    );
    const closed = new Harness({ auth: { ...DEFAULTS.auth, registration: false } });
    expect(closed.connectUnregistered().ask('CAP LS 302').join(' ')).not.toMatch(/account-registration|sasl/);
  });

  it('before connecting: SUCCESS and 900, and the user has the account once registered', () => {
    const h = open();
    const c = preRegistered(h, 'bob');
    expect(c.ask('REGISTER * * hunter2')).toEqual([
      ':irc.test REGISTER SUCCESS bob :Account created',
      `:irc.test 900 bob bob!~bob@${hostOf(c, h)} bob :You are now logged in as bob`,
    ]);
    expect(c.ask('CAP END')[0]).toMatch(/^:irc\.test 001 bob /);
    expect(c.user.account).toBe('bob');
  });

  it('after connecting: logs the user in at once', () => {
    const h = open();
    const c = h.connect('carol');
    const lines = c.ask('REGISTER carol carol@example.org s3cret');
    expect(lines[0]).toBe(':irc.test REGISTER SUCCESS carol :Account created');
    expect(lines[1]).toMatch(/^:irc\.test 900 carol carol!~carol@\S+ carol :You are now logged in as carol$/);
    expect(c.user.account).toBe('carol');
    expect(c.ask('REGISTER * * again')).toEqual([
      ':irc.test FAIL REGISTER ALREADY_AUTHENTICATED carol :You are already logged in',
    ]);
  });

  it('keeps SCRAM keys only: never the password', () => {
    const h = open();
    h.connect('dave').ask('REGISTER * * correct-horse');
    const stored = h.state.registeredAccounts.get('dave');
    expect(stored?.credentials).toMatch(/^scram-sha-256\$4096\$/);
    expect(JSON.stringify([...h.state.registeredAccounts])).not.toContain('correct-horse');
  });

  it('refuses what the spec lists, each with its code', () => {
    const h = open();
    const c = h.connect('erin');
    expect(c.ask('REGISTER other * pw')).toEqual([
      ':irc.test FAIL REGISTER ACCOUNT_NAME_MUST_BE_NICK other :The account name must be your nickname',
    ]);
    expect(c.ask('REGISTER * * *')).toEqual([
      ':irc.test FAIL REGISTER UNACCEPTABLE_PASSWORD erin :That password is not acceptable',
    ]);
    expect(c.ask('REGISTER erin *')).toEqual([':irc.test 461 erin REGISTER :Not enough parameters']);
    // A host-file account's name is taken.
    const alice = h.connect('alice');
    expect(alice.ask('REGISTER * * pw')).toEqual([
      ':irc.test FAIL REGISTER ACCOUNT_EXISTS alice :Account already exists',
    ]);
    // So is one registered before, whatever its case.
    c.ask('REGISTER * * pw');
    c.send('QUIT');
    expect(h.connect('ERIN').ask('REGISTER * * pw')).toEqual([
      ':irc.test FAIL REGISTER ACCOUNT_EXISTS ERIN :Account already exists',
    ]);
  });

  it('asks for a nick first, and for connection registration when before-connect is off', () => {
    const h = open();
    expect(h.connectUnregistered().ask('REGISTER * * pw')).toEqual([
      ':irc.test FAIL REGISTER NEED_NICK * :Choose a nickname first',
    ]);
    const late = open({ registrationBeforeConnect: false }).connectUnregistered();
    late.send('NICK fred');
    expect(late.ask('REGISTER * * pw')).toEqual([
      ':irc.test FAIL REGISTER COMPLETE_CONNECTION_REQUIRED fred :Complete connection registration first',
    ]);
    const closed = new Harness({ auth: { ...DEFAULTS.auth, registration: false } }).connect('gina');
    expect(closed.ask('REGISTER * * pw')).toEqual([
      ':irc.test FAIL REGISTER TEMPORARILY_UNAVAILABLE gina :Account registration is disabled',
    ]);
  });

  it('VERIFY has nothing to verify', () => {
    expect(open().connect('hal').ask('VERIFY hal 1234')).toEqual([
      ':irc.test FAIL VERIFY INVALID_CODE hal :No verification is pending for that account',
    ]);
  });
});

describe('logging in to a registered account', () => {
  function registered(): Harness {
    const h = open();
    const c = h.connect('ivy');
    c.ask('REGISTER * * pa55word');
    c.send('QUIT');
    return h;
  }

  it('SASL PLAIN checks the password against the SCRAM keys', () => {
    const h = registered();
    const wrong = preRegistered(h, 'x1');
    wrong.ask('AUTHENTICATE PLAIN');
    expect(wrong.ask(`AUTHENTICATE ${b64('\0ivy\0nope')}`)).toEqual([':irc.test 904 x1 :SASL authentication failed']);
    const right = preRegistered(h, 'x2');
    right.ask('AUTHENTICATE PLAIN');
    expect(right.ask(`AUTHENTICATE ${b64('\0IVY\0pa55word')}`).at(-1)).toBe(
      ':irc.test 903 x2 :SASL authentication successful',
    );
  });

  it('SASL SCRAM-SHA-256: the server proves itself, then 900 and 903', () => {
    const h = registered();
    const c = preRegistered(h, 'x3');
    const scram = new ScramClient('ivy', 'pa55word');
    expect(c.ask('AUTHENTICATE SCRAM-SHA-256')).toEqual(['AUTHENTICATE +']);
    const [serverFirst = ''] = c.ask(`AUTHENTICATE ${scram.first()}`);
    expect(serverFirst).toMatch(/^AUTHENTICATE \S+$/);
    const [serverFinal = ''] = c.ask(`AUTHENTICATE ${scram.final(serverFirst.slice('AUTHENTICATE '.length))}`);
    expect(scram.verifyServer(serverFinal.slice('AUTHENTICATE '.length))).toBe(true);
    const done = c.ask('AUTHENTICATE +');
    expect(done[0]).toMatch(/^:irc\.test 900 x3 \S+ ivy :You are now logged in as ivy$/);
    expect(done[1]).toBe(':irc.test 903 x3 :SASL authentication successful');
  });

  it('SASL SCRAM-SHA-256 with a wrong password fails (904), and counts as a failure', () => {
    const h = registered();
    const c = preRegistered(h, 'x4');
    const scram = new ScramClient('ivy', 'wrong');
    c.ask('AUTHENTICATE SCRAM-SHA-256');
    const [serverFirst = ''] = c.ask(`AUTHENTICATE ${scram.first()}`);
    expect(c.ask(`AUTHENTICATE ${scram.final(serverFirst.slice('AUTHENTICATE '.length))}`)).toEqual([
      ':irc.test 904 x4 :SASL authentication failed',
    ]);
    expect(h.authReports.at(-1)).toMatchObject({ mechanism: 'sasl', name: 'ivy', reason: 'wrong-password' });
  });

  it('SCRAM-SHA-256 for an unknown account, or a host-file one without SCRAM keys, fails', () => {
    const h = registered();
    for (const name of ['nobody', 'alice']) {
      const c = preRegistered(h, 'x5');
      c.ask('AUTHENTICATE SCRAM-SHA-256');
      expect(c.ask(`AUTHENTICATE ${new ScramClient(name, 'x').first()}`)).toEqual([
        ':irc.test 904 x5 :SASL authentication failed',
      ]);
    }
  });

  it('IRCX AUTH PLAIN uses the same store', () => {
    const h = registered();
    const c = h.connectUnregistered();
    c.send('IRCX');
    c.lines();
    const reply = c.ask(`AUTH PLAIN I :${b64('\0ivy\0pa55word')}`);
    expect(reply).toEqual([':irc.test AUTH PLAIN * ivy@TestNet 0']);
  });
});
