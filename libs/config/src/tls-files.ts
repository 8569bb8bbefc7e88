import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeReadError } from './errors';

/**
 * The client TLS certificate and key of a host (`tls.cert`, `tls.key`), read and checked
 * together: `--check` and every service's config load report a file that is unreadable, not PEM,
 * or a key that does not belong to the certificate; the gateway reads them again on SIGHUP and
 * keeps its old certificate when the new pair fails the same checks. Messages name the file and
 * the reason, never the key's contents.
 */
export type TlsFiles =
  | { ok: true; cert: Buffer; key: Buffer; /** SHA-256 of the certificate, lower-case hex. */ fingerprint: string }
  | { ok: false; field: 'cert' | 'key'; reason: string };

export function readTlsFiles(certPath: string, keyPath: string): TlsFiles {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(certPath);
  } catch (err) {
    return { ok: false, field: 'cert', reason: `${certPath}: ${describeReadError(err)}` };
  }
  try {
    key = readFileSync(keyPath);
  } catch (err) {
    return { ok: false, field: 'key', reason: `${keyPath}: ${describeReadError(err)}` };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    return { ok: false, field: 'cert', reason: `${certPath}: not a PEM certificate` };
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    // OpenSSL's own message may quote a line of the file: a key's reason stays generic.
    return { ok: false, field: 'key', reason: `${keyPath}: not an unencrypted PEM private key` };
  }
  if (!x509.checkPrivateKey(privateKey)) {
    return { ok: false, field: 'key', reason: `${keyPath}: not the private key of the certificate ${certPath}` };
  }
  return { ok: true, cert, key, fingerprint: certFingerprint(x509.raw) };
}

/** A certificate's SHA-256 fingerprint as IRC servers show it (WHOIS 276): lower-case hex, no colons. */
export function certFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** `AB:CD:…` or `abcd…` (64 hex digits) → `abcd…`; undefined when it is not a SHA-256 fingerprint. */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text.replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
