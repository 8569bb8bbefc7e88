// The gateway process. Usage: gateway --config <host.yaml> [--log-level <level>] [--gateway-id <id>]
import { runService } from '@portalchat/service';
import { buildGateway } from './app';

runService({
  name: 'gateway',
  extraOptions: ['gateway-id'],
  // --gateway-id goes through the schema like the file's value, so it is validated the same way.
  overrides: (extra) => ({ gateway: { id: extra['gateway-id'] } }),
  instance: (config) => ({ id: config.gateway.id, bindings: { gatewayId: config.gateway.id } }),
  build: ({ config, logger, nc, metrics }) => {
    // SIGHUP, and the host's reload over NATS, re-read the file (runService): the gateway then takes
    // the new operators and TLS certificate (Gateway.reconfigure); SIGHUP also reopens the log file.
    return buildGateway({ config, gatewayId: config.gateway.id, logger, nc, metrics });
  },
});
