// The gateway's per-IP connect limits on a real host (issue 12): unregistered connections per IP
// (a slowloris holds at most that many sockets) and the connect rate (a burst, then a rate),
// each refusal an ERROR line saying why, a closed socket and a metric.
import { ClientPool, metricSample, serverPrefix } from '@portalchat/testkit';
import { waitForConnectionCount } from './support/gateway-gauges';
import { startTestHost, type TestHost } from './support/test-host';

describe('connect limits (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);

  beforeAll(async () => {
    host = await startTestHost({
      limits: { maxUnregisteredPerIp: 2, connectBurstPerIp: 4, connectsPerSecondPerIp: 0.01 },
    });
  });
  afterEach(async () => {
    pool.closeAll();
    await waitForConnectionCount(host, 0);
  });
  afterAll(async () => {
    await host?.stop();
  });

  const refusals = async (reason: string) =>
    metricSample(
      await (await fetch(`${host.health.gateway}/metrics`)).text(),
      'portalchat_gateway_connection_refusals_total',
      {
        reason,
      },
    ) ?? 0;

  it('refuses a third unregistered connection from one IP, and admits one once another registers', async () => {
    const ip = '127.0.5.1';
    await pool.connect(ip);
    const second = await pool.connect(ip);
    const refused = await pool.connect(ip);
    expect(await refused.waitFor(/^ERROR /)).toBe(
      `ERROR :Closing Link: ${ip} (Too many unregistered connections from your IP address)`,
    );
    await refused.waitClosed();
    expect(await refusals('unregistered_per_ip')).toBe(1);

    const nick = pool.nick('slow');
    expect(await second.register(nick)).toMatch(new RegExp(`^${serverPrefix(host)}001 ${nick} `));
    const admitted = await pool.connect(ip);
    admitted.send('PING :here');
    expect(await admitted.waitFor(/ PONG /)).toMatch(/ here$/);
  });

  it('refuses a fifth connect in a row from one IP as too fast; another IP still gets in', async () => {
    const ip = '127.0.5.2';
    for (let i = 0; i < 4; i++) {
      const client = await pool.connect(ip);
      client.close();
    }
    const refused = await pool.connect(ip);
    expect(await refused.waitFor(/^ERROR /)).toBe(`ERROR :Closing Link: ${ip} (Reconnecting too fast, throttled)`);
    await refused.waitClosed();
    expect(await refusals('connect_rate')).toBe(1);
    const other = await pool.registered(pool.nick('other'), '127.0.5.3');
    other.send('PING :ok');
    expect(await other.waitFor(/ PONG /)).toMatch(/ ok$/);
  });
});
