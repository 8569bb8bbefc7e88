import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { NatsConnection } from '@nats-io/transport-node';
import { readBuildInfo, type BuildInfo } from './build-info';
import { lightHistogram, type LightHistogram } from './histogram';

/** Every Portalchat metric starts with this, so one scrape config catches them all. */
export const METRIC_PREFIX = 'portalchat_';

export interface ServiceMetrics {
  registry: Registry;
  /** A counter named `portalchat_<name>`. */
  counter<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  /** A gauge named `portalchat_<name>`. */
  gauge<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  /** A histogram named `portalchat_<name>`, without labels, cheap enough for a hot path. */
  histogram(name: string, help: string, buckets?: readonly number[]): LightHistogram;
}

/** Read once per process: the files do not change under a running build. */
let buildInfo: BuildInfo | undefined;

/**
 * `portalchat_build_info{version, commit, node_version} 1`, the usual info gauge: join it on
 * `service` and `instance` to see which build each process runs (a rolling upgrade shows both).
 */
function registerBuildInfo(registry: Registry): void {
  const info = (buildInfo ??= readBuildInfo(__dirname));
  new Gauge({
    name: `${METRIC_PREFIX}build_info`,
    help: 'The build this process runs (always 1): package version, git commit ("unknown" outside a checkout), Node version',
    labelNames: ['version', 'commit', 'node_version'],
    registers: [registry],
  }).set({ version: info.version, commit: info.commit, node_version: info.node }, 1);
}

/**
 * A registry for one service: Node's default process metrics (with the usual names, so stock
 * dashboards work), `portalchat_build_info`, plus helpers that prefix our own metrics. Every
 * series gets `service`.
 */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  registerBuildInfo(registry);
  return {
    registry,
    counter: (name, help, labelNames = []) =>
      new Counter({ name: METRIC_PREFIX + name, help, labelNames, registers: [registry] }),
    gauge: (name, help, labelNames = []) =>
      new Gauge({ name: METRIC_PREFIX + name, help, labelNames, registers: [registry] }),
    histogram: (name, help, buckets) => lightHistogram(registry, METRIC_PREFIX + name, help, buckets),
  };
}

/** How long a scrape waits for the NATS round trip before reporting it as unknown. */
const RTT_TIMEOUT_MS = 1000;

/**
 * `portalchat_nats_rtt_seconds`, measured when Prometheus scrapes (no timer of its own). While
 * NATS is down or slower than the timeout the gauge reads NaN rather than a stale value.
 */
export function natsRttGauge(registry: Registry, nc: NatsConnection): Gauge {
  return new Gauge({
    name: `${METRIC_PREFIX}nats_rtt_seconds`,
    help: 'Round-trip time to the NATS server, measured at scrape time',
    registers: [registry],
    async collect() {
      try {
        const ms = await withTimeout(nc.rtt(), RTT_TIMEOUT_MS);
        this.set(ms / 1000);
      } catch {
        this.set(Number.NaN);
      }
    },
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
