import { join } from 'node:path';
import { GENERATED, type HostConfig } from '@portalchat/config';
import { ensureLeaf, type GeneratedLeaf } from './generated-certs';

/**
 * With `portal.tls.cert: generated`, the portal's certificate (`<dataDir>/tls/portal.crt`), issued
 * by the CA in `portal.tls.caDir` unless a fitting one is already there; undefined when the host
 * file names certificate files of its own. The host calls this before it starts the services (whose
 * config then names the CA file), and the portal again at its start (a portal run on its own).
 */
export function ensurePortalCertificate(config: HostConfig): GeneratedLeaf | undefined {
  const tls = config.portal.tls;
  if (tls.cert !== GENERATED) return undefined;
  return ensureLeaf({
    caDir: tls.caDir,
    dir: join(config.dataDir, 'tls'),
    stem: 'portal',
    commonName: config.server.name,
    names: tls.names,
  });
}
