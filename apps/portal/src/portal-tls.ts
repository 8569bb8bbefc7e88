import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { GENERATED, portalCaFile, type HostConfig, type PortalConfig } from '@portalchat/config';
import { ensurePortalCertificate } from '@portalchat/hosting';
import type { PeerCheck, PeerTransport } from './peer-check';

/** This portal's certificate and what each portal entry checks its peer against. */
export interface PortalTls {
  /** Our certificate (PEM chain) and key, for the listener. */
  cert: Buffer;
  key: Buffer;
  /** The same as a context, for dialing (our client certificate). */
  context: SecureContext;
  /** SHA-256 fingerprint of our certificate: what peers pin (logged at start, shown in /readyz). */
  fingerprint: string;
  /** Where the certificate came from, for the log: a file, or `generated` (and whether just now). */
  origin: string;
  checkFor(portal: PortalConfig): PeerCheck;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM file (X509Certificate reads only the first). */
export function readCertificates(file: string): X509Certificate[] {
  const text = readFileSync(file, 'utf8');
  const certificates = (text.match(PEM_CERTIFICATE) ?? []).map((pem) => new X509Certificate(pem));
  if (certificates.length === 0) throw new Error(`${file} holds no PEM certificate`);
  return certificates;
}

/**
 * Loads (with `cert: generated`, first issues, generated-certs.ts) this portal's certificate and
 * reads the CA files its entries name. Runs at start: a file that went missing since the config
 * was checked fails the start with the file's name.
 */
export function loadPortalTls(config: HostConfig): PortalTls {
  const tls = config.portal.tls;
  let files: { cert: string; key: string };
  let origin: string;
  const leaf = ensurePortalCertificate(config);
  if (leaf) {
    files = leaf;
    origin = `${GENERATED} (${leaf.issued ? 'issued now' : 'kept'}) by the CA in ${tls.caDir}`;
  } else {
    if (tls.key === undefined) throw new Error('portal.tls.key is missing');
    files = { cert: tls.cert, key: tls.key };
    origin = tls.cert;
  }
  const cert = readFileSync(files.cert);
  const key = readFileSync(files.key);
  const context = createSecureContext({ cert, key });
  const cas = new Map<string, X509Certificate[]>();
  const casOf = (file: string) => {
    const known = cas.get(file);
    if (known) return known;
    const read = readCertificates(file);
    cas.set(file, read);
    return read;
  };
  const hostCa = portalCaFile(config);
  const checks = new Map<string, PeerCheck>();
  for (const portal of config.portals) {
    // A pin alone is checked alone; otherwise the entry's CA, or the host's.
    const caFile = portal.ca ?? (portal.fingerprint === undefined && !portal.insecure ? hostCa : undefined);
    checks.set(portal.name, {
      name: portal.name,
      address: portal.address,
      insecure: portal.insecure,
      ...(portal.fingerprint === undefined ? {} : { fingerprint: portal.fingerprint }),
      ...(caFile === undefined ? {} : { cas: { file: caFile, certificates: casOf(caFile) } }),
    });
  }
  return {
    cert,
    key,
    context,
    fingerprint: new X509Certificate(cert).fingerprint256,
    origin,
    checkFor: (portal) =>
      checks.get(portal.name) ?? { name: portal.name, address: portal.address, insecure: portal.insecure },
  };
}

/** The chain a TLS peer sent, leaf first (getPeerCertificate(true) links each to its issuer). */
export function peerTransport(socket: TLSSocket): PeerTransport {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true);
  while (cert && cert.raw && chain.length < 8) {
    const fingerprint = cert.fingerprint256;
    if (seen.has(fingerprint)) break; // a self-signed root is its own issuer
    seen.add(fingerprint);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return { tls: true, chain };
}
