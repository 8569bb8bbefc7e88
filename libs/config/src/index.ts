export type {
  AccessLevelName,
  ConfiguredChannel,
  CreatorStatus,
  Endpoint,
  HostConfig,
  IrcxPolicy,
  LogLevel,
  NatsAuthMode,
  NatsTlsConfig,
  OperatorAccount,
  PortalConfig,
  PortalTlsConfig,
  UserAccount,
  AuthLimits,
} from './types';
export type { HostConfigOverrides } from './load';
export { GENERATED } from './types';
export { generatedCaFile, natsCaFile, portalCaFile } from './tls-files';
export { loadHostConfig, parseHostConfig } from './load';
export { ConfigError } from './errors';
export { hashPassword, verifyPassword, verifyPasswordAsync, SCRYPT_PARAMS } from './passwords';
export { describeNetwork } from './network';
export { DEFAULTS } from './defaults';
export { testHostConfig, withOverrides, type TestConfigOverrides } from './test-config';
export {
  ensureNatsCredentials,
  natsCredentialsPath,
  natsLoginFor,
  readNatsCredentials,
  NatsCredentialsError,
  type NatsCredentials,
} from './nats-credentials';
