// The public surface of @portalchat/hosting: starting nats-server and the services of a host.
export { isPortOpen, freePort, waitForPort } from './ports';
export {
  findNatsServer,
  natsServerArgs,
  natsServerEnv,
  startNatsServer,
  NatsServerNotFoundError,
  NatsServerStartError,
  NATS_INSTALL_HINT,
  type NatsServerOptions,
  type RunningNatsServer,
} from './nats-server';
export { busRoles, natsAuthorization, natsTlsBlock, prepareNatsAuth } from './nats-auth';
export { startService, type ServiceOptions, type RunningService, type ServiceExit } from './service';
export { waitReady, healthBaseUrl, httpStatus, NotReadyError } from './readiness';
export { OutputMode } from './log-format';
export { effectiveConfigYaml, writeEffectiveConfig } from './effective-config';
export { HOST_SERVICES, SERVICE_NODE_ARGS, type HostServiceSpec } from './host-services';
export { startHost, HostStartError, NATS_PROCESS, type HostOptions, type RunningHost } from './host';
export {
  RestartPolicy,
  DEFAULT_RESTART_POLICY,
  type RestartPolicyOptions,
  type RestartDecision,
} from './restart-policy';
export {
  Supervisor,
  describeExit,
  type HostLog,
  type HostLogLevel,
  type SupervisedProcess,
  type SupervisorStatus,
  type Launched,
} from './supervisor';
export { WarmSpare, type SpareStatus, type WarmSpareOptions } from './warm-spare';
export {
  createCa,
  issueLeaf,
  certificateFingerprint,
  CA_VALID_DAYS,
  LEAF_VALID_DAYS,
  type CertificateAndKey,
} from './tls/pki';
export {
  ensureCa,
  ensureLeaf,
  leafProblem,
  type CertificateFiles,
  type GeneratedLeaf,
  type LeafRequest,
} from './tls/generated-certs';
export { ensureIrcCertificate, ensureNatsCertificate, ensurePortalCertificate } from './tls/portal-certificate';
