import { ConfigError, loadHostConfig } from '@portalchat/config';
import { connectNats, createLogger, listenHealthServer, onShutdown, serviceArgs, ServiceArgsError } from '@portalchat/service';
import { buildState } from './app';

async function main(): Promise<void> {
  const args = serviceArgs(process.argv.slice(2));
  const config = loadHostConfig(args.configPath);
  const logger = createLogger('state', { level: args.logLevel, serverId: config.server.id });
  const nc = await connectNats({ url: config.nats.url, name: `state-${config.server.id}`, logger });
  const service = buildState({ config, nc, logger });
  service.start();
  const address = await listenHealthServer(service.health, config.listen.health.state);
  logger.info({ server: config.server.name, health: address }, 'state ready');
  onShutdown(logger, async () => {
    await service.stop();
    await nc.drain();
  });
}

main().catch((err: unknown) => {
  // Bad configuration and bad flags are the operator's to fix: print them plainly, no stack.
  if (err instanceof ConfigError || err instanceof ServiceArgsError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
