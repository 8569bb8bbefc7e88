// A real three-host network run by the launcher (`npm start` with three host files), for the
// specs that kill its processes: Leaf and Other uplink to Hub. Its hosts' control endpoints give
// the PIDs and the restart counts; each host's state can be asked for its view.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UNTHROTTLED_CONNECTS } from '@portalchat/config';
import { freePort, httpStatus, isPortOpen, type SpareStatus, type SupervisorStatus } from '@portalchat/hosting';
import { defined, eventually } from '@portalchat/testkit';
import { linksOf } from './links';
import { waitUntilGone } from './standalone-host';
import { StateProbe } from './state-probe';
import { DIST_DIR } from './test-host';

export const LOOPBACK = '127.0.0.1';
const LAUNCHER = resolve(DIST_DIR, 'tools/launcher/main.js');

export interface Plan {
  name: string;
  id: number;
  file: string;
  dataDir: string;
  irc: number;
  portal: number;
  health: { gateway: number; state: number; portal: number };
  control: number;
  nats: number;
}

/** Leaf and Other uplink to Hub; `extra` is merged into every host file (limits, portal timing…). */
async function writeNetwork(scratch: string, extra: Record<string, unknown>): Promise<Plan[]> {
  const taken = new Set<number>();
  const port = async (): Promise<number> => {
    for (;;) {
      const candidate = await freePort(LOOPBACK);
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  };
  const plans: Plan[] = [];
  for (const [i, name] of ['Hub', 'Leaf', 'Other'].entries()) {
    plans.push({
      name,
      id: 21 + i,
      file: join(scratch, `${name}.yaml`),
      dataDir: join(scratch, 'data', name),
      irc: await port(),
      portal: await port(),
      health: { gateway: await port(), state: await port(), portal: await port() },
      control: await port(),
      nats: await port(),
    });
  }
  const hub = defined(plans[0], 'the hub plan');
  const secret = 'launched-network-e2e';
  const portalTo = (peer: Plan, uplink: boolean) => ({
    name: `To_${peer.name}`,
    address: LOOPBACK,
    port: peer.portal,
    serverId: peer.id,
    uplink,
    secret,
  });
  for (const plan of plans) {
    const portals =
      plan === hub ? plans.filter((p) => p !== hub).map((p) => portalTo(p, false)) : [portalTo(hub, true)];
    // JSON is YAML.
    writeFileSync(
      plan.file,
      JSON.stringify({
        server: { name: plan.name, id: plan.id, description: `e2e ${plan.name}` },
        listen: {
          irc: [{ host: LOOPBACK, port: plan.irc }],
          portal: { host: LOOPBACK, port: plan.portal },
          health: Object.fromEntries(
            Object.entries(plan.health).map(([service, p]) => [service, { host: LOOPBACK, port: p }]),
          ),
          control: { host: LOOPBACK, port: plan.control },
        },
        nats: { url: `nats://${LOOPBACK}:${plan.nats}` },
        dataDir: plan.dataDir,
        // Clients here answer no PINGs: keep the server from asking during the run.
        limits: { maxConnectionsPerIp: 1000, ...UNTHROTTLED_CONNECTS, pingIntervalSeconds: 3600 },
        portals,
        // The specs match users' hosts (127.0.0.1); cloaking has its own specs in state.
        cloaking: { enabled: false },
        ...extra,
        // Portal TLS as in `npm start`: certificates from one CA generated for the network.
        portal: { ...(extra['portal'] as Record<string, unknown> | undefined), tls: { caDir: join(scratch, 'ca') } },
      }),
    );
  }
  return plans;
}

export function control(plan: Plan): { url: string; token: string } {
  return JSON.parse(readFileSync(join(plan.dataDir, 'run', `${plan.name}.control.json`), 'utf8')) as {
    url: string;
    token: string;
  };
}

async function services(plan: Plan): Promise<SupervisorStatus[]> {
  const { url, token } = control(plan);
  const response = await fetch(`${url}/services`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { services: SupervisorStatus[] }).services;
}

export const pids = async (plan: Plan): Promise<Record<string, number | undefined>> =>
  Object.fromEntries((await services(plan)).map((s) => [s.name, s.pid]));

/** Each process's warm spare (state and portal have one), as the control endpoint shows it. */
export const spares = async (plan: Plan): Promise<Record<string, SpareStatus | undefined>> =>
  Object.fromEntries((await services(plan)).map((s) => [s.name, s.spare]));

export async function restarts(plan: Plan, service: string, reason: 'crash' | 'operator'): Promise<number | undefined> {
  const text = await (await fetch(`${control(plan).url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(`portalchat_service_restarts_total{host="${plan.name}",service="${service}",reason="${reason}"} `),
    );
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Ready: a service's /readyz answers 200; the nats-server accepts connections. */
export async function isReady(plan: Plan, service: string): Promise<boolean> {
  if (service === 'nats') return isPortOpen(LOOPBACK, plan.nats, 200);
  return (await httpStatus(`http://${LOOPBACK}:${plan.health[service as keyof Plan['health']]}/readyz`, 200)) === 200;
}

export interface LaunchedNetwork {
  scratch: string;
  plans: Plan[];
  hub: Plan;
  leaf: Plan;
  other: Plan;
  launcher: ChildProcess;
  /** Everything the launcher printed so far. */
  output(): string;
  /** Kills a process of a host with SIGKILL and waits until it is gone; returns its PID. */
  kill(plan: Plan, service: string): Promise<number>;
  /** Waits until Hub lists all three servers in LINKS. */
  waitLinked(timeoutMs?: number): Promise<void>;
  /** Each host's state view (users, channels, members, modes). */
  views(): Promise<string[]>;
  /** SIGTERM to the launcher; resolves with its exit code once nothing of the network is left. */
  stop(): Promise<{ code: number | null; left: number[] }>;
}

/** Starts the three hosts with the launcher (from dist/) and waits for "All up". */
export async function launchNetwork(prefix: string, extra: Record<string, unknown> = {}): Promise<LaunchedNetwork> {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const plans = await writeNetwork(scratch, extra);
  const [hub, leaf, other] = [0, 1, 2].map((i) => defined(plans[i], `plan ${i}`)) as [Plan, Plan, Plan];
  const launcher = spawn(process.execPath, [LAUNCHER, ...plans.map((p) => p.file)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  defined(launcher.stdout, "the launcher's stdout")
    .setEncoding('utf8')
    .on('data', (chunk: string) => (output += chunk));
  defined(launcher.stderr, "the launcher's stderr")
    .setEncoding('utf8')
    .on('data', (chunk: string) => (output += chunk));
  await eventually('the launcher to say "All up"', () => /All up in/.test(output) || launcher.exitCode !== null, {
    timeoutMs: 60_000,
  });
  if (launcher.exitCode !== null) throw new Error(`the launcher exited (${launcher.exitCode}):\n${output}`);
  const probes = plans.map((p) => new StateProbe(`nats://${LOOPBACK}:${p.nats}`, p.id, p.dataDir));

  return {
    scratch,
    plans,
    hub,
    leaf,
    other,
    launcher,
    output: () => output,
    async kill(plan, service) {
      const victim = defined((await pids(plan))[service], `the pid of ${plan.name}'s ${service}`);
      process.kill(victim, 'SIGKILL');
      await eventually(`${service} (pid ${victim}) to be gone`, () => !isAlive(victim), { timeoutMs: 2000 });
      return victim;
    },
    async waitLinked(timeoutMs = 15_000) {
      let seen: string[] = [];
      await eventually(
        'Hub to see Hub, Leaf and Other in LINKS',
        async () => {
          seen = (await linksOf({ host: LOOPBACK, port: hub.irc })).map((e) => e.server).sort();
          return seen.join(' ') === 'Hub Leaf Other';
        },
        { timeoutMs, intervalMs: 100, detail: () => `Hub sees [${seen.join(', ')}]\n${output.slice(-3000)}` },
      );
    },
    async views() {
      return Promise.all(
        probes.map(async (probe) => {
          const { users, channels } = await probe.snapshot();
          const sortedUsers = users.map((u) => `${u.nick}@${u.server}+${u.modes}`).sort();
          const sortedChannels = channels
            .map((c) => `${c.name}+${c.modes} [${[...c.members].sort().join(' ')}]`)
            .sort();
          return JSON.stringify({ users: sortedUsers, channels: sortedChannels });
        }),
      );
    },
    async stop() {
      for (const probe of probes) await probe.close();
      let code = launcher.exitCode;
      if (code === null) {
        const exited = new Promise<number | null>((r) => launcher.once('exit', (c) => r(c)));
        launcher.kill('SIGTERM');
        code = await exited;
      }
      // Nothing of the network may be left: every child's command line names its file in scratch.
      const left = await waitUntilGone(scratch);
      rmSync(scratch, { recursive: true, force: true });
      return { code, left };
    },
  };
}
