// The gateway's protective limits on a host configured tight on purpose: connection limits,
// the 512-byte line limit, flood control, and the registration and ping timeouts.
import { ClientPool, serverPrefix, sync, defined } from '@portalchat/testkit';
import { waitForConnectionCount } from './support/gateway-gauges';
import { startTestHost, type TestHost } from './support/test-host';

describe('limits (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  let S: string;
  const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

  beforeAll(async () => {
    host = await startTestHost({
      limits: {
        maxConnections: 5,
        maxConnectionsPerIp: 3,
        pingIntervalSeconds: 1,
        pingTimeoutSeconds: 1,
        registrationTimeoutSeconds: 1,
        sendQBytes: 8192,
      },
      flood: { burst: 5, linesPerSecond: 4, maxQueuedLines: 10 },
    });
    S = serverPrefix(host);
  });
  afterEach(async () => {
    pool.closeAll();
    // Limits are counted per open socket: start each test from an empty gateway.
    await waitForConnectionCount(host, 0);
  });
  afterAll(async () => {
    await host?.stop();
  });

  /** A registered client that answers the host's 1-second PINGs. */
  async function live(nick: string, localAddress?: string) {
    const client = await pool.registered(nick, localAddress);
    client.answerPings();
    return client;
  }

  it('refuses a fourth connection from one IP, and takes one again once a slot is free', async () => {
    // Three live connections from one IP: the limit.
    const first = await live(pool.nick('ip'));
    await live(pool.nick('ip'));
    await live(pool.nick('ip'));
    const refused = await pool.connect();
    expect(await refused.waitFor(/^ERROR /)).toBe(
      'ERROR :Closing Link: 127.0.0.1 (Too many connections from your IP address)',
    );
    await refused.waitClosed();

    first.close();
    await waitForConnectionCount(host, 2);
    const nick = pool.nick('ipok');
    expect(await (await pool.connect()).register(nick)).toMatch(new RegExp(`^${S}001 ${nick} `));
  });

  it('refuses connections past maxConnections with "Server is full", whatever their IP', async () => {
    for (const address of ['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.2'])
      await live(pool.nick('full'), address);
    const refused = await pool.connect('127.0.0.3');
    expect(await refused.waitFor(/^ERROR /)).toBe('ERROR :Closing Link: 127.0.0.3 (Server is full)');
    await refused.waitClosed();
  });

  it('answers a 600-byte line with 417 and keeps the connection working', async () => {
    const nick = pool.nick('long');
    const client = await live(nick);
    client.send(`PRIVMSG ${nick} :${'x'.repeat(600)}`);
    expect(await client.waitFor(/ 417 /)).toBe(`:${host.name} 417 ${nick} :Input line was too long`);
    client.send(`PRIVMSG ${nick} :short enough`);
    expect(await client.waitFor(/ PRIVMSG /)).toBe(`:${mask(nick)} PRIVMSG ${nick} :short enough`);
  });

  it('disconnects a flooder with "Excess Flood" while another client keeps getting replies', async () => {
    const chan = '#flooded';
    const [flooderNick, calmNick] = [pool.nick('flood'), pool.nick('calm')];
    const flooder = await live(flooderNick);
    const calm = await live(calmNick);
    flooder.send(`JOIN ${chan}`);
    calm.send(`JOIN ${chan}`);
    await calm.waitFor(/ 366 /);
    await sync(flooder);

    // One write of 40 lines: 5 pass on the burst, the rest overflow the 10-line hold queue.
    flooder.send(Array.from({ length: 40 }, (_, i) => `PRIVMSG ${chan} :flood line ${i}`).join('\r\n'));
    expect(await flooder.waitFor(/^ERROR /)).toBe('ERROR :Closing Link: 127.0.0.1 (Excess Flood)');
    await flooder.waitClosed();
    expect(await calm.waitFor(/ QUIT /)).toBe(`:${mask(flooderNick)} QUIT :Excess Flood`);
    expect(calm.lines.filter((l) => / PRIVMSG /.test(l)).length).toBeLessThanOrEqual(5);
    expect(await sync(calm)).toEqual([]);
  });

  it('closes a connection that does not register in time', async () => {
    const client = await pool.connect();
    client.send(`NICK ${pool.nick('slowreg')}`);
    expect(await client.waitFor(/^ERROR /, 5000)).toBe('ERROR :Closing Link: 127.0.0.1 (Registration timed out)');
    await client.waitClosed();
  });

  it('PINGs an idle client and closes it with "Ping timeout" when it never answers', async () => {
    const chan = '#pingers';
    const [silentNick, peerNick] = [pool.nick('silent'), pool.nick('peer')];
    const silent = await pool.registered(silentNick);
    const peer = await live(peerNick);
    silent.send(`JOIN ${chan}`);
    peer.send(`JOIN ${chan}`);
    await peer.waitFor(/ 366 /);

    expect(await silent.waitFor(/^PING /, 5000)).toBe(`PING :${host.name}`);
    const error = await silent.waitFor(/^ERROR /, 5000);
    expect(error).toMatch(/^ERROR :Closing Link: 127\.0\.0\.1 \(Ping timeout: \d+ seconds\)$/);
    await silent.waitClosed();
    const reason = defined(/\((Ping timeout: \d+ seconds)\)$/.exec(error)?.[1], 'the ping timeout in the ERROR line');
    expect(await peer.waitFor(/ QUIT /)).toBe(`:${mask(silentNick)} QUIT :${reason}`);
    // The peer answered its PINGs and is still served.
    expect(await sync(peer)).toEqual(expect.not.arrayContaining([expect.stringMatching(/^ERROR/)]));
  });
});
