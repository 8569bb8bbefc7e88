import type { TestHost } from './test-host';

/** One of the gateway's own series (`portalchat_<name>{service="gateway"}`) from its /metrics text. */
export async function gatewayMetric(host: TestHost, name: string): Promise<number> {
  const response = await fetch(`${host.health.gateway}/metrics`);
  const text = await response.text();
  const match = new RegExp(`^portalchat_${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`metric ${name} not found in the gateway's /metrics`);
  return Number(match[1]);
}

/**
 * Polls the gateway's open-connection gauge until it reads `count` (default 0): the gateway frees
 * a connection slot only once it has seen the socket close, a moment after the client closed it.
 * Tests of connection limits start from a known count this way instead of sleeping.
 */
export async function waitForConnectionCount(host: TestHost, count = 0, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let current = await gatewayMetric(host, 'gateway_connections');
  while (current !== count) {
    if (Date.now() >= deadline) throw new Error(`gateway_connections stayed at ${current}, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    current = await gatewayMetric(host, 'gateway_connections');
  }
}
