/**
 * Link figures of the portals, measured on real hosts (not a test: it prints numbers, it asserts
 * nothing). Network: A and C uplink to B, so A→C is two portal hops.
 *
 *   1. Burst: 1,000 users connect to A while A's portal is down; A's portal starts and, from its
 *      readiness on, we time until B's state, then C's, counts them (and print the burst figures B's portal reports).
 *   2. Latency: a client on A sends PRIVMSG to a client on C one at a time; p50/p99 of the time
 *      from write to arrival, through A's gateway, state, portal, B's portal, C's portal, state, gateway.
 *
 * Run (after building the services):
 *   npx esbuild tools/e2e/bench/measure-links.ts --bundle --platform=node --packages=external \
 *     --outfile=tmp/measure-links.js && node tmp/measure-links.js [users] [messages]
 */
import { IrcTestClient } from '@portalchat/testkit';
import { startTestNetwork, type NetworkHost } from '../test/support/network';
import { StateProbe } from '../test/support/state-probe';

const USERS = Number(process.argv[2] ?? 1000);
const MESSAGES = Number(process.argv[3] ?? 1000);
const CONNECT_CONCURRENCY = 50;

const percentile = (sorted: number[], p: number) => {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  if (value === undefined) throw new Error('no samples to take a percentile of');
  return value;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function connectUsers(host: NetworkHost, count: number): Promise<IrcTestClient[]> {
  const clients: IrcTestClient[] = [];
  for (let i = 0; i < count; i += CONNECT_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONNECT_CONCURRENCY, count - i) }, async (_, j) => {
      const client = await IrcTestClient.connect(host.irc);
      await client.register(`burst${i + j}`, 20_000);
      return client;
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

async function waitForUsers(probe: StateProbe, atLeast: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if ((await probe.userCount()) >= atLeast) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`fewer than ${atLeast} users after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main(): Promise<void> {
  const net = await startTestNetwork(
    [
      ['A', 'B'],
      ['C', 'B'],
    ],
    {
      limits: { maxConnections: USERS + 100 },
      flood: { burst: 10_000, linesPerSecond: 10_000, maxQueuedLines: 10_000 },
    },
  );
  const clients: IrcTestClient[] = [];
  try {
    await net.waitLinked();
    const [a, b, c] = [net.host('A'), net.host('B'), net.host('C')];

    // ── 1. burst of USERS users across a link ──
    await a.stopPortal();
    await net.waitLinked(10_000, { B: ['B', 'C'] });
    const connectStarted = performance.now();
    clients.push(...(await connectUsers(a, USERS)));
    console.log(`connected ${USERS} users to A in ${ms(performance.now() - connectStarted)}`);
    const probeB = new StateProbe(b.config.nats.url, b.id, b.config.dataDir);
    const probeC = new StateProbe(c.config.nats.url, c.id, c.config.dataDir);
    const baseB = await probeB.userCount();
    const baseC = await probeC.userCount();
    const linkStarted = performance.now();
    await a.startPortal();
    const portalUp = performance.now() - linkStarted;
    const [toB, toC] = await Promise.all([
      waitForUsers(probeB, baseB + USERS, 60_000),
      waitForUsers(probeC, baseC + USERS, 60_000),
    ]);
    const readyz = await b.portalReadyz();
    const toA = (
      readyz.body['portals'] as Array<{ name: string; lastBurstReceived?: { events: number; ms: number } }>
    ).find((p) => p.name === 'Portal_to_A');
    console.log(
      `burst of ${USERS} users from A (A's portal process start to ready: ${ms(portalUp)}; times below count from ready):`,
    );
    console.log(`  portal ready → all users in B's state (1 hop):  ${ms(toB)}`);
    console.log(`  portal ready → all users in C's state (2 hops): ${ms(toC)}`);
    console.log(`  B's portal reports the burst it received: ${JSON.stringify(toA?.lastBurstReceived)}`);
    await probeB.close();
    await probeC.close();

    // ── 2. PRIVMSG latency over two hops ──
    const sender = await IrcTestClient.connect(a.irc);
    const receiver = await IrcTestClient.connect(c.irc);
    clients.push(sender, receiver);
    await sender.register('lat_tx');
    await receiver.register('lat_rx');
    await net.waitConverged(20_000).catch(() => undefined);
    const samples: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const started = performance.now();
      sender.send(`PRIVMSG lat_rx :probe ${i}`);
      await receiver.waitFor(new RegExp(`:probe ${i}$`), 5000);
      samples.push(performance.now() - started);
    }
    samples.sort((x, y) => x - y);
    console.log(`PRIVMSG A → C (two portal hops), ${MESSAGES} messages one at a time:`);
    console.log(
      `  p50 ${ms(percentile(samples, 50))}  p90 ${ms(percentile(samples, 90))}  p99 ${ms(percentile(samples, 99))}  max ${ms(percentile(samples, 100))}`,
    );

    // The same pipelined: everything written at once, time to the last arrival.
    const pipelined = performance.now();
    for (let i = 0; i < MESSAGES; i++) sender.send(`PRIVMSG lat_rx :pipe ${i}`);
    await receiver.waitFor(new RegExp(`:pipe ${MESSAGES - 1}$`), 30_000);
    const took = performance.now() - pipelined;
    console.log(
      `  pipelined: ${MESSAGES} messages in ${ms(took)} (${Math.round((MESSAGES / took) * 1000)} msg/s end to end)`,
    );
  } finally {
    for (const client of clients) client.close();
    await net.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
