// The gateway process: wires config, logging, NATS, the health server and signals around
// buildGateway(). Usage: gateway --config <host.yaml> [--log-level <level>] [--gateway-id <id>]
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
import { buildGateway } from './app';

async function main(): Promise<void> {
  const args = serviceArgs(process.argv.slice(2), ['gateway-id']);
  // --gateway-id goes through the schema like the file's value, so it is validated the same way.
  const config = loadHostConfig(args.configPath, { gateway: { id: args.extra['gateway-id'] } });
  const gatewayId = config.gateway.id;
  const logger = createLogger('gateway', { level: args.logLevel, serverId: config.server.id }).child({ gatewayId });

  const nc = await connectNats({ url: config.nats.url, name: `gateway-${config.server.id}-${gatewayId}`, logger });
  const metrics = createMetrics('gateway');
  natsRttGauge(metrics.registry, nc);

  const gateway = buildGateway({ config, gatewayId, logger, nc, metrics });
  const health = buildHealthServer({ service: 'gateway', readiness: gateway.readiness, registry: metrics.registry, logger });

  onShutdown(logger, async () => {
    await health.close();
    await gateway.stop();
    await nc.drain();
  });

  await gateway.start();
  const healthAddress = await listenHealthServer(health, config.listen.health.gateway);
  logger.info({ health: healthAddress }, 'gateway ready to serve');
}

main().catch((err: unknown) => {
  // Usage and configuration mistakes are the operator's: print them plainly, no stack.
  if (err instanceof ServiceArgsError || err instanceof ConfigError) {
    process.stderr.write(`gateway: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`gateway: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
