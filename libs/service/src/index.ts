// The public surface of @portalchat/service: plumbing every Portalchat service shares.
export {
  createLogger,
  isLogLevel,
  LOG_LEVELS,
  openLogFile,
  type LogFile,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger';
export {
  connectNats,
  isNatsConnected,
  maxPayload,
  onNatsReconnect,
  type ConnectNatsOptions,
  type NatsConnection,
} from './nats';
export { TickBatcher } from './tick-batcher';
export { StreamToState, type StreamToStateOptions } from './stream-to-state';
export { StateInfoPoller, type StateInfoPollerOptions } from './state-info-poller';
export { createMetrics, natsRttGauge, METRIC_PREFIX, type ServiceMetrics } from './metrics';
export { LATENCY_BUCKETS, type LightHistogram } from './histogram';
export { buildHealthServer, listenHealthServer, type HealthServerOptions, type Readiness } from './health-server';
export { serviceArgs, ServiceArgsError, type ServiceArgs, type ServiceArgsOptions } from './service-args';
export { STANDBY_FIELD, STANDBY_GO, standingByLine, waitForGo } from './standby';
export { onShutdown, type ShutdownProcess } from './shutdown';
export {
  runService,
  type ServiceDefinition,
  type ServiceDeps,
  type ServiceParts,
  type ServiceName,
} from './run-service';
export { serveRequests, serveRequestsAsync, subscribeEnvelopes } from './envelope-subscription';
export { ConfigReloader } from './config-reload';
export { publishEncoded, publishEnvelope, publishNumbered, requestEnvelope } from './envelope-publish';
