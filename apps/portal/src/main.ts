// The portal process: wires config, logging, NATS, the health server and signals around
// buildPortal(). Usage: portal --config <host.yaml> [--log-level <level>]
import { ConfigError, loadHostConfig } from '@portalchat/config';
import {
  buildHealthServer,
  connectNats,
  createLogger,
  createMetrics,
  listenHealthServer,
  natsRttGauge,
  onShutdown,
  serviceArgs,
  ServiceArgsError,
} from '@portalchat/service';
import { buildPortal } from './app';

async function main(): Promise<void> {
  const args = serviceArgs(process.argv.slice(2));
  const config = loadHostConfig(args.configPath);
  const logger = createLogger('portal', { level: args.logLevel, serverId: config.server.id });

  const nc = await connectNats({ url: config.nats.url, name: `portal-${config.server.id}`, logger });
  const metrics = createMetrics('portal');
  natsRttGauge(metrics.registry, nc);

  const portal = buildPortal({ config, logger, nc, metrics });
  const health = buildHealthServer({ service: 'portal', readiness: portal.readiness, registry: metrics.registry, logger });

  onShutdown(logger, async () => {
    await health.close();
    await portal.stop();
    await nc.drain();
  });

  await portal.start();
  const healthAddress = await listenHealthServer(health, config.listen.health.portal);
  logger.info({ health: healthAddress }, 'portal ready to serve');
}

main().catch((err: unknown) => {
  // Usage and configuration mistakes are the operator's: print them plainly, no stack.
  if (err instanceof ServiceArgsError || err instanceof ConfigError) {
    process.stderr.write(`portal: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`portal: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
