import { Harness, operatorAccount, type TestClient } from '../testing/harness';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function account(name: string, password: string, level: 'user' | 'sysop' | 'admin') {
  return { name, passwordHash: operatorAccount(name, password).passwordHash, level, certFingerprints: [] as string[] };
}

function setup(authPackages: ('ANON' | 'PLAIN')[] = ['ANON', 'PLAIN']) {
  const h = new Harness({
    accounts: [account('alice', 'secret', 'user'), account('root', 'toor', 'admin'), account('ops', 'pw', 'sysop')],
    ircx: { authPackages },
  });
  const client = h.connectUnregistered();
  client.send('IRCX');
  client.lines();
  return { h, client };
}

function register(client: TestClient, nick: string): string[] {
  client.send(`NICK ${nick}`);
  client.send(`USER ${nick} 0 * :${nick}`);
  return client.lines();
}

describe('AUTH', () => {
  it('PLAIN succeeds with the account, which the user carries after registration', () => {
    const { client } = setup();
    expect(client.ask(`AUTH PLAIN I :${b64('\0alice\0secret')}`)).toEqual([':irc.test AUTH PLAIN * alice@TestNet 0']);
    const welcome = register(client, 'al');
    expect(welcome.some((l) => / 001 /.test(l))).toBe(true);
    expect(client.user.account).toBe('alice');
    expect(client.user.modes.has('o')).toBe(false);
  });

  it('PLAIN may send the credentials after an empty challenge', () => {
    const { client } = setup();
    expect(client.ask('AUTH PLAIN I')).toEqual([':irc.test AUTH PLAIN S +']);
    expect(client.ask(`AUTH PLAIN S :${b64('alice\0alice\0secret')}`)).toEqual([
      ':irc.test AUTH PLAIN * alice@TestNet 0',
    ]);
  });

  it('an admin account gets +o +a at registration', () => {
    const { client } = setup();
    client.ask(`AUTH PLAIN I :${b64('\0root\0toor')}`);
    const welcome = register(client, 'boss');
    expect(welcome[welcome.length - 1]).toBe(':boss MODE boss +ao');
    expect([...client.user.modes].sort()).toEqual(['a', 'o']);
  });

  it('a sysop account gets +o', () => {
    const { client } = setup();
    client.ask(`AUTH PLAIN I :${b64('\0ops\0pw')}`);
    const welcome = register(client, 'sys');
    expect(welcome[welcome.length - 1]).toBe(':sys MODE sys +o');
  });

  it('answers 910 on a bad password, and closes after three failures (911)', () => {
    const { client } = setup();
    expect(client.ask(`AUTH PLAIN I :${b64('\0alice\0wrong')}`)).toEqual([
      ':irc.test 910 * PLAIN :Authentication failed',
    ]);
    expect(client.ask(`AUTH PLAIN I :${b64('\0nobody\0x')}`)).toEqual([':irc.test 910 * PLAIN :Authentication failed']);
    const third = client.ask('AUTH PLAIN I :garbage');
    expect(third.slice(0, 2)).toEqual([
      ':irc.test 910 * PLAIN :Authentication failed',
      ':irc.test 911 * PLAIN :Authentication suspended for this IP',
    ]);
    expect(client.closed).toBe(true);
  });

  it('ANON succeeds at once as a guest without an account', () => {
    const { client } = setup();
    expect(client.ask('AUTH ANON I')).toEqual([':irc.test AUTH ANON * anonymous@TestNet 0']);
    register(client, 'guest');
    expect(client.user.account).toBeUndefined();
  });

  it('aborts with * (910)', () => {
    const { client } = setup();
    client.ask('AUTH PLAIN I');
    expect(client.ask('AUTH PLAIN *')).toEqual([':irc.test 910 * PLAIN :Authentication failed']);
  });

  it('refuses a package not offered (912)', () => {
    const { client } = setup(['ANON']);
    expect(client.ask('AUTH PLAIN I :x')).toEqual([':irc.test 912 * PLAIN :Unsupported authentication package']);
    expect(client.ask('AUTH NTLM I :x')).toEqual([':irc.test 912 * NTLM :Unsupported authentication package']);
  });

  it('is refused once authenticated (909) and after registration (462)', () => {
    const { client } = setup();
    client.ask(`AUTH PLAIN I :${b64('\0alice\0secret')}`);
    expect(client.ask('AUTH PLAIN I :x')).toEqual([':irc.test 909 * PLAIN :Already authenticated']);
    register(client, 'al');
    expect(client.ask('AUTH ANON I')).toEqual([':irc.test 462 al :You may not reregister']);
  });

  it('is 421 for a plain session', () => {
    const h = new Harness();
    const client = h.connectUnregistered();
    expect(client.ask('AUTH ANON I')).toEqual([':irc.test 421 * AUTH :Unknown command']);
  });
});
