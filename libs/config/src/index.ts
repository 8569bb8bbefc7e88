export type {
  AccessLevelName,
  CloakingConfig,
  HistoryConfig,
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
  ClientTlsConfig,
  WebSocketListener,
} from './types';
export type { HostConfigOverrides, LoadOptions } from './load';
export { GENERATED } from './types';
export { generatedCaFile, natsCaFile, portalCaFile } from './ca-files';
export { loadHostConfig, parseHostConfig } from './load';
export { ConfigError } from './errors';
export { fixedFieldChanges } from './reload-check';
export { canonicalOrigin } from './websocket-origins';
export { hashPassword, verifyPassword, verifyPasswordAsync, SCRYPT_PARAMS } from './passwords';
export {
  deriveScramKeys,
  deriveScramKeysSync,
  formatScramHash,
  hmacSha256,
  parseScramHash,
  sha256,
  SCRAM_ITERATIONS,
  type ScramCredentials,
  type ScramKeys,
} from './scram';
export { describeNetwork } from './network';
export { certFingerprint, normalizeFingerprint, readTlsFiles, type TlsFiles } from './tls-files';
export { DEFAULTS, UNTHROTTLED_CONNECTS } from './defaults';
export { testHostConfig, withOverrides, type TestConfigOverrides } from './test-config';
export {
  ensureNatsCredentials,
  natsCredentialsPath,
  natsLoginFor,
  readNatsCredentials,
  NatsCredentialsError,
  type NatsCredentials,
} from './nats-credentials';
export { cloakKeyPath, ensureCloakKey, withCloakKey, CloakKeyError } from './cloak-key';
