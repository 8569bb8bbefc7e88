/**
 * The password flood of issue 12, item 5: `attackers` clients (each from its own loopback address)
 * send a wrong OPER password `rate` times a second each for `seconds`, while a normal client
 * PINGs twice a second and chats in a channel, and a new client tries to register every second.
 * Prints the normal client's reply times before, during and after the flood, the registrations
 * refused, and how long after the flood the server was back to normal.
 *
 *   node tools/build.js && node dist/tools/bench/password-flood/password-flood.js [--attackers 20] [--rate 4] [--seconds 10]
 *
 * It starts its own standalone host (dist/tools/launcher/host.js) with one operator account.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '@portalchat/hosting';
import { LineClient, register } from './line-client';
import { recoveredAfter, summarizeProbes, type Probe } from './summary';

const HOST_SCRIPT = resolve(__dirname, '../../launcher/host.js');
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
}

function options(): FloodOptions {
  const { values } = parseArgs({
    options: {
      attackers: { type: 'string', default: '20' },
      rate: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '10' },
      baseline: { type: 'string', default: '5' },
      after: { type: 'string', default: '20' },
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
  };
}

async function startHost(password: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort('127.0.0.1');
  const child = spawn(
    process.execPath,
    [HOST_SCRIPT, '--name', 'flood.bench', '--listen', `127.0.0.1:${port}`, '--oper', `boss:${password}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  for (let waited = 0; !/ ready: /.test(output); waited += 100) {
    if (waited > 20_000 || child.exitCode !== null) throw new Error(`host did not start:\n${output}`);
    await sleep(100);
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const opts = options();
  const password = randomBytes(9).toString('base64url');
  const host = await startHost(password);
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
    await sleep(opts.seconds * 1000);
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
