import { hmacSha256, parseScramHash, sha256 } from '@portalchat/config';
import { timingSafeEqual } from 'node:crypto';
import type { Connection } from '../../model/types';
import type { AuthEnv, AuthMechanism, AuthResult } from './mechanism';

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677), as IRCv3 SASL uses it: client-first → server-first (the
 * account's salt and iterations, and a nonce), client-final (the proof) → server-final (the
 * server's signature), then the client's empty `+` ends it with 900/903. Only an account with
 * SCRAM credentials can use it (one made with REGISTER, or a host-file account whose hash is a
 * `scram-sha-256$…` one). The proof is checked here, inline: it costs two HMACs and a hash, the
 * PBKDF2 was the client's. The back-off is still applied before the proof is looked at, so
 * guessing over SCRAM is rationed like PLAIN. Channel binding (`p=`) is not offered.
 */

interface Exchange {
  phase: 'first' | 'final';
  account: string;
  gs2Header: string;
  clientFirstBare: string;
  serverFirst: string;
  nonce: string;
  storedKey: string;
  serverKey: string;
}

export const scramMechanism: AuthMechanism = {
  name: 'SCRAM-SHA-256',
  sasl: 'SCRAM-SHA-256',
  start: (conn, data, env) =>
    data === '' || data === '+' ? { type: 'continue', data: '+' } : clientFirst(conn, data, env),
  step: (conn, data, env) => {
    const exchange = conn.authInProgress?.data as Exchange | undefined;
    if (!exchange) return clientFirst(conn, data, env);
    if (exchange.phase === 'first') return clientFinal(conn, exchange, data);
    // The client's `+` after the server's signature: done.
    return data === '+' || data === '' ? { type: 'success', account: exchange.account, level: 'user' } : fail(exchange);
  },
};

const fail = (exchange?: Pick<Exchange, 'account'>): AuthResult =>
  exchange ? { type: 'failure', name: exchange.account } : { type: 'failure' };

function decode(data: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  return Buffer.from(data, 'base64').toString('utf8');
}

/** RFC 5802 §5.1: `=2C` is a comma and `=3D` an equals sign in a saslname. */
function saslName(text: string): string | undefined {
  if (/=(?!2C|3D)/.test(text)) return undefined;
  return text.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** The attributes of a message, `x=value` separated by commas, in order. */
function attributes(text: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const part of text.split(',')) {
    if (!/^[A-Za-z]=/.test(part)) return undefined;
    out.push([part[0] ?? '', part.slice(2)]);
  }
  return out;
}

// gs2-header client-first-message-bare: `n,[a=authzid],n=user,r=nonce[,extensions]`
function clientFirst(conn: Connection, data: string, env: AuthEnv): AuthResult {
  const text = decode(data);
  const match = text === undefined ? null : /^([ny]),(a=[^,]*)?,(.*)$/s.exec(text);
  if (!match) return fail();
  const [, flag = '', authzPart, bare = ''] = match;
  const attrs = attributes(bare);
  const [user, nonce] = attrs ?? [];
  if (user?.[0] !== 'n' || nonce?.[0] !== 'r' || nonce[1] === '' || attrs?.some(([k]) => k === 'm')) return fail();
  const name = saslName(user[1]);
  const authzid = authzPart === undefined ? '' : saslName(authzPart.slice(2));
  if (name === undefined || name === '' || authzid === undefined) return fail();
  // Acting as another account is not supported: the authzid must be empty or the same name.
  if (authzid !== '' && authzid.toLowerCase() !== name.toLowerCase()) return { type: 'failure', name };
  const account = env.find(name);
  const cred = account && parseScramHash(account.passwordHash);
  if (!account || !cred) return { type: 'failure', name };
  const waitMs = env.waitMs();
  if (waitMs > 0) return { type: 'failure', name: account.name, retryInSeconds: Math.ceil(waitMs / 1000) };
  const serverNonce = `${nonce[1]}${env.random('scram-nonce')}`;
  const serverFirst = `r=${serverNonce},s=${cred.salt},i=${cred.iterations}`;
  const exchange: Exchange = {
    phase: 'first',
    account: account.name,
    gs2Header: `${flag},${authzPart ?? ''},`,
    clientFirstBare: bare,
    serverFirst,
    nonce: serverNonce,
    storedKey: cred.storedKey,
    serverKey: cred.serverKey,
  };
  if (conn.authInProgress) conn.authInProgress.data = exchange;
  return { type: 'continue', data: Buffer.from(serverFirst).toString('base64') };
}

// client-final-message: `c=<base64 gs2-header>,r=<nonce>[,extensions],p=<proof>`
function clientFinal(conn: Connection, exchange: Exchange, data: string): AuthResult {
  const text = decode(data);
  const proofAt = text?.lastIndexOf(',p=') ?? -1;
  if (text === undefined || proofAt < 0) return fail(exchange);
  const withoutProof = text.slice(0, proofAt);
  const attrs = attributes(withoutProof);
  const [binding, nonce] = attrs ?? [];
  if (binding?.[0] !== 'c' || nonce?.[0] !== 'r') return fail(exchange);
  if (binding[1] !== Buffer.from(exchange.gs2Header).toString('base64') || nonce[1] !== exchange.nonce) {
    return fail(exchange);
  }
  const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
  const storedKey = Buffer.from(exchange.storedKey, 'base64');
  if (proof.length !== storedKey.length) return { type: 'failure', name: exchange.account, checked: true };
  const authMessage = `${exchange.clientFirstBare},${exchange.serverFirst},${withoutProof}`;
  const clientSignature = hmacSha256(storedKey, authMessage);
  const clientKey = Buffer.alloc(proof.length);
  for (let i = 0; i < proof.length; i++) clientKey[i] = (proof[i] ?? 0) ^ (clientSignature[i] ?? 0);
  if (!timingSafeEqual(sha256(clientKey), storedKey)) return { type: 'failure', name: exchange.account, checked: true };
  const serverSignature = hmacSha256(Buffer.from(exchange.serverKey, 'base64'), authMessage).toString('base64');
  if (conn.authInProgress) conn.authInProgress.data = { ...exchange, phase: 'final' };
  return { type: 'continue', data: Buffer.from(`v=${serverSignature}`).toString('base64') };
}
