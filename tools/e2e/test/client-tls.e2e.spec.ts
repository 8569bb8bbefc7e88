// Client TLS (issue 12) on a network of two real hosts: TLS listeners with a certificate from a
// temp dir, a client certificate for SASL EXTERNAL, WHOIS 671/276 seen from the other server, a
// secure-only (+S) channel, STS, and a certificate reload that keeps connected clients.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { hashPassword } from '@portalchat/config';
import { defined, eventually, IrcTestClient, makeTestCertificate, re, sync } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const OPER_PASSWORD = 'e2e-tls-oper-password';

describe('client TLS across a network', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-tls-'));
  const first = makeTestCertificate(dir, 'first');
  const second = makeTestCertificate(dir, 'second');
  const alice = makeTestCertificate(dir, 'alice');
  // The files every host serves: `first` until the reload test replaces them.
  const served = { cert: join(dir, 'served.crt'), key: join(dir, 'served.key') };
  copyFileSync(first.certPath, served.cert);
  copyFileSync(first.keyPath, served.key);
  const passwordHash = hashPassword(OPER_PASSWORD);

  const suite = networkSuite([['A', 'B']], {
    clientTls: served,
    hostExtras: () => ({
      operators: [{ name: 'op', passwordHash }],
      accounts: [{ name: 'alice', passwordHash, certFingerprints: [alice.fingerprint] }],
    }),
  });
  const { pool, nick, channel } = suite;
  const opened: IrcTestClient[] = [];

  afterEach(() => opened.splice(0).forEach((c) => c.close()));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tlsEndpoint(host: string): { host: string; port: number } {
    return defined(suite.net.host(host).config.listen.ircTls[0], `${host}'s TLS listener`);
  }

  async function tlsClient(host: string, cert?: { cert: string; key: string }): Promise<IrcTestClient> {
    const client = await IrcTestClient.connect(tlsEndpoint(host), { tls: cert ?? {} });
    opened.push(client);
    return client;
  }

  /** The certificate a new TLS client of `host` is shown. */
  async function servedFingerprint(host: string): Promise<string> {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = connectTls({ ...tlsEndpoint(host), rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
    const peer = defined(socket.getPeerX509Certificate(), 'the server certificate');
    socket.destroy();
    return peer.fingerprint256.replace(/:/g, '').toLowerCase();
  }

  it('SASL EXTERNAL logs in with the client certificate; CAP LS advertises sts on both listeners', async () => {
    const me = nick('alice');
    const c = await tlsClient('A', alice);
    const ls = ` ${(await c.capLs()).caps}`;
    expect(ls).toMatch(/ sts=duration=0( |$)/);
    expect(ls).toMatch(/ sasl=PLAIN,SCRAM-SHA-256,EXTERNAL( |$)/);
    c.send(`NICK ${me}`);
    c.send(`USER ${me} 0 * :Alice`);
    c.send('CAP REQ :sasl');
    await c.waitFor(/ CAP \S+ ACK :?sasl/);
    c.send('AUTHENTICATE EXTERNAL');
    await c.waitFor(/^AUTHENTICATE \+$/);
    c.send('AUTHENTICATE +');
    await c.waitFor(new RegExp(` 900 ${re(me)} \\S+ alice :`));
    await c.waitFor(/ 903 /);
    c.send('CAP END');
    await c.waitFor(/ 001 /);

    const plain = await pool('A').connect();
    expect(` ${(await plain.capLs()).caps}`).toMatch(new RegExp(` sts=port=${tlsEndpoint('A').port}( |$)`));
  });

  it('WHOIS on the other server shows 671 to all and 276 to an operator', async () => {
    const me = nick('secure');
    const c = await tlsClient('A', alice);
    await c.register(me);
    const op = await pool('B').registered(nick('op'));
    op.send(`OPER op ${OPER_PASSWORD}`);
    await op.waitFor(/ 381 /);
    const someone = await pool('B').registered(nick('someone'));
    await eventually('the user known on B', async () =>
      (await askWhois(op, me)).some((l) => / 311 /.test(l)) ? true : undefined,
    );
    const asOper = await askWhois(op, me);
    expect(asOper).toContainEqual(
      expect.stringMatching(new RegExp(` 671 \\S+ ${re(me)} :is using a secure connection$`)),
    );
    expect(asOper).toContainEqual(
      expect.stringMatching(
        new RegExp(` 276 \\S+ ${re(me)} :has client certificate fingerprint ${alice.fingerprint}$`),
      ),
    );
    const asUser = await askWhois(someone, me);
    expect(asUser.some((l) => / 671 /.test(l))).toBe(true);
    expect(asUser.some((l) => / 276 /.test(l))).toBe(false);
  });

  it('a +S channel takes TLS users of either server and refuses a plain one (489)', async () => {
    const chan = channel('safe');
    const owner = await tlsClient('A');
    const ownerNick = nick('owner');
    await owner.register(ownerNick);
    const secureOnB = await tlsClient('B');
    const secureNick = nick('remote');
    await secureOnB.register(secureNick);
    await eventually('the user of B known on A', async () =>
      (await askWhois(owner, secureNick)).some((l) => / 311 /.test(l)) ? true : undefined,
    );
    owner.send(`JOIN ${chan}`);
    await owner.waitFor(new RegExp(` JOIN ${re(chan)}$`));
    owner.send(`MODE ${chan} +S`);
    await owner.waitFor(new RegExp(` MODE ${re(chan)} \\+S$`));
    // Something sent after the mode, from the same server, has reached B once it arrives there.
    owner.send(`PRIVMSG ${secureNick} :after the mode`);
    await secureOnB.waitFor(/:after the mode$/);

    const plain = await pool('B').registered(nick('plain'));
    plain.send(`JOIN ${chan}`);
    await plain.waitFor(new RegExp(` 489 \\S+ ${re(chan)} :Cannot join channel; TLS users only \\(\\+S\\)$`));
    secureOnB.send(`JOIN ${chan}`);
    await secureOnB.waitFor(new RegExp(`^:${re(secureNick)}!\\S+ JOIN ${re(chan)}$`));
  });

  it('reloads the certificate on the host reload (SIGHUP to the host): new clients get it, connected ones stay', async () => {
    const kept = await tlsClient('A');
    const keptNick = nick('kept');
    await kept.register(keptNick);
    expect(await servedFingerprint('A')).toBe(first.fingerprint);

    copyFileSync(second.certPath, served.cert);
    copyFileSync(second.keyPath, served.key);
    const reloaded = await suite.net.host('A').running().reload();
    expect(reloaded).toMatchObject({ ok: true, problems: [] });
    expect(reloaded.services).toContainEqual(expect.stringContaining(`TLS certificate ${second.fingerprint}`));
    await eventually('the new certificate served', async () =>
      (await servedFingerprint('A')) === second.fingerprint ? true : undefined,
    );
    await sync(kept);
    expect(kept.closed).toBe(false);
    kept.send(`WHOIS ${keptNick}`);
    await kept.waitFor(new RegExp(` 671 \\S+ ${re(keptNick)} `));
  });
});

/** The lines of one WHOIS, up to its 318. */
async function askWhois(client: IrcTestClient, target: string): Promise<string[]> {
  const from = client.lines.length;
  client.send(`WHOIS ${target}`);
  await client.waitFor(new RegExp(` 318 \\S+ ${re(target)} `));
  return client.lines.slice(from);
}
