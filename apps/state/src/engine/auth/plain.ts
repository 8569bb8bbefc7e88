import type { AuthEnv, AuthMechanism, AuthResult } from './mechanism';

/**
 * PLAIN (RFC 4616, as IRCv3 SASL uses it): the data is base64 of `authzid NUL authcid NUL
 * password`, checked against the host file's accounts and the registered ones. The client may send it with `I` or, after
 * an empty `I`, in answer to the server's empty challenge (`AUTH PLAIN S :+`, as AUTHENTICATE does).
 */
export const plainMechanism: AuthMechanism = {
  name: 'PLAIN',
  sasl: 'PLAIN',
  start: (_conn, data, env) => (data === '' || data === '+' ? { type: 'continue', data: '+' } : verify(data, env)),
  step: (_conn, data, env) => verify(data, env),
};

/** RFC 4616 §2: "The authorization identity … If it is empty, the authorization identity is derived from the authentication identity". */
function verify(data: string, env: AuthEnv): AuthResult {
  const parts = Buffer.from(data, 'base64').toString('utf8').split('\0');
  if (parts.length !== 3) return { type: 'failure' };
  const [authzid, authcid, password] = parts as [string, string, string];
  // Acting as another account is not supported: the authzid must be empty or the same name.
  if (authzid !== '' && authzid.toLowerCase() !== authcid.toLowerCase()) return { type: 'failure', name: authcid };
  const account = env.find(authcid);
  if (!account) return { type: 'failure', name: authcid };
  // The hash is computed off the event loop (session.ts, guard.ts), never here.
  return { type: 'verify', account: account.name, level: account.level, passwordHash: account.passwordHash, password };
}
