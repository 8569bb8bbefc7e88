/**
 * The password flood of issue 12, item 5: `attackers` clients (each from its own loopback address)
 * send a wrong OPER password `rate` times a second each for `seconds`, while a normal client
 * PINGs twice a second and chats in a channel, and a new client tries to register every second.
 * Prints the normal client's reply times before, during and after the flood, the registrations
 * refused, and how long after the flood the server was back to normal.
 *
 *   node tools/build.js && node dist/tools/bench/password-flood/password-flood.js [--attackers 20] [--rate 4] [--seconds 10]
 *     [--auth freeFailuresPerConnection=1000000 --auth freeFailuresPerIp=1000000]
 *
 * It starts its own host (the built services, the product's defaults, one operator account);
 * `--auth field=value` sets a field of its `auth` section, e.g. a huge free-failure count to see
 * what moving the checks off the event loop does without the back-off.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword, UNTHROTTLED_CONNECTS } from '@portalchat/config';
import { OutputMode, startHost } from '@portalchat/hosting';
import { freeLoopbackPort, LOOPBACK } from '../systems/external';
import { type LineClient, register } from './line-client';
import { recoveredAfter, summarizeProbes, type Probe } from './summary';

/** dist/ of this checkout: this runs as dist/tools/bench/password-flood/password-flood.js. */
const DIST_DIR = resolve(__dirname, '..', '..', '..');
// 3 lines a second in all: under the gateway's flood limit (4 a second), as a normal client is.
const PROBE_EVERY_MS = 500;
const CHAT_EVERY_MS = 1000;
/** A probe answered later than this counts as "not served normally" for the recovery time. */
const NORMAL_MS = 250;
const log = (line: string) => console.error(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface FloodOptions {
  attackers: number;
  rate: number;
  seconds: number;
  baselineSeconds: number;
  afterSeconds: number;
  /** `auth` fields of the host file (freeFailuresPerConnection…), to measure one part alone. */
  auth: Record<string, number>;
}

function options(): FloodOptions {
  const { values } = parseArgs({
    options: {
      attackers: { type: 'string', default: '20' },
      rate: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '10' },
      baseline: { type: 'string', default: '5' },
      after: { type: 'string', default: '20' },
      auth: { type: 'string', multiple: true, default: [] },
    },
  });
  const n = (text: string, name: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
    return value;
  };
  return {
    attackers: n(values.attackers, 'attackers'),
    rate: n(values.rate, 'rate'),
    seconds: n(values.seconds, 'seconds'),
    baselineSeconds: n(values.baseline, 'baseline'),
    afterSeconds: n(values.after, 'after'),
    auth: Object.fromEntries(
      values.auth.map((pair) => {
        const [field = '', value = ''] = pair.split('=');
        return [field, n(value, `auth ${field}`)];
      }),
    ),
  };
}

/**
 * One host of the product's defaults (limits, flood control, the `auth` back-off) but for one
 * operator account, and `auth` fields from the command line when given (to measure a part alone).
 */
async function startFloodHost(
  password: string,
  auth: Record<string, number>,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const workDir = mkdtempSync(join(tmpdir(), 'password-flood-'));
  const taken = new Set<number>();
  const port = () => freeLoopbackPort(taken);
  const endpoint = async () => ({ host: LOOPBACK, port: await port() });
  const irc = await port();
  const file = join(workDir, 'host.yaml');
  // JSON is YAML.
  writeFileSync(
    file,
    JSON.stringify({
      server: { name: 'flood.bench', id: 1 },
      listen: {
        irc: [{ host: LOOPBACK, port: irc }],
        health: { gateway: await endpoint(), state: await endpoint(), portal: await endpoint() },
        portal: await endpoint(),
        control: await endpoint(),
      },
      nats: { url: `nats://${LOOPBACK}:${await port()}` },
      dataDir: join(workDir, 'data'),
      operators: [{ name: 'boss', passwordHash: hashPassword(password) }],
      auth,
      // The flood comes from one loopback address: measure the password checks, not the connect limits.
      limits: UNTHROTTLED_CONNECTS,
    }),
  );
  try {
    const host = await startHost({ configPath: file, distDir: DIST_DIR, output: OutputMode.None });
    return {
      port: irc,
      stop: async () => {
        await host.stop();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
}

/** Milliseconds from a correct OPER to its 381 (a new client, from its own address); -1: none in 10 s. */
async function rightOper(port: number, password: string): Promise<number> {
  let answered: ((at: number) => void) | undefined;
  const reply = new Promise<number>((resolve) => (answered = resolve));
  const { client } = await register(port, '127.0.3.1', 'rightful', (line, at) => {
    if (/^:\S+ 381 /.test(line)) answered?.(at);
  });
  const sentAt = performance.now();
  client.send(`OPER boss :${password}`);
  const timer = setTimeout(() => answered?.(-1), 10_000);
  const at = await reply;
  clearTimeout(timer);
  client.close();
  return at < 0 ? -1 : Math.round(at - sentAt);
}

async function main(): Promise<void> {
  const opts = options();
  const password = randomBytes(9).toString('base64url');
  const host = await startFloodHost(password, opts.auth);
  const clients: LineClient[] = [];
  try {
    const pings = new Map<string, Probe>();
    const chats = new Map<string, Probe>();
    const normal = await register(host.port, '127.0.0.1', 'normal', (line, at) => {
      const pong = / PONG \S+ :?(p\d+)$/.exec(line);
      const probe = pong?.[1] === undefined ? undefined : pings.get(pong[1]);
      if (probe) probe.answeredAt = at;
    });
    const peer = await register(host.port, '127.0.0.1', 'peer', (line, at) => {
      const said = / PRIVMSG #calm :?(c\d+)$/.exec(line);
      const probe = said?.[1] === undefined ? undefined : chats.get(said[1]);
      if (probe) probe.answeredAt = at;
    });
    clients.push(normal.client, peer.client);
    normal.client.send('JOIN #calm');
    peer.client.send('JOIN #calm');

    const replies = new Map<string, number>();
    const attackers: LineClient[] = [];
    for (let i = 1; i <= opts.attackers; i++) {
      const { client } = await register(host.port, `127.0.1.${i}`, `guess${i}`, (line) => {
        const numeric = /^:\S+ (\d{3}) /.exec(line)?.[1];
        if (numeric === '464' || numeric === '491' || numeric === '481') {
          replies.set(numeric, (replies.get(numeric) ?? 0) + 1);
        }
      });
      attackers.push(client);
      clients.push(client);
    }
    await sleep(500);

    const t0 = performance.now();
    let n = 0;
    const pinger = setInterval(() => {
      const id = `p${++n}`;
      pings.set(id, { sentAt: performance.now() });
      normal.client.send(`PING :${id}`);
    }, PROBE_EVERY_MS);
    let m = 0;
    const chatter = setInterval(() => {
      const id = `c${++m}`;
      chats.set(id, { sentAt: performance.now() });
      normal.client.send(`PRIVMSG #calm :${id}`);
    }, CHAT_EVERY_MS);
    await sleep(opts.baselineSeconds * 1000);

    log(`flood: ${opts.attackers} clients x ${opts.rate} wrong OPER/s for ${opts.seconds} s`);
    const floodStart = performance.now();
    let sent = 0;
    const flooders = attackers.map((client, i) =>
      setInterval(() => {
        sent++;
        client.send(`OPER boss :wrong-${i}-${sent}`);
      }, 1000 / opts.rate),
    );
    // One new client every second, from the flood's start until the end of the run.
    const registrations: Array<{ at: number; ms?: number; refused?: string }> = [];
    let late = 0;
    const newcomers = setInterval(() => {
      const at = performance.now() - floodStart;
      const nick = `late${++late}`;
      const entry: { at: number; ms?: number; refused?: string } = { at };
      registrations.push(entry);
      register(host.port, `127.0.2.${late}`, nick).then(
        ({ client, ms }) => {
          entry.ms = Math.round(ms);
          client.close();
        },
        (err: Error) => (entry.refused = err.message),
      );
    }, 1000);
    // Halfway through, an operator from another address gives the right password.
    await sleep((opts.seconds * 1000) / 2);
    const operWait = rightOper(host.port, password);
    await sleep((opts.seconds * 1000) / 2);
    for (const timer of flooders) clearInterval(timer);
    const floodEnd = performance.now();
    log(`flood over (${sent} OPER lines sent); watching for ${opts.afterSeconds} s`);
    await sleep(opts.afterSeconds * 1000);
    clearInterval(pinger);
    clearInterval(chatter);
    clearInterval(newcomers);
    await sleep(1000);
    const endAt = performance.now();

    const pingList = [...pings.values()];
    const chatList = [...chats.values()];
    const report = {
      scenario: opts,
      operLinesSent: sent,
      replies: Object.fromEntries(replies),
      attackersDisconnected: attackers.filter((c) => c.closed).length,
      ping: {
        before: summarizeProbes(pingList, t0, floodStart, endAt),
        during: summarizeProbes(pingList, floodStart, floodEnd, endAt),
        after: summarizeProbes(pingList, floodEnd, endAt, endAt),
      },
      chat: {
        before: summarizeProbes(chatList, t0, floodStart, endAt),
        during: summarizeProbes(chatList, floodStart, floodEnd, endAt),
        after: summarizeProbes(chatList, floodEnd, endAt, endAt),
      },
      rightOperDuringFloodMs: await operWait,
      backToNormalMsAfterFlood: recoveredAfter(pingList, floodEnd, endAt, NORMAL_MS),
      registrations: {
        tried: registrations.length,
        refusedOrTimedOut: registrations.filter((r) => r.refused !== undefined || r.ms === undefined).length,
        slowestMs: registrations.reduce((max, r) => Math.max(max, r.ms ?? 0), 0),
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    for (const client of clients) client.close();
    await host.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
