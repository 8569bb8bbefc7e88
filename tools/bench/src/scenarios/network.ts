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

/** Each phase's result; a phase left out by `--network-phases` has none. */
export interface NetworkResult {
  servers: number;
  hold?: ConnectResult | undefined;
  fanout?: FanoutResult | undefined;
  private?: PrivateResult | undefined;
  saturation?: SaturationResult | undefined;
  /** The sustained step nearest half the saturation figure: its cross-server p99. */
  halfSaturation?: { deliveriesPerSec: number; crossP99Ms: number; sameP99Ms: number } | undefined;
}

/**
 * across the network: the same measurements with clients spread round-robin over linked servers,
 * latency split same-server vs cross-server. The phases run in order, those of
 * `sizes.networkPhases` only (the held clients stay connected through the later phases).
 */
export async function networkScenario(system: RunningSystem, sizes: Sizes, log: Log): Promise<NetworkResult> {
  const runs = (phase: Sizes['networkPhases'][number]) => sizes.networkPhases.includes(phase);
  const result: NetworkResult = { servers: system.servers.length };
  if (runs('hold')) {
    log(`    holding ${sizes.networkClients} clients over ${system.servers.length} servers`);
    result.hold = await connectScenario(system, sizes.networkClients, log);
    log(`    ${result.hold.registered}/${result.hold.clients} registered in ${result.hold.timeMs} ms`);
  }
  if (runs('fanout')) {
    [result.fanout] = await fanoutScenario(system, { ...sizes, fanout: sizes.fanout.slice(0, 1) }, log);
    if (!result.fanout) throw new Error('the fan-out scenario gave no result for its one size');
  }
  if (runs('private')) result.private = await privateScenario(system, sizes, log);
  if (runs('saturation')) {
    const saturation = await saturationScenario(system, sizes, log);
    result.saturation = saturation;
    const passed = saturation.steps.filter((s) => s.sustained);
    const half = saturation.sustainedPerSec / 2;
    const nearest = passed.sort(
      (a, b) => Math.abs(a.phase.deliveriesPerSec - half) - Math.abs(b.phase.deliveriesPerSec - half),
    )[0];
    result.halfSaturation = nearest && {
      deliveriesPerSec: nearest.phase.deliveriesPerSec,
      crossP99Ms: nearest.phase.crossServer.p99Ms,
      sameP99Ms: nearest.phase.sameServer.p99Ms,
    };
  }
  return result;
}
