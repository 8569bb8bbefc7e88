import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A self-signed certificate for `--tls` runs (P-256, one day), made by the openssl CLI in the
 * run's scratch directory. Clients do not check it: the bench measures the cost of TLS, not trust.
 */
export function benchCertificate(workDir: string): { cert: string; key: string } {
  const cert = join(workDir, 'bench-tls.crt');
  const key = join(workDir, 'bench-tls.key');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=bench',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  return { cert, key };
}
