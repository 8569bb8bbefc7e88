/**
 * A load generator process: raw TCP IRC clients, minimal parsing (registration, own JOIN echo,
 * PING, and the benchmark's `:~` payloads), driven by the coordinator over the IPC channel.
 * Every wait is bounded by the timeout the command gives.
 */
import { appendFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { LatencyHistogram } from '../histogram';
import { dueBy, senderPhase } from './send-schedule';
import { SequenceLog, tally, type Expectation } from './sequence-log';
import {
  nickOf,
  type ClosedReply,
  type Command,
  type ConnectReply,
  type JoinReply,
  type RunReply,
  type StatsReply,
} from './protocol';

interface Client {
  socket: Socket;
  nick: string;
  server: number;
  carry: string;
  registered: boolean;
  /** Waiting for the echo of our own JOIN. */
  joining: boolean;
  closed: boolean;
  /** Numbered runs: what arrived of each sender (by global index). */
  logs?: Map<number, SequenceLog>;
}

const clients: Client[] = [];
let tag = -1;
/** The current run's messages carry the sender's global index (see protocol.ts). */
let numbered = false;
/** Global index of this process's client 0 (clients are a contiguous block). */
let firstGlobal = 0;
let received = 0;
let stale = 0;
let closedCount = 0;
let same = new LatencyHistogram();
let cross = new LatencyHistogram();
let onRegistered: ((client: Client) => void) | undefined;
let onJoined: (() => void) | undefined;
/** A partial line longer than this is dropped: nothing the benchmark reads is that long. */
const MAX_CARRY = 65_536;

const nowUs = () => {
  const [s, ns] = process.hrtime();
  return s * 1e6 + Math.floor(ns / 1000);
};

/** Reads a decimal number at `at`; returns [value, index after it]. */
function readNumber(text: string, at: number): [number, number] {
  let value = 0;
  let i = at;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
  }
  return [value, i];
}

function onData(client: Client, chunk: string): void {
  let text = client.carry.length > 0 ? client.carry + chunk : chunk;
  const end = text.lastIndexOf('\n');
  if (end < 0) {
    client.carry = text.length > MAX_CARRY ? '' : text;
    return;
  }
  client.carry = end === text.length - 1 ? '' : text.slice(end + 1);
  if (client.carry.length > 0) text = text.slice(0, end + 1);

  let at = text.indexOf(' :~');
  if (at >= 0) {
    const now = nowUs();
    while (at >= 0) {
      const [lineTag, a] = readNumber(text, at + 3);
      const [server, b] = readNumber(text, a + 1);
      const [seq, c] = readNumber(text, b + 1);
      const [sentUs, afterSent] = readNumber(text, c + 1);
      let d = afterSent;
      if (lineTag === tag) {
        received++;
        (server === client.server ? same : cross).record(now - sentUs);
        if (numbered) {
          const [sender, e] = readNumber(text, d + 1);
          d = e;
          client.logs ??= new Map();
          let log = client.logs.get(sender);
          if (!log) client.logs.set(sender, (log = new SequenceLog()));
          log.record(seq, now / 1000);
        }
      } else {
        stale++;
      }
      at = text.indexOf(' :~', d);
    }
  }
  if (!client.registered && text.indexOf(' 001 ') >= 0) {
    client.registered = true;
    onRegistered?.(client);
  }
  if (client.joining && text.indexOf(`:${client.nick}!`) >= 0 && text.indexOf(' JOIN ') >= 0) {
    client.joining = false;
    onJoined?.();
  }
  // Servers ping idle clients; the configs make that rare, but answer anyway.
  const ping = text.startsWith('PING ') ? 0 : text.indexOf('\nPING ');
  if (ping >= 0) {
    const start = ping === 0 ? 0 : ping + 1;
    const stop = text.indexOf('\n', start);
    client.socket.write(`PONG ${text.slice(start + 5, stop < 0 ? undefined : stop).trim()}\r\n`);
  }
}

async function connectClients(cmd: Extract<Command, { op: 'connect' }>): Promise<ConnectReply> {
  const started = Date.now();
  const deadline = started + cmd.timeoutMs;
  const latency = new LatencyHistogram();
  firstGlobal = cmd.firstGlobal;
  let next = 0;
  let inFlight = 0;
  let registered = 0;
  let failed = 0;
  const startedAt = new Map<Client, number>();
  let lastProgress = Date.now();

  return new Promise<ConnectReply>((resolve) => {
    const finish = () => {
      onRegistered = undefined;
      clearInterval(watchdog);
      resolve({
        registered,
        failed: failed + (cmd.count - registered - failed),
        elapsedMs: Date.now() - started,
        latency: latency.toData(),
      });
    };
    const settled = () => registered + failed >= cmd.count;
    onRegistered = (client) => {
      registered++;
      inFlight--;
      latency.record(nowUs() - (startedAt.get(client) ?? nowUs()));
      startedAt.delete(client);
      launch();
    };
    const launch = () => {
      while (inFlight < cmd.window && next < cmd.count) {
        const g = cmd.firstGlobal + next++;
        const server = g % cmd.endpoints.length;
        const endpoint = cmd.endpoints[server];
        if (!endpoint) throw new Error(`connect: no endpoint for client ${g} (${cmd.endpoints.length} given)`);
        const nick = nickOf(g);
        const socket = endpoint.tls
          ? connectTls({ host: endpoint.host, port: endpoint.port, rejectUnauthorized: false })
          : connect({ host: endpoint.host, port: endpoint.port });
        const client: Client = { socket, nick, server, carry: '', registered: false, joining: false, closed: false };
        clients.push(client);
        inFlight++;
        startedAt.set(client, nowUs());
        socket.setEncoding('latin1');
        socket.setNoDelay(true);
        socket.on(endpoint.tls ? 'secureConnect' : 'connect', () =>
          socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :bench\r\n`),
        );
        socket.on('data', (chunk: string) => onData(client, chunk));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          client.closed = true;
          closedCount++;
          if (!client.registered && startedAt.delete(client)) {
            failed++;
            inFlight--;
            launch();
          }
        });
      }
      if (settled()) finish();
    };
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress >= 1000) {
        lastProgress = Date.now();
        process.send?.({ progress: `${registered}/${cmd.count}` });
      }
      if (Date.now() >= deadline) finish();
    }, 100);
    launch();
  });
}

async function joinChannels(cmd: Extract<Command, { op: 'join' }>): Promise<JoinReply> {
  let pending = 0;
  for (const [local, channel] of cmd.joins) {
    const client = clients[local];
    if (!client || client.closed) continue;
    client.joining = true;
    pending++;
    client.socket.write(`JOIN ${channel}\r\n`);
  }
  const total = pending;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, cmd.timeoutMs);
    onJoined = () => {
      if (--pending === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    if (pending === 0) {
      clearTimeout(timer);
      resolve();
    }
  });
  onJoined = undefined;
  return { joined: total - pending, failed: cmd.joins.length - (total - pending) };
}

/** Sends at `ratePerSender` per sender for `durationMs`, spreading senders over each interval. */
async function run(cmd: Extract<Command, { op: 'run' }>): Promise<RunReply> {
  tag = cmd.tag;
  numbered = cmd.numbered === true;
  if (numbered) for (const client of clients) client.logs = undefined;
  received = 0;
  stale = 0;
  same = new LatencyHistogram();
  cross = new LatencyHistogram();
  const perSender = Math.max(1, Math.round((cmd.ratePerSender * cmd.durationMs) / 1000));
  // Each sender's client, target and phase, looked up once rather than on every tick.
  const senders = cmd.senders.map(([local, target], i) => {
    const client = clients[local];
    if (!client) throw new Error(`run: sender ${i} is client ${local}, but this generator holds ${clients.length}`);
    return {
      client,
      target,
      phase: senderPhase(i, cmd.senders.length),
      sent: 0,
      written: 0,
      global: firstGlobal + local,
    };
  });
  let total = 0;
  const started = Date.now();
  if (cmd.senders.length === 0) {
    return { sent: 0, elapsedMs: 0 };
  }
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = Date.now() - started;
      const us = nowUs();
      for (const sender of senders) {
        const due = dueBy(elapsed, cmd.ratePerSender, sender.phase, perSender);
        const { client, target } = sender;
        const suffix = numbered ? ` ${sender.global}\r\n` : '\r\n';
        let lines = '';
        let count = 0;
        while (sender.sent < due) {
          lines += `PRIVMSG ${target} :~${cmd.tag} ${client.server} ${sender.sent} ${us}${suffix}`;
          sender.sent++;
          count++;
          total++;
        }
        if (lines.length > 0 && !client.closed) {
          client.socket.write(lines);
          sender.written += count;
        }
      }
      // Bounded in time as well as count: a generator that cannot keep up stops at 2× the duration.
      if (senders.every((s) => s.sent >= perSender) || elapsed > cmd.durationMs * 2 + 1000) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 2);
    tick();
  });
  const reply: RunReply = { sent: total, elapsedMs: Date.now() - started };
  if (!numbered) return reply;
  return {
    ...reply,
    written: senders.map((s): [number, number] => [s.global, s.written]),
    closedSenders: senders.filter((s) => s.client.closed).map((s) => s.global),
  };
}

/** Loss, duplicates, reordering and pauses of the last numbered run, over the pairs asked about. */
function tallyRun(cmd: Extract<Command, { op: 'tally' }>) {
  const sent = new Map(cmd.sent);
  const kept = new Set(cmd.keptSending);
  const expectations = cmd.expect.map(([local, sender]): Expectation => {
    const client = clients[local];
    return {
      receiverClosed: !client || client.closed,
      log: client?.logs?.get(sender),
      sent: sent.get(sender) ?? 0,
      senderKeptSending: kept.has(sender),
    };
  });
  if (process.env.PORTALCHAT_BENCH_LOST_LOG) logLost(process.env.PORTALCHAT_BENCH_LOST_LOG, cmd.expect, expectations);
  return tally(expectations);
}

/**
 * Diagnostics (issue 11): which numbers each receiver missed of each sender, one line per pair
 * that lost any — `receiver <server> sender <global> missing <first>-<last> …` — so that a loss
 * can be placed on a path (sender g is on server g % servers) and in time (number / rate).
 */
function logLost(file: string, expect: Array<[number, number]>, expectations: Expectation[]): void {
  const lines: string[] = [];
  for (const [i, e] of expectations.entries()) {
    const pair = expect[i];
    if (!pair || e.receiverClosed || e.sent === 0) continue;
    const runs = e.log ? e.log.missing(e.sent) : [[0, e.sent - 1] as [number, number]];
    if (runs.length === 0) continue;
    const client = clients[pair[0]];
    lines.push(
      `receiver ${client?.server} ${client?.nick} sender ${pair[1]} sent ${e.sent} missing ${runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(' ')}\n`,
    );
  }
  if (lines.length > 0) appendFileSync(file, lines.join(''));
}

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case 'connect':
      return connectClients(cmd);
    case 'join':
      return joinChannels(cmd);
    case 'run':
      return run(cmd);
    case 'stats': {
      const reply: StatsReply = {
        received: cmd.tag === tag ? received : 0,
        stale,
        same: same.toData(),
        cross: cross.toData(),
        closed: closedCount,
      };
      return reply;
    }
    case 'tally':
      return tallyRun(cmd);
    case 'mark':
      for (const client of clients) for (const log of client.logs?.values() ?? []) log.mark();
      return {};
    case 'closed': {
      const reply: ClosedReply = {
        closed: clients.flatMap((client, local) => (client.closed ? [firstGlobal + local] : [])),
      };
      return reply;
    }
    case 'cpu': {
      const usage = process.cpuUsage();
      return { userUs: usage.user, systemUs: usage.system };
    }
    case 'close':
      for (const client of clients.splice(0)) {
        client.socket.removeAllListeners('close');
        client.socket.destroy();
      }
      closedCount = 0;
      return {};
  }
}

process.on('message', (message: { id: number; cmd: Command }) => {
  handle(message.cmd).then(
    (reply) => process.send?.({ id: message.id, reply }),
    (err: Error) => process.send?.({ id: message.id, reply: { error: err.message } }),
  );
});
process.on('disconnect', () => process.exit(0));
