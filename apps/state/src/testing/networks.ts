import type { ConfigOverrides } from './harness';
import { TestNetwork } from './test-network';

/** Ready-made test networks for the network specs. */

export const A = 10;
export const B = 11;
export const C = 12;

/** a.test (10) — b.test (11), linked. */
export function twoServers(overrides: Record<number, ConfigOverrides> = {}): TestNetwork {
  const net = new TestNetwork([
    { id: A, name: 'a.test', description: 'Server A', overrides: overrides[A] },
    { id: B, name: 'b.test', description: 'Server B', overrides: overrides[B] },
  ]);
  net.link(A, B);
  return net;
}

/** The reference shape: a.test and b.test each linked to the hub c.test (12). */
export function threeServerStar(overrides: Record<number, ConfigOverrides> = {}): TestNetwork {
  const net = new TestNetwork([
    { id: A, name: 'a.test', description: 'Server A', overrides: overrides[A] },
    { id: B, name: 'b.test', description: 'Server B', overrides: overrides[B] },
    { id: C, name: 'c.test', description: 'Hub C', overrides: overrides[C] },
  ]);
  net.link(A, C);
  net.link(B, C);
  return net;
}
