import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/**
 * Issuing the throwaway certificates of a network that has no PKI of its own: a network CA and
 * leaf certificates it signs. Node's crypto makes the keys (native, fast) and reads and checks
 * certificates (X509Certificate), but it cannot write one; node-forge fills that gap. It is chosen
 * over @peculiar/x509 (a dozen @peculiar/asn1-* packages, tsyringe and a reflect-metadata
 * polyfill) and the openssl CLI (one more binary every host would need, driven through temporary
 * files): a single, dependency-free, long-established package. Only its certificate builder and
 * signer are used, pinned exactly in package.json.
 */

/** A PEM certificate and the PEM (PKCS#8) private key that goes with it. */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA outlives any leaf it signs; a throwaway network rarely lives this long. */
export const CA_VALID_DAYS = 3650;
/** Leaves are reissued (a new fingerprint) a month before they end (generated-certs.ts). */
export const LEAF_VALID_DAYS = 825;
/** Backdated a little, so a peer whose clock is slightly behind still accepts a fresh certificate. */
const BACKDATE_MS = 60 * 60 * 1000;

function newKeyPair(): { forgePublic: forge.pki.PublicKey; forgePrivate: forge.pki.rsa.PrivateKey; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    forgePublic: forge.pki.publicKeyFromPem(publicKey),
    forgePrivate: forge.pki.privateKeyFromPem(privateKey),
    keyPem: privateKey,
  };
}

/** A random positive serial number of 16 bytes (RFC 5280 allows up to 20). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: number, days: number): void {
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
}

/** A self-signed CA that may sign leaves only (pathLen 0). */
export function createCa(commonName: string, now = Date.now()): CertificateAndKey {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serialNumber();
  validity(cert, now, CA_VALID_DAYS);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.forgePrivate, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.keyPem };
}

/**
 * A leaf signed by `ca`, for `names` (IP addresses and DNS names, each a subjectAltName), usable
 * both to serve TLS and as a client certificate: a portal is both, as it accepts and dials links.
 */
export function issueLeaf(
  ca: CertificateAndKey,
  commonName: string,
  names: readonly string[],
  now = Date.now(),
): CertificateAndKey {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serialNumber();
  validity(cert, now, LEAF_VALID_DAYS);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((name) => (isIP(name) !== 0 ? { type: 7, ip: name } : { type: 2, value: name })),
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.keyPem };
}

/**
 * The SHA-256 fingerprint of a certificate as `AB:CD:…` (64 hex digits in pairs), the form
 * `openssl x509 -fingerprint -sha256` prints and portals[].fingerprint takes.
 */
export function certificateFingerprint(pem: string | Buffer): string {
  return new X509Certificate(pem).fingerprint256;
}
