// Accounts users create (issue 13, item 6) and read markers, on the reference star: REGISTER on
// Chatsrv1, then SASL PLAIN and SCRAM-SHA-256 logins to that account on Chatsrv2 (two hops away
// through Chatsrv3), a read marker set on one server read on the other, and both still there after
// a restart of Chatsrv2's state service. Real hosts, real portals, raw clients.
import { eventually, re, ScramClient, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const PASSWORD = 'e2e-account-password';
const TS = '2026-01-02T03:04:05.678Z';

describe('IRCv3 accounts across the reference network', () => {
  const suite = networkSuite([
    ['Chatsrv1', 'Chatsrv3'],
    ['Chatsrv2', 'Chatsrv3'],
  ]);
  const { pool, nick } = suite;

  /** A connection that sent CAP LS 302 (checked), NICK and USER, and enabled sasl and draft/read-marker. */
  async function negotiating(host: string, name: string): Promise<IrcTestClient> {
    const client = await pool(host).connect();
    const { caps } = await client.capLs();
    const ls = ` ${caps}`;
    expect(ls).toMatch(/ sasl=PLAIN,SCRAM-SHA-256[ ,]/);
    expect(ls).toMatch(/ draft\/account-registration=before-connect( |$)/);
    expect(ls).toMatch(/ draft\/read-marker( |$)/);
    client.send(`NICK ${name}`);
    client.send(`USER ${name} 0 * :${name}`);
    client.send('CAP REQ :sasl draft/read-marker');
    await client.waitFor(/ CAP \S+ ACK /);
    return client;
  }

  /** Ends connection registration and waits for the end of the MOTD. */
  async function finish(client: IrcTestClient): Promise<void> {
    client.send('CAP END');
    await client.waitFor(/^:\S+ (376|422) /);
  }

  /** A SASL PLAIN login to `account` on `host`, registered; fails the test without 903. */
  async function plainLogin(host: string, account: string): Promise<{ client: IrcTestClient; nick: string }> {
    const name = nick('pl');
    const client = await negotiating(host, name);
    client.send('AUTHENTICATE PLAIN');
    await client.waitFor(/^AUTHENTICATE \+$/);
    client.send(`AUTHENTICATE ${Buffer.from(`\0${account}\0${PASSWORD}`).toString('base64')}`);
    await client.waitFor(new RegExp(` 900 ${re(name)} \\S+ ${re(account)} `));
    await client.waitFor(/ 903 /);
    await finish(client);
    return { client, nick: name };
  }

  /** REGISTER before connecting, on `host`; resolves once the account is known on `far`. */
  async function registerOn(host: string, far: string): Promise<{ client: IrcTestClient; account: string }> {
    const witnessNick = nick('w');
    const witness = await pool(far).registered(witnessNick);
    const account = nick('acct');
    const client = await negotiating(host, account);
    client.send(`REGISTER * * ${PASSWORD}`);
    await client.waitFor(new RegExp(`^:\\S+ REGISTER SUCCESS ${re(account)} `));
    await client.waitFor(new RegExp(` 900 ${re(account)} \\S+ ${re(account)} `));
    await finish(client);
    // A message sent after the registration leaves on the same stream: once one has arrived on
    // `far`, so has the account. (The first may go before `host` knows the witness: 401, again.)
    await eventually(
      `a message from ${host} to ${far}`,
      async () => {
        const token = nick('barrier');
        client.send(`PRIVMSG ${witnessNick} :${token}`);
        return witness.waitFor(new RegExp(`PRIVMSG ${re(witnessNick)} :?${token}$`), 500).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 10_000 },
    );
    return { client, account };
  }

  it('REGISTER on Chatsrv1; SASL PLAIN and SCRAM-SHA-256 log in to it on Chatsrv2; WHOIS agrees', async () => {
    const { account } = await registerOn('Chatsrv1', 'Chatsrv2');
    const plain = await plainLogin('Chatsrv2', account);

    const name = nick('sc');
    const client = await negotiating('Chatsrv2', name);
    const scram = new ScramClient(account, PASSWORD);
    client.send('AUTHENTICATE SCRAM-SHA-256');
    await client.waitFor(/^AUTHENTICATE \+$/);
    client.send(`AUTHENTICATE ${scram.first()}`);
    const serverFirst = await client.waitFor(/^AUTHENTICATE \S+$/);
    client.send(`AUTHENTICATE ${scram.final(serverFirst.slice('AUTHENTICATE '.length))}`);
    const serverFinal = await client.waitFor(/^AUTHENTICATE \S+$/);
    expect(scram.verifyServer(serverFinal.slice('AUTHENTICATE '.length))).toBe(true);
    client.send('AUTHENTICATE +');
    await client.waitFor(new RegExp(` 900 ${re(name)} \\S+ ${re(account)} `));
    await client.waitFor(/ 903 /);
    await finish(client);

    // The wrong password is refused there too.
    const wrong = await negotiating('Chatsrv2', nick('bad'));
    wrong.send('AUTHENTICATE PLAIN');
    await wrong.waitFor(/^AUTHENTICATE \+$/);
    wrong.send(`AUTHENTICATE ${Buffer.from(`\0${account}\0not-it`).toString('base64')}`);
    await wrong.waitFor(/ 904 /);

    // Chatsrv3 sees the PLAIN user (of Chatsrv2) logged in.
    const viewerNick = nick('v');
    const viewer = await pool('Chatsrv3').registered(viewerNick);
    viewer.send(`WHOIS ${plain.nick}`);
    await viewer.waitFor(new RegExp(` 330 ${re(viewerNick)} ${re(plain.nick)} ${re(account)} `));
  }, 30_000);

  it('issue 13: a SASL login after registration on Chatsrv2 shows ACCOUNT once to an account-notify peer on Chatsrv1', async () => {
    const { account } = await registerOn('Chatsrv1', 'Chatsrv2');
    const chan = `#${nick('an')}`;
    const peerNick = nick('peer');
    const peer = await pool('Chatsrv1').connect();
    peer.send('CAP REQ :account-notify');
    await peer.waitFor(/ CAP \S+ ACK /);
    peer.send('CAP END');
    await peer.register(peerNick);
    await peer.waitFor(/^:\S+ (376|422) /);
    const lateNick = nick('late');
    const late = await negotiating('Chatsrv2', lateNick);
    await finish(late); // registered without logging in
    for (const client of [peer, late]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    late.send('AUTHENTICATE PLAIN');
    await late.waitFor(/^AUTHENTICATE \+$/);
    late.send(`AUTHENTICATE ${Buffer.from(`\0${account}\0${PASSWORD}`).toString('base64')}`);
    await late.waitFor(/ 903 /);
    expect(await peer.waitFor(/ ACCOUNT /)).toBe(`:${lateNick}!~${lateNick}@127.0.0.1 ACCOUNT ${account}`);
    peer.send(`WHOIS ${lateNick}`);
    await peer.waitFor(new RegExp(` 330 ${re(peerNick)} ${re(lateNick)} ${re(account)} `));
    expect(peer.lines.filter((l) => / ACCOUNT /.test(l))).toHaveLength(1);
  }, 30_000);

  it('a read marker set on Chatsrv1 reaches the account on Chatsrv2, and survives its state restart', async () => {
    const { client: here, account } = await registerOn('Chatsrv1', 'Chatsrv2');
    const { client: there } = await plainLogin('Chatsrv2', account);
    const chan = `#${nick('rm')}`;
    here.send(`MARKREAD ${chan} timestamp=${TS}`);
    await here.waitFor(new RegExp(`MARKREAD ${re(chan)} timestamp=${re(TS)}$`));
    await there.waitFor(new RegExp(`^:Chatsrv2 MARKREAD ${re(chan)} timestamp=${re(TS)}$`), 10_000);
    there.send(`JOIN ${chan}`);
    await there.waitFor(new RegExp(`^:Chatsrv2 MARKREAD ${re(chan)} timestamp=${re(TS)}$`));

    await suite.net.host('Chatsrv2').restartService('state');
    await suite.net.waitLinked(30_000);
    const { client: after } = await plainLogin('Chatsrv2', account);
    after.send(`MARKREAD ${chan}`);
    await after.waitFor(new RegExp(`^:Chatsrv2 MARKREAD ${re(chan)} timestamp=${re(TS)}$`));
  }, 40_000);
});
