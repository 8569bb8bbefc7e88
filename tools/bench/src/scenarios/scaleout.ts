import type { Sizes } from '../options';
import { startPortalchat } from '../systems/portalchat';
import type { RunningSystem } from '../systems/types';
import type { Log } from './measure';
import { fanoutScenario, saturationScenario, type FanoutResult, type SaturationResult } from './single-host';

/** The gateway counts the scale-out scenario compares, one host each. */
export const SCALEOUT_GATEWAYS = [1, 2] as const;

/** One host with `gateways` gateways: the 100×50 fan-out and the saturation ladder. */
export interface ScaleoutRun {
  gateways: number;
  fanout: FanoutResult;
  saturation: SaturationResult;
}

export interface ScaleoutResult {
  runs: ScaleoutRun[];
}

/**
 * scale-out (Portalchat only): the same clients on one host with one gateway, then on a fresh
 * host with two gateways (the second started with `--gateway-id gw2`, as an operator adds one),
 * clients round-robin over the gateways, so every channel has members behind both. The first
 * fan-out layout and the saturation ladder run on each: what a second gateway buys on this
 * machine's cores, in deliveries/s, p99 and CPU per delivery.
 */
export async function scaleoutScenario(
  workDirOf: (gateways: number) => string,
  sizes: Sizes,
  log: Log,
): Promise<ScaleoutResult> {
  const runs: ScaleoutRun[] = [];
  for (const gateways of SCALEOUT_GATEWAYS) {
    log(`[scaleout] portalchat: one host, ${gateways} gateway(s)`);
    let system: RunningSystem | undefined;
    try {
      system = await startPortalchat({ servers: 1, workDir: workDirOf(gateways) }, { history: true, gateways });
      const [fanout] = await fanoutScenario(system, { ...sizes, fanout: sizes.fanout.slice(0, 1) }, log);
      if (!fanout) throw new Error('the fan-out scenario gave no result for its one size');
      const saturation = await saturationScenario(system, sizes, log);
      runs.push({ gateways, fanout, saturation });
    } finally {
      await system?.stop().catch(() => undefined);
    }
  }
  return { runs };
}
