import { cpuByRole } from './cpu-split';

describe('cpuByRole', () => {
  const processes = [
    { pid: 1, role: 'gateway' },
    { pid: 2, role: 'state' },
    { pid: 3, role: 'gateway' },
    { pid: 4, role: 'nats' },
  ];

  it('sums the CPU used between the readings per role, across servers', () => {
    const before = new Map([
      [1, 1.0],
      [2, 0.5],
      [3, 2.0],
      [4, 0.1],
    ]);
    const after = new Map([
      [1, 1.5],
      [2, 0.75],
      [3, 2.25],
      [4, 0.2],
    ]);
    const split = cpuByRole(processes, before, after);
    expect(split.gateway).toBeCloseTo(0.75);
    expect(split.state).toBeCloseTo(0.25);
    expect(split.nats).toBeCloseTo(0.1);
  });

  it('never reports negative CPU for a process that went away during the phase', () => {
    const split = cpuByRole([{ pid: 9, role: 'state' }], new Map([[9, 3]]), new Map());
    expect(split.state).toBe(0);
  });
});
