// The public surface of @portalchat/hosting: starting nats-server and the services of a host.
export { isPortOpen, freePort, waitForPort } from './ports';
export {
  findNatsServer,
  startNatsServer,
  NatsServerNotFoundError,
  NatsServerStartError,
  NATS_INSTALL_HINT,
  type NatsServerOptions,
  type RunningNatsServer,
} from './nats-server';
export { startService, type ServiceOptions, type RunningService, type ServiceExit } from './service';
export { waitReady, healthBaseUrl, httpStatus, NotReadyError } from './readiness';
export { OutputMode } from './log-format';
export { effectiveConfigYaml, writeEffectiveConfig } from './effective-config';
export { HOST_SERVICES, SERVICE_NODE_ARGS, type HostServiceSpec } from './host-services';
export { startHost, HostStartError, type HostOptions, type RunningHost } from './host';
