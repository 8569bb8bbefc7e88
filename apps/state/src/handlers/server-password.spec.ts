import { Harness, operatorAccount } from '../testing/harness';

/** A server password hashed the way the host file holds it (tiny scrypt cost for speed). */
const PASSWORD_HASH = operatorAccount('-', 'letmein').passwordHash;

function passworded(options: { holdChecks?: boolean } = {}): Harness {
  return new Harness({ server: { passwordHash: PASSWORD_HASH } }, options);
}

describe('PASS with a server password (server.passwordHash)', () => {
  it('registers a client that sends the right PASS before NICK and USER', () => {
    const client = passworded().connectUnregistered();
    client.send('PASS letmein');
    client.send('NICK alice');
    client.send('USER alice 0 * :Alice');
    expect(client.lines()[0]).toMatch(/^:irc\.test 001 alice /);
  });

  it('refuses a wrong PASS with 464, then ERROR and close, and NICK/USER never register', () => {
    const h = passworded();
    const client = h.connectUnregistered();
    client.send('PASS wrong');
    client.send('NICK alice');
    client.send('USER alice 0 * :Alice');
    expect(client.lines()).toEqual([
      ':irc.test 464 * :Password incorrect',
      'ERROR :Closing Link: 127.0.1.1 (Bad password)',
    ]);
    expect(client.closed).toBe(true);
    expect(h.state.userByNick('alice')).toBeUndefined();
    expect(h.authReports).toEqual([{ mechanism: 'pass', name: '*', ip: '127.0.1.1', reason: 'wrong-password' }]);
  });

  it('refuses a client that sends no PASS, or PASS only after NICK and USER', () => {
    const h = passworded();
    const none = h.connectUnregistered();
    none.send('NICK alice');
    none.send('USER alice 0 * :Alice');
    expect(none.lines()[0]).toBe(':irc.test 464 alice :Password incorrect');
    expect(none.closed).toBe(true);
    const late = h.connectUnregistered();
    late.send('NICK bob');
    late.send('USER bob 0 * :Bob');
    late.send('PASS letmein');
    expect(late.lines()[0]).toBe(':irc.test 464 bob :Password incorrect');
    expect(late.closed).toBe(true);
  });

  it('holds NICK and USER until the verdict, and completes registration after CAP END', () => {
    const h = passworded({ holdChecks: true });
    const client = h.connectUnregistered();
    client.send('CAP LS 302');
    client.send('PASS letmein');
    client.send('NICK alice');
    client.send('USER alice 0 * :Alice');
    client.lines();
    const [check] = h.heldChecks;
    expect(check?.candidate).toBe('letmein');
    expect(JSON.stringify(h.engine.captureData())).not.toContain('letmein');
    h.verdict(check?.id ?? -1, 'yes');
    expect(client.lines()).toEqual([]);
    client.send('CAP END');
    expect(client.lines()[0]).toMatch(/^:irc\.test 001 alice /);
  });

  it('asks nothing when no server password is configured', () => {
    const client = new Harness().connectUnregistered();
    client.send('NICK alice');
    client.send('USER alice 0 * :Alice');
    expect(client.lines()[0]).toMatch(/^:irc\.test 001 alice /);
  });
});
