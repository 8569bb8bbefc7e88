import { eventually, metricSample } from '@portalchat/testkit';
import type { TestHost } from './test-host';

/** One of the gateway's own series (`portalchat_<name>`) from its /metrics text. */
export async function gatewayMetric(host: TestHost, name: string): Promise<number> {
  const text = await (await fetch(`${host.health.gateway}/metrics`)).text();
  const value = metricSample(text, `portalchat_${name}`);
  if (value === undefined) throw new Error(`metric ${name} not found in the gateway's /metrics`);
  return value;
}

/**
 * Waits until the gateway's open-connection gauge reads `count` (default 0): the gateway frees
 * a connection slot only once it has seen the socket close, a moment after the client closed it.
 * Tests of connection limits start from a known count this way instead of sleeping.
 */
export async function waitForConnectionCount(host: TestHost, count = 0, timeoutMs = 5000): Promise<void> {
  let current: number | undefined;
  await eventually(
    `gateway_connections to read ${count}`,
    async () => (current = await gatewayMetric(host, 'gateway_connections')) === count,
    {
      timeoutMs,
      intervalMs: 25,
      detail: () => `it read ${current}`,
    },
  );
}
