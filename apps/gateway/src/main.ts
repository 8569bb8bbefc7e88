// The gateway process. Usage: gateway --config <host.yaml> [--log-level <level>] [--gateway-id <id>]
import { join } from 'node:path';
import { runService } from '@portalchat/service';
import { buildGateway } from './app';

runService({
  name: 'gateway',
  extraOptions: ['gateway-id'],
  // --gateway-id goes through the schema like the file's value, so it is validated the same way.
  overrides: (extra) => ({ gateway: { id: extra['gateway-id'] } }),
  instance: (config) => ({ id: config.gateway.id, bindings: { gatewayId: config.gateway.id } }),
  build: ({ config, logger, nc, metrics }) => {
    // The web client's and the map's builds sit beside this bundle's: dist/apps/gateway/main.js,
    // dist/apps/web/ and dist/apps/map/.
    const webClientDir = join(__dirname, '..', 'web');
    const mapAssetsDir = join(__dirname, '..', 'map');
    // SIGHUP, and the host's reload over NATS, re-read the file (runService): the gateway then takes
    // the new operators and TLS certificate (Gateway.reconfigure); SIGHUP also reopens the log file.
    return buildGateway({ config, gatewayId: config.gateway.id, logger, nc, metrics, webClientDir, mapAssetsDir });
  },
});
