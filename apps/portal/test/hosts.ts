// In-process hosts for the portal's integration specs: each has its own nats-server, a fake
// state on it and a real portal (real gRPC on loopback).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testHostConfig, type HostConfig, type PortalConfig } from '@portalchat/config';
import { freePort } from '@portalchat/hosting';
import {
  connectNats,
  createLogger,
  createMetrics,
  type LogLevel,
  type NatsConnection,
  type ServiceMetrics,
} from '@portalchat/service';
import { startTestNats } from '@portalchat/testkit';
import { buildPortal, type Portal } from '../src/app';
import { FakeState } from './fake-state';

export const SECRET = 'correct horse battery staple';

export interface TestHost {
  id: number;
  name: string;
  portalPort: number;
  state: FakeState;
  portal: Portal;
  /** The registry of the current portal (what its /metrics serves). */
  metrics: ServiceMetrics;
  /** Stops the portal only (its NATS and fake state stay). */
  stopPortal(): Promise<void>;
  /** Starts a new portal process-alike on the same config (after stopPortal). */
  restartPortal(): Promise<void>;
  stop(): Promise<void>;
}

export interface HostPlan {
  id: number;
  name: string;
  portalPort: number;
  /** Where its generated certificate goes. */
  dataDir: string;
  /** The CA that issues it: one per spec file unless a spec gives a host its own. */
  caDir: string;
}

/** One directory per spec file for the hosts' certificates, removed when the file's run ends. */
const scratch = mkdtempSync(join(tmpdir(), 'portal-int-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const scratchDir = () => scratch;

/** A host to start; `ownCa` gives it a CA of its own instead of the one its spec file shares. */
export async function planHost(id: number, name: string, ownCa = false): Promise<HostPlan> {
  const dataDir = join(scratchDir(), `${name}-${id}`);
  const caDir = ownCa ? join(dataDir, 'own-ca') : join(scratchDir(), 'ca');
  return { id, name, portalPort: await freePort(), dataDir, caDir };
}

/** A portal entry pointing at `peer` (at `port` if a proxy sits in between). */
export function portalTo(peer: HostPlan, over: Partial<PortalConfig> = {}): PortalConfig {
  return {
    name: `Portal_to_${peer.name}`,
    address: '127.0.0.1',
    port: peer.portalPort,
    serverId: peer.id,
    uplink: false,
    secret: SECRET,
    ...over,
    insecure: over.insecure ?? false,
  };
}

/** `splitGraceMs` 0 unless a spec wants the grace: splits show at once, as most specs expect. */
function hostConfig(
  plan: HostPlan,
  portals: PortalConfig[],
  natsUrl: string,
  splitGraceMs: number,
  stateAwaySeconds: number,
): HostConfig {
  return testHostConfig({
    server: { name: plan.name, id: plan.id, description: `${plan.name} test server` },
    listen: { portal: { host: '127.0.0.1', port: plan.portalPort } },
    nats: { url: natsUrl },
    dataDir: plan.dataDir,
    portal: {
      splitGraceMs,
      tls: { cert: 'generated', caDir: plan.caDir, names: ['127.0.0.1'] },
    },
    limits: { stateAwaySeconds },
    portals,
  });
}

/** Fast keepalive so splits show within about a second in specs. */
export const TEST_TIMINGS = { handshakeMs: 2000, pingMs: 200, deadMs: 1000 };

export async function startHost(
  plan: HostPlan,
  portals: PortalConfig[],
  logLevel: LogLevel = 'silent',
  prepareState: (state: FakeState) => void = () => {},
  splitGraceMs = 0,
  stateAwaySeconds = 30,
): Promise<TestHost> {
  const nats = await startTestNats();
  const logger = createLogger('portal', { level: logLevel, serverId: plan.id });
  const nc: NatsConnection = await connectNats({ url: nats.url, name: `test-${plan.id}`, logger });
  const stateNc = await connectNats({ url: nats.url, name: `fake-state-${plan.id}`, logger });
  const state = new FakeState(stateNc, plan.id);
  prepareState(state);
  await stateNc.flush();
  const newPortal = () => {
    host.metrics = createMetrics('portal');
    return buildPortal({
      config: hostConfig(plan, portals, nats.url, splitGraceMs, stateAwaySeconds),
      logger,
      nc,
      metrics: host.metrics,
      timings: TEST_TIMINGS,
      redialCapMs: 300,
      tableRefreshMs: 60_000,
    });
  };
  let portalStopped = false;
  const stopPortal = async () => {
    if (portalStopped) return;
    portalStopped = true;
    await host.portal.stop();
  };
  const host: TestHost = {
    ...plan,
    state,
    portal: undefined as unknown as Portal,
    metrics: undefined as unknown as ServiceMetrics,
    stopPortal,
    async restartPortal() {
      await stopPortal();
      host.portal = newPortal();
      portalStopped = false;
      await host.portal.start();
    },
    async stop() {
      await stopPortal();
      state.stop();
      await nc.close();
      await stateNc.close();
      await nats.stop();
    },
  };
  host.portal = newPortal();
  await host.portal.start();
  return host;
}
