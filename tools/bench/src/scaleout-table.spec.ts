import { formatTable } from './report';
import { scaleoutTable } from './scaleout-table';
import type { PhaseResult } from './scenarios/measure';
import type { ScaleoutRun } from './scenarios/scaleout';

const latency = (p99Ms: number) => ({ p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms, samples: 1 });

function phase(deliveriesPerSec: number, p99Ms: number, gatewayCpuS: number, delivered = 49_000): PhaseResult {
  return {
    offeredPerSec: deliveriesPerSec,
    sent: 1000,
    expected: delivered,
    delivered,
    loss: 0,
    deliveriesPerSec,
    latency: latency(p99Ms),
    sameServer: latency(p99Ms),
    crossServer: latency(0),
    serverCpuS: gatewayCpuS + 1,
    serverCpuByRole: { gateway: gatewayCpuS, state: 1 },
    cpuSPer1000: ((gatewayCpuS + 1) / delivered) * 1000,
    generatorCpuS: 1,
    generatorCpuPct: 10,
    generatorBehind: false,
  };
}

const run = (gateways: number, p99Ms: number, sustainedPerSec: number, gatewayCpuS: number): ScaleoutRun => ({
  gateways,
  fanout: { layout: '100×50 @ 10/s', phase: phase(49_000, p99Ms, gatewayCpuS) },
  saturation: {
    layout: '100×50',
    steps: [
      {
        ratePerChannel: 10,
        phase: phase(sustainedPerSec, p99Ms, gatewayCpuS),
        sustained: true,
        repeats: [{ deliveriesPerSec: sustainedPerSec, p99Ms, loss: 0 }],
      },
    ],
    sustainedPerSec,
    peakNoLossPerSec: sustainedPerSec * 2,
    stoppedBecause: 'loss at 130/s per channel',
  },
});

describe('scaleoutTable', () => {
  it('puts 1 and 2 gateways side by side with their ratio', () => {
    const table = scaleoutTable({ runs: [run(1, 10, 100_000, 4.9), run(2, 5, 150_000, 9.8)] });
    expect(table.columns).toEqual(['1 gateway', '2 gateways', '2 ÷ 1']);
    const text = formatTable(table, ['portalchat']);
    expect(text).toContain('| 100×50 p99 ms ↓ | 10 | 5 | 0.5 |');
    expect(text).toContain('| highest sustained deliveries/s (p99 ≤ 100 ms, no loss) ↑ | 100,000 | 150,000 | 1.5 |');
    // gateway CPU per 1,000 deliveries: 4.9 s and 9.8 s over 49,000 deliveries.
    expect(text).toContain('| 100×50 gateway CPU s / 1,000 deliveries ↓ | 0.1 | 0.2 | 2 |');
    expect(text).toContain('- 2 gateways: saturation stopped: loss at 130/s per channel');
  });

  it('leaves the ratio out when a run is missing', () => {
    const text = formatTable(scaleoutTable({ runs: [run(1, 10, 100_000, 4.9)] }), ['portalchat']);
    expect(text).toContain('| 100×50 p99 ms ↓ | 10 | – | – |');
    expect(scaleoutTable(undefined).rows.every((r) => Object.keys(r.values).length === 0)).toBe(true);
  });
});
