#!/usr/bin/env node
// Hostile input against one real host on loopback (issue 12): each attack runs for a bounded time
// while a normal client PINGs the server every 400 ms; prints, per attack, what the attackers got,
// the largest RSS of each service process, whether every service stayed up, and the normal
// client's PING round trip (p50/p99). Attacks come from 127.0.0.2 and up, the normal client from
// 127.0.0.1. Needs the build (`node tools/build.js`); starts `dist/tools/launcher/host.js` itself
// and stops it at the end. CPU heavy for a minute or two: run it alone (on a shared machine,
// under the e2e lock).
//   node tools/hostile-input.js [--seconds 10] [--only slowloris,megaline,...]
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const HOST_CLI = path.join(root, 'dist/tools/launcher/host.js');
const LOOPBACK = '127.0.0.1';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const SECONDS = Math.min(60, Number(arg('seconds', '10')));
const ONLY = arg('only', '')
  .split(',')
  .filter((s) => s !== '');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, LOOPBACK, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const attackerIp = (i) => `127.0.${2 + Math.floor(i / 250)}.${2 + (i % 250)}`;

// ── the host ────────────────────────────────────────────────────────────────────

async function startHost(limits) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portalchat-hostile-'));
  const ep = async () => ({ host: LOOPBACK, port: await freePort() });
  const irc = await ep();
  const config = {
    server: { name: 'hostile.test', id: 1, description: 'hostile input' },
    listen: {
      irc: [irc],
      health: { gateway: await ep(), state: await ep(), portal: await ep() },
      portal: await ep(),
      control: await ep(),
    },
    nats: { url: `nats://${LOOPBACK}:${await freePort()}` },
    dataDir: path.join(dir, 'data'),
    host: { warmSpares: false },
    log: { level: 'warn' },
    limits: { maxConnections: 20_000, ...limits },
  };
  const file = path.join(dir, 'host.yaml');
  fs.writeFileSync(file, JSON.stringify(config)); // JSON is YAML
  const child = spawn(process.execPath, [HOST_CLI, '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (output = (output + c).slice(-20_000)));
  child.stderr.setEncoding('utf8').on('data', (c) => (output = (output + c).slice(-20_000)));
  const deadline = Date.now() + 30_000;
  while (!/Portalchat host \S+ ready/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the host did not start:\n${output}`);
    await sleep(100);
  }
  await sleep(500);
  return {
    irc,
    config,
    child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The host's service processes by name (gateway, state, portal, nats) → pid, from /proc. */
function services(hostPid) {
  const found = {};
  const walk = (pid) => {
    let children = [];
    try {
      children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .map((s) => Number(s.trim()))
        .filter((n) => n > 0);
    } catch {
      // no children
    }
    for (const child of children) {
      const cmd = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const name = /nats-server/.test(cmd) ? 'nats' : /apps\/(gateway|state|portal)\//.exec(cmd)?.[1];
      if (name) found[name] = child;
      walk(child);
    }
  };
  walk(hostPid);
  return found;
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ── clients ─────────────────────────────────────────────────────────────────────

/** A raw TCP client; `lines` collects what it receives (bounded), `onLine` sees each. */
function connect(port, localAddress, { read = true } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port, localAddress });
    const c = { socket, lines: 0, error: undefined, closed: false, onLine: undefined, refused: undefined };
    let buf = '';
    socket.setEncoding('latin1');
    if (read)
      socket.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) !== -1) {
          const line = buf.slice(0, i).replace(/\r$/, '');
          buf = buf.slice(i + 1);
          c.lines++;
          if (line.startsWith('ERROR ')) c.refused ??= line;
          c.onLine?.(line);
        }
        if (buf.length > 100_000) buf = '';
      });
    else socket.pause();
    socket.on('error', (err) => (c.error = err.code));
    socket.on('close', () => (c.closed = true));
    socket.once('connect', () => resolve(c));
    socket.once('error', () => resolve(c));
  });
}

async function register(port, nick, localAddress) {
  const c = await connect(port, localAddress);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${nick} did not register`)), 10_000);
    c.onLine = (line) => {
      if (/^PING /.test(line)) c.socket.write(`PONG ${line.slice(5)}\r\n`);
      if (/ 001 /.test(line)) {
        clearTimeout(timer);
        resolve();
      }
      if (line.startsWith('ERROR')) reject(new Error(`${nick}: ${line}`));
    };
    c.socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :${nick}\r\n`);
  });
  c.onLine = (line) => {
    if (/^PING /.test(line)) c.socket.write(`PONG ${line.slice(5)}\r\n`);
  };
  return c;
}

/** The normal client: a PING every 400 ms (within the flood limit of 4 lines/s), its round trips in ms. */
async function prober(port) {
  const c = await register(port, 'normal', LOOPBACK);
  const rtts = [];
  let sentAt = new Map();
  let n = 0;
  c.onLine = (line) => {
    if (/^PING /.test(line)) c.socket.write(`PONG ${line.slice(5)}\r\n`);
    const m = / PONG \S+ :?p(\d+)$/.exec(line);
    if (m) {
      const t = sentAt.get(Number(m[1]));
      if (t !== undefined) rtts.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  const timer = setInterval(() => {
    n++;
    sentAt.set(n, process.hrtime.bigint());
    c.socket.write(`PING :p${n}\r\n`);
  }, 400);
  return {
    sent: () => n,
    stop() {
      clearInterval(timer);
      c.socket.destroy();
      return rtts;
    },
  };
}

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

// ── attacks ─────────────────────────────────────────────────────────────────────

/** Thousands of connections from 30 IPs that never register; each trickles a byte every 5 s. */
async function slowloris(host, count = 3000) {
  const conns = [];
  for (let i = 0; i < count; i++) {
    conns.push(connect(host.irc.port, attackerIp(i % 30)));
    if (i % 200 === 199) await sleep(50);
  }
  const all = await Promise.all(conns);
  const trickle = setInterval(() => {
    for (const c of all) if (!c.closed) c.socket.write('N');
  }, 5000);
  return {
    what: `${count} connections from 30 IPs, never registering (a byte every 5 s)`,
    stop: async () => {
      clearInterval(trickle);
      await sleep(300);
      const open = all.filter((c) => !c.closed).length;
      const refused = all.filter((c) => c.refused).length;
      const reasons = [
        ...new Set(
          all
            .map((c) => c.refused)
            .filter(Boolean)
            .map((r) => r.replace(/^.*\(/, '(')),
        ),
      ];
      for (const c of all) c.socket.destroy();
      return `${open} still open at the end, ${refused} refused ${reasons.join(' ')}`;
    },
  };
}

/** Registered clients that each send megabytes without a newline, as fast as TCP takes them. */
async function megaline(host, clients = 10) {
  const conns = [];
  for (let i = 0; i < clients; i++) conns.push(await register(host.irc.port, `mega${i}`, attackerIp(i)));
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  let running = true;
  for (const c of conns) {
    const pump = () => {
      while (running && !c.closed && c.socket.write(chunk)) sent += chunk.length;
      if (running && !c.closed) c.socket.once('drain', pump);
    };
    pump();
  }
  return {
    what: `${clients} registered clients sending 'a' without a newline`,
    stop: async () => {
      running = false;
      const open = conns.filter((c) => !c.closed).length;
      for (const c of conns) c.socket.destroy();
      return `${(sent / 1e6).toFixed(0)} MB sent, ${open}/${clients} still connected`;
    },
  };
}

/** Clients sending lines of invalid UTF-8 and NUL as fast as they can, reconnecting when dropped. */
async function garbage(host, clients = 20) {
  let running = true;
  let lines = 0;
  let connects = 0;
  const refusals = new Map();
  const line = Buffer.from([0x50, 0x52, 0x49, 0x56, 0x00, 0xff, 0xfe, 0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80, 0x0d, 0x0a]);
  const nul = Buffer.from('PRIVMSG #x :\0\0\0\xff\xfe\r\n', 'latin1');
  const loop = async (i) => {
    while (running) {
      connects++;
      const c = await connect(host.irc.port, attackerIp(100 + i));
      while (running && !c.closed) {
        for (let k = 0; k < 100; k++) c.socket.write(k % 2 ? line : nul);
        lines += 100;
        await sleep(10);
      }
      if (c.refused) {
        const why = c.refused.replace(/^.*\(/, '(');
        refusals.set(why, (refusals.get(why) ?? 0) + 1);
      }
      c.socket.destroy();
      await sleep(100);
    }
  };
  const loops = Array.from({ length: clients }, (_, i) => loop(i));
  return {
    what: `${clients} clients (20 IPs) flooding invalid UTF-8 and NUL lines, reconnecting when dropped`,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      const why = [...refusals].map(([r, n]) => `${n}× ${r}`).join(', ');
      return `${lines} lines written over ${connects} connections; closes: ${why}`;
    },
  };
}

/** A channel of 50 listeners; 20 attackers flood it with CTCP VERSION requests. */
async function ctcpFlood(host, listeners = 50, attackers = 20) {
  const members = [];
  for (let i = 0; i < listeners; i++) {
    const c = await register(host.irc.port, `lis${i}`, attackerIp(200 + (i % 10)));
    c.socket.write('JOIN #busy\r\n');
    members.push(c);
  }
  let running = true;
  let sent = 0;
  const floods = [];
  for (let i = 0; i < attackers; i++) {
    const c = await register(host.irc.port, `ctcp${i}`, attackerIp(300 + i));
    c.socket.write('JOIN #busy\r\n');
    floods.push(c);
  }
  await sleep(500);
  const before = members.reduce((n, c) => n + c.lines, 0);
  const timer = setInterval(() => {
    if (!running) return;
    for (const c of floods)
      if (!c.closed) {
        c.socket.write('PRIVMSG #busy :\x01VERSION\x01\r\n'.repeat(20));
        sent += 20;
      }
  }, 50);
  return {
    what: `${attackers} clients flooding CTCP VERSION into a channel of ${listeners + attackers}`,
    stop: async () => {
      running = false;
      clearInterval(timer);
      const got = members.reduce((n, c) => n + c.lines, 0) - before;
      const left = floods.filter((c) => !c.closed).length;
      for (const c of [...members, ...floods]) c.socket.destroy();
      return `${sent} CTCP lines sent, ${got} lines delivered to the ${listeners} listeners; ${attackers - left}/${attackers} flooders cut`;
    },
  };
}

/** A client that stops reading while sitting in a channel 30 talkers keep busy. */
async function nonReader(host, talkers = 100) {
  const stuck = await register(host.irc.port, 'stuck', attackerIp(400));
  stuck.socket.write('JOIN #loud\r\n');
  await sleep(300);
  stuck.socket.pause(); // never reads again: the kernel buffers fill, then the gateway's send queue
  const speakers = [];
  for (let i = 0; i < talkers; i++) {
    const c = await register(host.irc.port, `talk${i}`, attackerIp(410 + (i % 20)));
    c.socket.write('JOIN #loud\r\n');
    speakers.push(c);
  }
  const text = 'x'.repeat(480);
  let sent = 0;
  const startedAt = Date.now();
  let cutAfter;
  const timer = setInterval(() => {
    // Within the flood limit (4 lines/s after a burst of 10): every line is relayed.
    for (const c of speakers)
      if (!c.closed) {
        c.socket.write(`PRIVMSG #loud :${text}\r\n`);
        sent++;
      }
    if (cutAfter === undefined && stuck.closed) cutAfter = (Date.now() - startedAt) / 1000;
  }, 250);
  return {
    what: `a client that never reads, in a channel where ${talkers} clients talk (4 lines/s each, 480 bytes)`,
    stop: async () => {
      clearInterval(timer);
      // What the kernel holds for the non-reader: its receive queue and the gateway side's send queue.
      let kernel = '';
      if (!stuck.closed) {
        const port = stuck.socket.localPort;
        const ss = execFileSync('ss', ['-tnH', `( sport = :${port} or dport = :${port} )`], { encoding: 'utf8' });
        const queued = ss
          .trim()
          .split('\n')
          .map((l) => l.trim().split(/\s+/))
          .reduce((n, f) => n + Number(f[1] ?? 0) + Number(f[2] ?? 0), 0);
        kernel = ` (${(queued / 1e6).toFixed(1)} MB held in the kernel's socket buffers)`;
      }
      const talking = speakers.filter((c) => !c.closed).length;
      for (const c of [...speakers, stuck]) c.socket.destroy();
      // A paused socket does not see the server close it: the gateway's sendq_exceeded count says.
      const cut = cutAfter === undefined ? 'not seen closed' : `cut after ${cutAfter.toFixed(1)} s`;
      return `${sent} lines sent to the channel by ${talking}/${talkers} talkers still connected at the end; the non-reader was ${cut}${kernel}`;
    },
  };
}

/** No attack: the normal client's figures on an idle host, for comparison. */
async function baseline() {
  return { what: 'no attack', stop: async () => 'none' };
}

const ATTACKS = { baseline, slowloris, megaline, garbage, ctcp: ctcpFlood, nonreader: nonReader };

/** One attack on a fresh host: RSS sampled every 250 ms, the normal client's PINGs throughout. */
/** The host of the attack running, stopped if this script is interrupted. */
let current;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    void (current ? current.stop() : Promise.resolve()).finally(() => process.exit(1));
  });

async function measure(name, limits, label) {
  const host = await startHost(limits);
  current = host;
  try {
    const pids = services(host.child.pid);
    const base = Object.fromEntries(Object.entries(pids).map(([s, pid]) => [s, rssMb(pid)]));
    const peak = { ...base };
    const sampler = setInterval(() => {
      for (const [s, pid] of Object.entries(pids)) peak[s] = Math.max(peak[s] ?? 0, rssMb(pid) ?? 0);
    }, 250);
    const probe = await prober(host.irc.port);
    const attack = await ATTACKS[name](host);
    await sleep((name === 'nonreader' ? Math.max(SECONDS, 40) : SECONDS) * 1000);
    const result = await attack.stop();
    await sleep(500);
    const rtts = probe.stop();
    clearInterval(sampler);
    // The gateway's own account: disconnects by kind, refusals by reason, oversized lines.
    const { host: mh, port: mp } = host.config.listen.health.gateway;
    const metrics = await (await fetch(`http://${mh}:${mp}/metrics`)).text();
    const counted = metrics
      .split('\n')
      .filter((l) => /^portalchat_gateway_(disconnects|connection_refusals|oversized_lines)_total/.test(l))
      .filter((l) => !/ 0$/.test(l))
      .map((l) => l.replace('portalchat_gateway_', '').replace(/_total/, ''));
    const alive = Object.entries(pids).map(([s, pid]) => `${s} ${rssMb(pid) === undefined ? 'DOWN' : 'up'}`);
    const rss = Object.keys(pids)
      .sort()
      .map((s) => `${s} ${base[s]?.toFixed(0)}→${peak[s]?.toFixed(0)} MB`);
    return {
      name: label ?? name,
      what: attack.what,
      result,
      alive: alive.join(', '),
      gateway: counted.join(', '),
      rss: rss.join(', '),
      ping: `${rtts.length}/${probe.sent()} answered, p50 ${pct(rtts, 50).toFixed(1)} ms, p99 ${pct(rtts, 99).toFixed(1)} ms`,
    };
  } finally {
    current = undefined;
    await host.stop();
  }
}

async function main() {
  if (!fs.existsSync(HOST_CLI)) throw new Error('no build: run `node tools/build.js` first');
  // The product's defaults but for the total and per-IP caps (loopback: every attacker IP is local).
  const defaults = { maxConnectionsPerIp: 1000 };
  const uncapped = {
    maxConnectionsPerIp: 100_000,
    maxUnregisteredPerIp: 100_000,
    connectBurstPerIp: 100_000,
    connectsPerSecondPerIp: 100_000,
  };
  const runs = [
    ['baseline', defaults],
    ['slowloris', defaults, 'slowloris (default caps)'],
    ['slowloris', uncapped, 'slowloris (caps off)'],
    ['megaline', defaults],
    ['garbage', defaults],
    ['ctcp', defaults],
    ['nonreader', defaults],
  ].filter(([name]) => ONLY.length === 0 || ONLY.includes(name));
  const rows = [];
  for (const [name, limits, label] of runs) {
    console.error(`[hostile] ${label ?? name}: ${SECONDS} s`);
    const row = await measure(name, limits, label);
    console.error(`  ${JSON.stringify(row)}`);
    rows.push(row);
  }
  console.log(`\nEach attack ${SECONDS} s on a fresh host; RSS before→peak; PING of a normal client every 400 ms.\n`);
  for (const r of rows) {
    console.log(`${r.name}: ${r.what}`);
    console.log(`  attackers: ${r.result}`);
    console.log(`  services:  ${r.alive}`);
    console.log(`  gateway:   ${r.gateway}`);
    console.log(`  RSS:       ${r.rss}`);
    console.log(`  normal:    ${r.ping}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
