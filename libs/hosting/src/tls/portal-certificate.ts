import { dirname, join } from 'node:path';
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

/**
 * With `nats.tls.cert: generated`, nats-server's certificate (`<dataDir>/tls/nats.crt`), naming
 * the host of nats.url (and localhost), from the same CA as the portal's (`portal.tls.caDir`); the files the host
 * file names otherwise; undefined without nats.tls.
 */
export function ensureNatsCertificate(config: HostConfig): { cert: string; key: string } | undefined {
  const tls = config.nats.tls;
  if (tls === undefined) return undefined;
  if (tls.cert !== GENERATED) {
    if (tls.key === undefined) throw new Error('nats.tls.key is missing');
    return { cert: tls.cert, key: tls.key };
  }
  return ensureLeaf({
    caDir: config.portal.tls.caDir,
    dir: join(config.dataDir, 'tls'),
    stem: 'nats',
    commonName: `${config.server.name} NATS`,
    // nats.js sends no server name for an IP address, and Node then checks the certificate
    // against "localhost": the certificate names that too, beside the nats.url host.
    names: [...new Set([new URL(config.nats.url).hostname.replace(/^\[|\]$/g, ''), 'localhost'])],
  });
}

/**
 * With `tls.cert: generated`, the client-facing (IRC over TLS) certificate in `<dataDir>/tls/irc.crt`,
 * naming the host's IRC (and wss://) listen addresses and its server name, from the same network CA as the
 * portal's; undefined when the host file names files of its own or has no client TLS.
 */
export function ensureIrcCertificate(config: HostConfig): GeneratedLeaf | undefined {
  const tls = config.tls;
  if (tls?.generated !== true) return undefined;
  const wss = config.listen.websocket.filter((l) => l.tls);
  const addresses = [...config.listen.ircTls, ...config.listen.irc, ...wss].map((l) => l.host);
  return ensureLeaf({
    caDir: config.portal.tls.caDir,
    dir: dirname(tls.cert),
    stem: 'irc',
    commonName: config.server.name,
    names: [...new Set([...addresses.filter((h) => h !== '0.0.0.0' && h !== '::'), config.server.name])],
  });
}
