import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HOST_SERVICES,
  OutputMode,
  startHost,
  startNatsServer,
  type RunningHost,
  type RunningNatsServer,
} from '@portalchat/hosting';
import type { NetOutItem } from '@portalchat/protocol';
import type { Sizes } from '../options';
import { freeLoopbackPort, LOOPBACK } from '../systems/external';
import { DIST_DIR, FIRST_SERVER_ID, portalchatHostFile, type Plan } from '../systems/portalchat';
import { checkFloor, type Floor, type FloorCheck } from './floors';
import { LinkStateStandIn } from './link-state';
import type { Log } from './measure';

/** Users in the burst: the size the burst floor is stated for. */
export const BURST_USERS = 1000;
const USERS_PER_CHUNK = 100;
const EVENTS_PER_BATCH = 500;

/**
 * What one portal link must do on any machine the project supports (loose: a busy CI box is
 * slow). These were the assertions of the portal's timed spec, which `npm test` no longer runs.
 */
export const LINK_FLOORS = {
  burst: {
    metric: `burst of ${BURST_USERS.toLocaleString('en-US')} users, portal start to the peer state`,
    better: 'lower',
    bound: 10_000,
    unit: 'ms',
  },
  events: { metric: 'events through one link', better: 'higher', bound: 5000, unit: 'events/s' },
} as const satisfies Record<string, Floor>;

export interface LinkResult {
  burst: {
    users: number;
    /** From starting the bursting host's portal to the last user at the peer's state. */
    totalMs: number;
    /** The portals' own figures: state request → last chunk sent, and first → last chunk received. */
    senderMs?: number;
    receiverMs?: number;
  };
  events: { count: number; seconds: number; perSec: number };
  floors: FloorCheck[];
}

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The portal's figure for its one link (`lastBurstSent` or `lastBurstReceived`), from its /readyz. */
async function burstFigure(
  host: RunningHost,
  field: 'lastBurstSent' | 'lastBurstReceived',
): Promise<number | undefined> {
  const body = (await (await fetch(`${host.health['portal']}/readyz`)).json()) as {
    portals?: Array<Record<string, { ms?: number } | undefined>>;
  };
  return body.portals?.[0]?.[field]?.ms;
}

/**
 * link (Portalchat only): two hosts running nothing but NATS and the portal, a stand-in state on
 * each NATS. The leaf's portal starts last and bursts 1,000 users (ten chunks, as state sends
 * them) to the hub's state; then the leaf's state emits `sizes.linkEvents` events as fast as it
 * can and the hub's state counts them. Checks the link floors (LINK_FLOORS).
 */
export async function linkScenario(workDir: string, sizes: Sizes, log: Log): Promise<LinkResult> {
  const taken = new Set<number>();
  const port = () => freeLoopbackPort(taken);
  const plans: Plan[] = [];
  for (let i = 0; i < 2; i++)
    plans.push({
      irc: await port(),
      portal: await port(),
      health: [await port(), await port(), await port()],
      nats: await port(),
    });
  const secret = randomBytes(12).toString('hex');
  const portalOnly = HOST_SERVICES.filter((spec) => spec.name === 'portal');
  const [HUB, LEAF] = [0, 1];

  const nats: RunningNatsServer[] = [];
  const standIns: LinkStateStandIn[] = [];
  const hosts: RunningHost[] = [];
  try {
    // Each host's NATS and stand-in state first (startHost uses a NATS that already answers), so
    // the leaf's burst request finds its state.
    for (const [i, plan] of plans.entries()) {
      nats.push(await startNatsServer({ host: LOOPBACK, port: plan.nats }));
      standIns.push(await LinkStateStandIn.connect(`nats://${LOOPBACK}:${plan.nats}`, FIRST_SERVER_ID + i));
    }
    const [hubState, leafState] = [standIns[HUB], standIns[LEAF]];
    if (!hubState || !leafState) throw new Error(`expected a stand-in state per host, got ${standIns.length}`);
    const leafId = FIRST_SERVER_ID + LEAF;
    leafState.burstChunks = Array.from({ length: BURST_USERS / USERS_PER_CHUNK }, (_, c) =>
      Array.from({ length: USERS_PER_CHUNK }, (_, i) => {
        const n = c * USERS_PER_CHUNK + i;
        const user = {
          uid: `${leafId}U${n}`,
          nick: `burst${n}`,
          nickTs: 1000 + n,
          username: 'u',
          hostname: '127.0.0.1',
          realname: `User ${n}`,
          serverId: leafId,
          signonAt: 1000,
          modes: 'i',
        };
        return { type: 'user' as const, user };
      }),
    );
    const start = async (i: number) => {
      const file = join(workDir, `link-${i}.yaml`);
      mkdirSync(join(workDir, `portalchat-${i}`), { recursive: true });
      // JSON is YAML.
      writeFileSync(file, JSON.stringify(portalchatHostFile(i, plans, secret, workDir)));
      const host = await startHost({
        configPath: file,
        distDir: DIST_DIR,
        output: OutputMode.None,
        services: portalOnly,
      });
      hosts.push(host);
      return host;
    };
    const hub = await start(HUB);

    const burstStarted = Date.now();
    const leaf = await start(LEAF);
    await until(`${BURST_USERS} users at the hub's state`, () => hubState.users >= BURST_USERS, 60_000);
    const totalMs = Date.now() - burstStarted;
    const burst = {
      users: hubState.users,
      totalMs,
      senderMs: await burstFigure(leaf, 'lastBurstSent'),
      receiverMs: await burstFigure(hub, 'lastBurstReceived'),
    };
    log(
      `    burst of ${burst.users} users: ${totalMs} ms from the portal's start (sender ${burst.senderMs} ms, receiver ${burst.receiverMs} ms)`,
    );

    const count = sizes.linkEvents;
    const before = hubState.events;
    const eventsStarted = Date.now();
    for (let i = 0; i < count; i += EVENTS_PER_BATCH) {
      const items: NetOutItem[] = Array.from({ length: Math.min(EVENTS_PER_BATCH, count - i) }, (_, j) => ({
        event: { type: 'wallops', from: 'bench', text: `e${i + j}` },
      }));
      leafState.emit(items);
      // Let the NATS client write now and then instead of buffering everything first.
      if (i % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await until(`${count} events at the hub's state`, () => hubState.events - before >= count, 120_000);
    const seconds = (Date.now() - eventsStarted) / 1000;
    const events = { count, seconds: Math.round(seconds * 1000) / 1000, perSec: Math.round(count / seconds) };
    log(`    ${count} events through one link in ${events.seconds} s: ${events.perSec} events/s`);

    return {
      burst,
      events,
      floors: [checkFloor(LINK_FLOORS.burst, totalMs), checkFloor(LINK_FLOORS.events, events.perSec)],
    };
  } finally {
    for (const host of hosts.reverse()) await host.stop().catch(() => undefined);
    for (const standIn of standIns) await standIn.close().catch(() => undefined);
    for (const server of nats) await server.stop();
  }
}
