import type { Sizes } from '../options';
import type { RunningSystem } from '../systems/types';
import type { Log } from './measure';
import {
  connectScenario,
  fanoutScenario,
  privateScenario,
  saturationScenario,
  type ConnectResult,
  type FanoutResult,
  type PrivateResult,
  type SaturationResult,
} from './single-host';

export interface NetworkResult {
  servers: number;
  hold: ConnectResult;
  fanout: FanoutResult;
  private: PrivateResult;
  saturation: SaturationResult;
  /** The sustained step nearest half the saturation figure: its cross-server p99. */
  halfSaturation?: { deliveriesPerSec: number; crossP99Ms: number; sameP99Ms: number };
}

/**
 * across the network: the same measurements with clients spread round-robin over linked servers,
 * latency split same-server vs cross-server.
 */
export async function networkScenario(system: RunningSystem, sizes: Sizes, log: Log): Promise<NetworkResult> {
  log(`    holding ${sizes.networkClients} clients over ${system.servers.length} servers`);
  const hold = await connectScenario(system, sizes.networkClients, log);
  log(`    ${hold.registered}/${hold.clients} registered in ${hold.timeMs} ms`);
  const [fanout] = await fanoutScenario(system, { ...sizes, fanout: sizes.fanout.slice(0, 1) }, log);
  if (!fanout) throw new Error('the fan-out scenario gave no result for its one size');
  const privateResult = await privateScenario(system, sizes, log);
  const saturation = await saturationScenario(system, sizes, log);
  const passed = saturation.steps.filter((s) => s.sustained);
  const half = saturation.sustainedPerSec / 2;
  const nearest = passed.sort(
    (a, b) => Math.abs(a.phase.deliveriesPerSec - half) - Math.abs(b.phase.deliveriesPerSec - half),
  )[0];
  return {
    servers: system.servers.length,
    hold,
    fanout,
    private: privateResult,
    saturation,
    halfSaturation: nearest && {
      deliveriesPerSec: nearest.phase.deliveriesPerSec,
      crossP99Ms: nearest.phase.crossServer.p99Ms,
      sameP99Ms: nearest.phase.sameServer.p99Ms,
    },
  };
}
