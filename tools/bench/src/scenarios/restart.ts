import { mkdirSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { nickOf } from '../generator/protocol';
import type { DeliveryTally } from '../generator/sequence-log';
import type { Fleet } from '../generator/fleet';
import type { RestartFaultName, RestartSizes } from '../options';
import { ReferenceNetwork, type ReferenceHost } from '../systems/reference-network';
import { fleetFor, setUpChannels, takeTag, type Log } from './measure';
import { channelSenders, listeningPairs } from './restart-load';
import { StateViews } from './state-views';
import { compareViews } from './view-compare';

/** A process of the reference network that the scenario kills with SIGKILL; its host's supervisor restarts it. */
export interface Fault {
  /** `--restart-faults` names it so. */
  name: RestartFaultName;
  label: string;
  host: string;
  /** The supervisor's name for it. */
  process: 'state' | 'portal' | 'gateway' | 'nats';
}

/** The issue's faults, in turn: one host's state, its NATS server, its portal, and the hub's portal. */
export const FAULTS: readonly Fault[] = [
  { name: 'state', label: 'Chatsrv1 state', host: 'Chatsrv1', process: 'state' },
  { name: 'nats', label: 'Chatsrv1 NATS', host: 'Chatsrv1', process: 'nats' },
  { name: 'portal', label: 'Chatsrv1 portal', host: 'Chatsrv1', process: 'portal' },
  { name: 'hub-portal', label: 'Chatsrv3 (hub) portal', host: 'Chatsrv3', process: 'portal' },
  // The hub carries every cross-server message: its state and NATS have the most to catch up on.
  { name: 'hub-state', label: 'Chatsrv3 (hub) state', host: 'Chatsrv3', process: 'state' },
  { name: 'hub-nats', label: 'Chatsrv3 (hub) NATS', host: 'Chatsrv3', process: 'nats' },
];

export interface FaultResult {
  fault: Fault;
  /** Clients registered and in their channels when the process was killed. */
  clients: number;
  /** Clients whose connection closed from the kill to the end of the settle period. */
  disconnected: number;
  /** Over every receiver that stayed connected and its channel's sender. */
  delivery: DeliveryTally;
  /**
   * From the kill until the supervisor runs a new process and it is ready: its /readyz answers
   * 200 (a service), or its port accepts (nats-server).
   */
  backMs?: number;
  /**
   * From the kill until the process was back and every server's view was identical and held
   * exactly the connected clients; undefined if that never happened in the settle period.
   */
  convergedMs?: number;
  /** What differed before the kill (empty: the run started from one view). */
  beforeProblems: string[];
  /** What differed once the settle period and the drain were over (empty: identical). */
  afterProblems: string[];
}

export interface RestartResult {
  sizes: RestartSizes;
  faults: FaultResult[];
  /** Faults that could not be measured, and why. */
  failures: Array<{ fault: Fault; error: string }>;
}

/** How often the scenario asks the supervisor and the states during the settle period. */
const POLL_MS = 250;
/** The views may take this long to agree before the kill (memberships still crossing the links). */
const BEFORE_TIMEOUT_MS = 15_000;
/** Convergence is looked for until the settle period, the drain and this much more have passed. */
const CONVERGE_EXTRA_MS = 5000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Clients whose connection is still open, by nick. */
async function connectedNicks(fleet: Fleet, clients: number): Promise<string[]> {
  const closed = new Set(await fleet.closedClients());
  return Array.from({ length: clients }, (_, g) => g)
    .filter((g) => !closed.has(g))
    .map(nickOf);
}

/**
 * Polls until every state counts `expected.length` users and their snapshots are identical and
 * hold exactly those users; resolves with the problems of the last look (empty: converged), or
 * stops at `deadline`.
 */
async function untilConverged(
  views: StateViews,
  expected: () => Promise<string[]>,
  deadline: number,
  ready: () => boolean = () => true,
): Promise<string[]> {
  let problems = ['not looked at yet'];
  while (Date.now() < deadline) {
    if (ready()) {
      const nicks = await expected();
      const counts = await views.counts();
      const off = counts.filter((c) => 'error' in c || c.users !== nicks.length);
      problems =
        off.length > 0
          ? off.map((c) =>
              'error' in c ? `${c.server}: ${c.error}` : `${c.server}: ${c.users} users, ${nicks.length} connected`,
            )
          : compareViews(await views.views(), nicks);
      if (problems.length === 0) return problems;
    }
    await sleep(POLL_MS);
  }
  return problems;
}

/** Whether a TCP connection to `url`'s host and port is accepted. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = tcpConnect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const end = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000, () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
  });
}

/** Whether the process `name` of `host` can work: its /readyz says 200, or (nats) its port accepts. */
async function isReady(host: ReferenceHost, name: Fault['process']): Promise<boolean> {
  if (name === 'nats') return accepts(host.natsUrl);
  const response = await fetch(`${host.health[name]}/readyz`, { signal: AbortSignal.timeout(1000) }).catch(
    () => undefined,
  );
  return response?.status === 200;
}

/**
 * Resolves true once `host`'s supervisor runs `process` under another pid than `oldPid` and it
 * is ready, false at `deadline`.
 */
async function untilBack(network: ReferenceNetwork, fault: Fault, oldPid: number, deadline: number): Promise<boolean> {
  const host = network.host(fault.host);
  while (Date.now() < deadline) {
    const status = (await network.services(fault.host).catch(() => [])).find((s) => s.name === fault.process);
    const restarted = status?.running === true && status.pid !== undefined && status.pid !== oldPid;
    if (restarted && (await isReady(host, fault.process))) return true;
    await sleep(POLL_MS / 5);
  }
  return false;
}

/**
 * One fault on a fresh reference network: `sizes.clients` clients in `sizes.channels` channels
 * (round-robin over the hosts, so every channel spans all three), one sender per channel sending
 * numbered messages at `ratePerChannel`. The process is killed `faultAfterMs` into the load; the
 * load goes on for `settleMs`, then every receiver's sequences are tallied and the views compared.
 */
async function measureFault(
  fault: Fault,
  sizes: RestartSizes,
  workDir: string,
  log: Log,
  networkLog: string | undefined,
): Promise<FaultResult> {
  const network = await ReferenceNetwork.start(workDir, networkLog);
  const members = Math.floor(sizes.clients / sizes.channels);
  const clients = members * sizes.channels;
  const fleet = fleetFor(clients, log);
  const views = new StateViews(network.hosts);
  try {
    const system = await network.asSystem();
    await setUpChannels(fleet, system, { channels: sizes.channels, members }, log);
    const senders = channelSenders(sizes.channels, members, network.hosts.length);
    const pairs = listeningPairs(senders, members);
    const expected = () => connectedNicks(fleet, clients);
    const beforeProblems = await untilConverged(views, expected, Date.now() + BEFORE_TIMEOUT_MS);
    if (beforeProblems.length > 0) log(`    views differ before the kill: ${beforeProblems.join('; ')}`);

    const target = (await network.services(fault.host)).find((s) => s.name === fault.process);
    if (target?.pid === undefined) throw new Error(`${fault.host} runs no ${fault.process} process to kill`);
    const oldPid = target.pid;

    const tag = takeTag();
    const running = fleet.run(tag, senders, sizes.ratePerChannel, sizes.faultAfterMs + sizes.settleMs, true);
    await sleep(sizes.faultAfterMs);
    // A pause of the load alone (a busy machine) before the kill is not the kill's.
    await fleet.mark();
    const killedAt = Date.now();
    process.kill(oldPid, 'SIGKILL');
    log(`    killed ${fault.label} (pid ${oldPid}) at ${(Number(process.hrtime.bigint() / 1000n) / 1000).toFixed(1)}`);
    const deadline = killedAt + sizes.settleMs + CONVERGE_EXTRA_MS;
    let backMs: number | undefined;
    const back = untilBack(network, fault, oldPid, deadline).then((ok) => {
      if (ok) backMs = Date.now() - killedAt;
    });
    let convergedMs: number | undefined;
    const converged = untilConverged(views, expected, deadline, () => backMs !== undefined).then((problems) => {
      if (problems.length === 0) convergedMs = Date.now() - killedAt;
    });

    const run = await running;
    await fleet.drain(tag, run.sent * (members - 1), 2000, 15_000);
    await Promise.all([back, converged]);
    const afterProblems = compareViews(await views.views(), await expected());
    const delivery = await fleet.tally(pairs, run);
    const disconnected = (await fleet.closedClients()).length;
    log(
      `    ${fault.label}: ${disconnected} disconnected, ${delivery.lost} lost, ${delivery.duplicated} duplicated, ` +
        `${delivery.reordered} reordered, longest pause ${Math.round(delivery.longestPauseMs)} ms (before the kill ${Math.round(delivery.longestPauseBeforeMarkMs)} ms), back in ${backMs ?? '–'} ms, ` +
        `converged in ${convergedMs ?? '–'} ms, views ${afterProblems.length === 0 ? 'identical' : `differ: ${afterProblems.join('; ')}`}`,
    );
    return { fault, clients, disconnected, delivery, backMs, convergedMs, beforeProblems, afterProblems };
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nlauncher output:\n${network.tail()}`);
  } finally {
    fleet.stop();
    await views.close();
    await network.stop();
  }
}

/**
 * restart (Portalchat only): each fault of FAULTS in turn, each on a fresh reference network, so
 * that what one fault leaves behind (a ghost, a diverged view) is not counted against the next.
 */
export async function restartScenario(
  sizes: RestartSizes,
  workDir: string,
  log: Log,
  networkLog?: string,
): Promise<RestartResult> {
  const result: RestartResult = { sizes, faults: [], failures: [] };
  for (const [i, fault] of FAULTS.entries()) {
    if (!sizes.faults.includes(fault.name)) continue;
    log(`  [restart] kill -9 of ${fault.label}: ${sizes.clients} clients, ${sizes.channels} channels`);
    const dir = join(workDir, `fault-${i}`);
    mkdirSync(dir, { recursive: true });
    try {
      result.faults.push(await measureFault(fault, sizes, dir, log, networkLog));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`  [restart] ${fault.label}: failed: ${error}`);
      result.failures.push({ fault, error });
    }
  }
  return result;
}
