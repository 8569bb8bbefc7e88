import type { AuthMechanism, AuthResult } from './mechanism';
import type { Connection } from '../../model/types';
import type { AuthEnv } from './mechanism';

/**
 * EXTERNAL (RFC 4422 appendix A, as IRCv3 SASL uses it): the client proves who it is with the TLS
 * certificate it presented, and the account is the one whose `certFingerprints` lists that
 * certificate's SHA-256 fingerprint. The server sends the empty challenge; the client answers `+`
 * (no authorization identity) or the base64 of the account name it means. No password is
 * involved, so nothing is hashed: the verdict is immediate.
 */
export const externalMechanism: AuthMechanism = {
  name: 'EXTERNAL',
  sasl: 'EXTERNAL',
  start: () => ({ type: 'continue', data: '+' }),
  step: (conn, data, env) => verify(conn, data, env),
};

function verify(conn: Connection, data: string, env: AuthEnv): AuthResult {
  const authzid = Buffer.from(data, 'base64').toString('utf8');
  if (conn.certfp === undefined) return { type: 'failure', ...(authzid === '' ? {} : { name: authzid }) };
  const fingerprint = conn.certfp;
  const account = env.accounts.find((a) => a.certFingerprints.includes(fingerprint));
  if (!account) return { type: 'failure', ...(authzid === '' ? {} : { name: authzid }) };
  // Acting as another account is not supported: the authzid must be empty or the account's name.
  if (authzid !== '' && authzid.toLowerCase() !== account.name.toLowerCase()) return { type: 'failure', name: authzid };
  return { type: 'success', account: account.name, level: account.level };
}
