import { defined } from '@portalchat/testkit';
import { Harness, operatorAccount, type ConfigOverrides } from '../testing/harness';
import { A, B } from '../testing/networks';
import { TestNetwork } from '../testing/test-network';

/** Issue 12: what state does with a connection's TLS and client certificate. */

const FP = 'ab'.repeat(32);
const OTHER_FP = 'cd'.repeat(32);

const TLS: ConfigOverrides = {
  tls: { cert: '/unused/cert.pem', key: '/unused/key.pem', stsDurationSeconds: 0, handshakeTimeoutSeconds: 10 },
  listen: { ircTls: [{ host: '127.0.0.1', port: 6697 }] },
};

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const ACCOUNTS = [
  { ...operatorAccount('alice', 'secret'), level: 'user' as const, certFingerprints: [FP] },
  { ...operatorAccount('bob', 'pw'), level: 'user' as const, certFingerprints: [] },
];

function tlsHarness(overrides: ConfigOverrides = {}): Harness {
  return new Harness({ ...TLS, accounts: ACCOUNTS, ...overrides });
}

describe('WHOIS 671 and 276', () => {
  it('shows 671 to everyone for a TLS user and 276 to the user alone', () => {
    const h = new Harness();
    const alice = h.connect('alice', { tls: true, certfp: FP });
    const bob = h.connect('bob');
    expect(bob.ask('WHOIS alice')).toContain(':irc.test 671 bob alice :is using a secure connection');
    expect(bob.ask('WHOIS alice').some((l) => / 276 /.test(l))).toBe(false);
    expect(alice.ask('WHOIS alice')).toContain(`:irc.test 276 alice alice :has client certificate fingerprint ${FP}`);
    expect(alice.ask('WHOIS bob').some((l) => / 671 | 276 /.test(l))).toBe(false);
  });

  it('shows 276 to sysops', () => {
    const h = new Harness({ operators: [operatorAccount('root', 'pw')] });
    h.connect('alice', { tls: true, certfp: FP });
    const root = h.connect('root');
    root.ask('OPER root pw');
    expect(root.ask('WHOIS alice')).toContain(`:irc.test 276 root alice :has client certificate fingerprint ${FP}`);
  });

  it('answers both for a user of another server, and follows a restated user', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', description: 'Server A' },
      { id: B, name: 'b.test', description: 'Server B', overrides: { operators: [operatorAccount('root', 'pw')] } },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice', { tls: true, certfp: FP });
    net.server(A).connect('plain');
    const root = net.server(B).connect('root');
    root.ask('OPER root pw');
    const lines = root.ask('WHOIS alice');
    expect(lines).toContain(':b.test 671 root alice :is using a secure connection');
    expect(lines).toContain(`:b.test 276 root alice :has client certificate fingerprint ${FP}`);
    expect(root.ask('WHOIS plain').some((l) => / 671 | 276 /.test(l))).toBe(false);
    // A burst restates the user as its server knows it.
    alice.user.certfp = OTHER_FP;
    net.heldBurst(A, B)();
    expect(root.ask('WHOIS alice')).toContain(`:b.test 276 root alice :has client certificate fingerprint ${OTHER_FP}`);
  });
});

describe('channel mode +S (secure only)', () => {
  it('lets TLS users join and refuses others with 489', () => {
    const h = new Harness();
    const alice = h.connect('alice', { tls: true });
    const bob = h.connect('bob');
    alice.send('JOIN #safe');
    alice.lines();
    expect(alice.ask('MODE #safe +S')).toEqual([':alice!~alice@127.0.1.1 MODE #safe +S']);
    expect(bob.ask('JOIN #safe')).toEqual([':irc.test 489 bob #safe :Cannot join channel; TLS users only (+S)']);
    const carol = h.connect('carol', { tls: true });
    expect(carol.ask('JOIN #safe')[0]).toMatch(/^:carol!\S+ JOIN #safe$/);
    expect(alice.ask('MODE #safe')[0]).toMatch(/ 324 alice #safe \+ntS$/);
  });

  it('is refused while a member is not on TLS, and by non-hosts', () => {
    const h = new Harness();
    const alice = h.connect('alice', { tls: true });
    const bob = h.connect('bob');
    alice.send('JOIN #a');
    bob.send('JOIN #a');
    alice.lines();
    bob.lines();
    expect(alice.ask('MODE #a +S')).toEqual([
      ':irc.test 482 alice #a :Mode S can only be set by a TLS user while every member is connected with TLS',
    ]);
    expect(bob.ask('MODE #a +S')).toEqual([":irc.test 482 bob #a :You're not channel operator"]);
    bob.send('PART #a');
    alice.lines();
    expect(alice.ask('MODE #a +S')).toEqual([':alice!~alice@127.0.1.1 MODE #a +S']);
    expect(alice.ask('MODE #a -S')).toEqual([':alice!~alice@127.0.1.1 MODE #a -S']);
  });

  it('cannot be set by a plain user, with MODE or at CREATE', () => {
    const h = new Harness();
    const bob = h.connect('bob');
    bob.send('JOIN #plain');
    bob.lines();
    expect(bob.ask('MODE #plain +S')).toEqual([
      ':irc.test 482 bob #plain :Mode S can only be set by a TLS user while every member is connected with TLS',
    ]);
    const carol = h.connect('carol', { ircx: true });
    const lines = carol.ask('CREATE #made S');
    expect(lines).toContain(':irc.test 482 carol #made :You may not set mode S');
    expect(defined(h.state.channel('#made'), '#made').modes.has('S')).toBe(false);
  });

  it('travels to other servers, where it is enforced too', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', description: 'Server A' },
      { id: B, name: 'b.test', description: 'Server B' },
    ]);
    net.link(A, B);
    const alice = net.server(A).connect('alice', { tls: true });
    alice.ask('JOIN #safe');
    alice.ask('MODE #safe +S');
    expect(defined(net.server(B).state.channel('#safe'), '#safe on B').modes.has('S')).toBe(true);
    expect(net.server(B).connect('bob').ask('JOIN #safe')).toEqual([
      ':b.test 489 bob #safe :Cannot join channel; TLS users only (+S)',
    ]);
    const carol = net.server(B).connect('carol', { tls: true });
    expect(carol.ask('JOIN #safe')[0]).toMatch(/^:carol!\S+ JOIN #safe$/);
  });
});

describe('CAP sts', () => {
  it('gives plain connections the TLS port and TLS ones the duration', () => {
    const h = tlsHarness({ tls: { ...defined(TLS.tls, 'tls'), stsDurationSeconds: 300 } });
    expect(h.connectUnregistered().ask('CAP LS 302').join(' ')).toMatch(/ sts=port=6697( |$)/);
    expect(h.connectUnregistered({ tls: true }).ask('CAP LS 302').join(' ')).toMatch(/ sts=duration=300( |$)/);
  });

  it('is not offered without TLS, and may not be requested', () => {
    expect(new Harness().connectUnregistered().ask('CAP LS 302').join(' ')).not.toMatch(/sts/);
    const c = tlsHarness().connectUnregistered();
    c.ask('CAP LS 302');
    expect(c.ask('CAP REQ :sts')).toEqual([':irc.test CAP * NAK sts']);
  });
});

describe('SASL EXTERNAL', () => {
  function saslClient(h: Harness, options: { tls?: boolean; certfp?: string }) {
    const c = h.connectUnregistered(options);
    c.send('CAP LS 302');
    c.send('NICK al');
    c.send('USER al 0 * :Al');
    c.send('CAP REQ :sasl');
    c.lines();
    return c;
  }

  it('is offered with PLAIN once TLS is configured', () => {
    expect(tlsHarness().connectUnregistered().ask('CAP LS 302').join(' ')).toMatch(
      / sasl=PLAIN,SCRAM-SHA-256,EXTERNAL( |$)/,
    );
    expect(new Harness({ accounts: ACCOUNTS }).connectUnregistered().ask('CAP LS 302').join(' ')).toMatch(
      / sasl=PLAIN,SCRAM-SHA-256( |$)/,
    );
  });

  it('logs in the account that lists the certificate (900, 903)', () => {
    const h = tlsHarness();
    const c = saslClient(h, { tls: true, certfp: FP });
    expect(c.ask('AUTHENTICATE EXTERNAL')).toEqual(['AUTHENTICATE +']);
    const lines = c.ask('AUTHENTICATE +');
    expect(lines[0]).toMatch(/^:irc\.test 900 al al!~al@\S+ alice :You are now logged in as alice$/);
    expect(lines[1]).toBe(':irc.test 903 al :SASL authentication successful');
    c.ask('CAP END');
    expect(c.user.account).toBe('alice');
  });

  it('takes the account name as authorization identity, and only that name', () => {
    const h = tlsHarness();
    const c = saslClient(h, { tls: true, certfp: FP });
    c.ask('AUTHENTICATE EXTERNAL');
    expect(c.ask(`AUTHENTICATE ${b64('alice')}`)[1]).toBe(':irc.test 903 al :SASL authentication successful');
    const d = saslClient(h, { tls: true, certfp: FP });
    d.ask('AUTHENTICATE EXTERNAL');
    expect(d.ask(`AUTHENTICATE ${b64('bob')}`)).toEqual([':irc.test 904 al :SASL authentication failed']);
  });

  it('fails (904) without a certificate or with one no account lists', () => {
    const h = tlsHarness();
    for (const options of [{ tls: true }, { tls: true, certfp: OTHER_FP }, {}]) {
      const c = saslClient(h, options);
      c.ask('AUTHENTICATE EXTERNAL');
      expect(c.ask('AUTHENTICATE +')).toEqual([':irc.test 904 al :SASL authentication failed']);
    }
  });

  it('is not an IRCX AUTH package', () => {
    const h = tlsHarness();
    const c = h.connectUnregistered({ tls: true, certfp: FP });
    c.send('IRCX');
    c.lines();
    expect(c.ask('AUTH EXTERNAL I :+').some((l) => / 91[0-9] /.test(l))).toBe(true);
  });
});
