import { join } from 'node:path';
import { GENERATED, type HostConfig } from './types';

/** The generated CA's certificate file (what hosts sharing portal.tls.caDir trust). */
export function generatedCaFile(config: Pick<HostConfig, 'portal'>): string {
  return join(config.portal.tls.caDir, 'ca.crt');
}

/**
 * The CA file portal peers are checked against when their entry names no fingerprint or ca:
 * portal.tls.ca, else with a generated certificate the generated CA's; undefined if neither.
 */
export function portalCaFile(config: Pick<HostConfig, 'portal'>): string | undefined {
  const tls = config.portal.tls;
  return tls.ca ?? (tls.cert === GENERATED ? generatedCaFile(config) : undefined);
}

/** The CA file services check the host NATS's certificate against; undefined without nats.tls. */
export function natsCaFile(config: Pick<HostConfig, 'portal' | 'nats'>): string | undefined {
  const tls = config.nats.tls;
  if (tls === undefined) return undefined;
  return tls.ca ?? generatedCaFile(config);
}
