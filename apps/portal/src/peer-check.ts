import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Whether a peer's transport is what its portal entry asks for: TLS unless the entry says
 * `insecure: true`, and a certificate that is the pinned one (`fingerprint`) and/or issued by a
 * trusted CA for the entry's address. Pure: the certificates come in parsed, `now` from the caller.
 */

/** How a link's connection came in (acceptor) or went out (dialer). */
export type PeerTransport =
  | { tls: false }
  /** The peer's certificate chain as it sent it, leaf first (empty: it sent none). */
  | { tls: true; chain: readonly X509Certificate[] };

/** What one portal entry checks its peer's transport against (built once at start, portal-tls.ts). */
export interface PeerCheck {
  /** The entry's name and address (the certificate must name the address when a CA vouches). */
  name: string;
  address: string;
  insecure: boolean;
  /** `AB:CD:…`, upper case. */
  fingerprint?: string;
  /** The CA certificates of the entry's ca, or of portal.tls.ca; with where they were read from. */
  cas?: { file: string; certificates: readonly X509Certificate[] };
}

/** How many certificates a chain may have between the leaf and a trusted CA. */
const MAX_INTERMEDIATES = 4;

export const PLAINTEXT_REFUSED = 'the peer connected without TLS, but this portal requires TLS for it';

/** Why the transport is refused, or undefined when it is acceptable. */
export function peerTransportProblem(check: PeerCheck, transport: PeerTransport, now: number): string | undefined {
  if (!transport.tls) return check.insecure ? undefined : `${PLAINTEXT_REFUSED} (its entry has no insecure: true)`;
  const verifies = check.fingerprint !== undefined || check.cas !== undefined;
  if (!verifies) return undefined; // insecure: true and nothing to check the certificate against
  const [leaf] = transport.chain;
  if (leaf === undefined) return 'the peer sent no certificate';
  const described = `certificate ${leaf.fingerprint256}`;
  if (check.fingerprint !== undefined && leaf.fingerprint256 !== check.fingerprint)
    return `${described} is not the one pinned for ${check.name} (${check.fingerprint})`;
  if (check.cas !== undefined) {
    const problem = chainProblem(transport.chain, check.cas.certificates, now);
    if (problem) return `${described} ${problem} (CA file ${check.cas.file})`;
    if (!names(leaf, check.address)) return `${described} does not name ${check.address} (it names ${altNames(leaf)})`;
  }
  return undefined;
}

function names(cert: X509Certificate, address: string): boolean {
  return isIP(address) !== 0 ? cert.checkIP(address) !== undefined : cert.checkHost(address) !== undefined;
}

function altNames(cert: X509Certificate): string {
  return cert.subjectAltName ?? 'no subjectAltName';
}

function current(cert: X509Certificate, now: number): boolean {
  return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return issuer.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/**
 * Why `chain` (leaf first, then what the peer sent with it) does not lead to one of `anchors`,
 * or undefined when it does: each step signed by the next, every certificate within its dates.
 * Any certificate in the CA file is a trust anchor, an intermediate as well as a root.
 */
export function chainProblem(
  chain: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  now: number,
): string | undefined {
  let cert = chain[0];
  for (let step = 0; cert !== undefined && step <= MAX_INTERMEDIATES; step++) {
    if (!current(cert, now)) return `is outside its validity (${cert.validFrom} to ${cert.validTo})`;
    const from = cert;
    const anchor = anchors.find((a) => issuedBy(from, a));
    if (anchor) return current(anchor, now) ? undefined : 'is issued by a CA certificate that has expired';
    cert = chain.slice(1).find((c) => c !== from && issuedBy(from, c));
  }
  return 'is not issued by a trusted CA';
}
