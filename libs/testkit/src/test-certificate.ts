import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A self-signed certificate made for a test, with its key, as files and as PEM text. */
export interface TestCertificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** SHA-256 of the certificate, lower-case hex without colons (as WHOIS 276 shows it). */
  fingerprint: string;
}

/**
 * Writes `<dir>/<name>.crt` and `<dir>/<name>.key`: a self-signed P-256 certificate valid for a
 * day, made by the openssl CLI (present wherever the tests run: the Dockerfile's image and CI).
 */
export function makeTestCertificate(dir: string, name: string): TestCertificate {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(certPath, 'utf8');
  const fingerprint = createHash('sha256').update(new X509Certificate(cert).raw).digest('hex');
  return { certPath, keyPath, cert, key: readFileSync(keyPath, 'utf8'), fingerprint };
}
