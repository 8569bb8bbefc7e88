import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677), for specs that log in with it: each
 * method takes and gives the base64 an `AUTHENTICATE` line carries. Written from the RFC, apart
 * from the server's code, so a spec catches a server that drifted from it.
 */
export class ScramClient {
  private readonly clientNonce = randomBytes(18).toString('base64');
  private readonly clientFirstBare: string;
  private authMessage = '';
  private saltedPassword: Buffer = Buffer.alloc(0);

  constructor(
    user: string,
    private readonly password: string,
  ) {
    this.clientFirstBare = `n=${user.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${this.clientNonce}`;
  }

  /** client-first-message. */
  first(): string {
    return Buffer.from(`n,,${this.clientFirstBare}`).toString('base64');
  }

  /** client-final-message for the server-first-message; throws on a nonce the client did not start. */
  final(serverFirst: string): string {
    const text = Buffer.from(serverFirst, 'base64').toString('utf8');
    const fields = new Map(text.split(',').map((part) => [part.slice(0, 1), part.slice(2)]));
    const nonce = fields.get('r') ?? '';
    if (!nonce.startsWith(this.clientNonce)) throw new Error(`server nonce does not extend the client's: ${text}`);
    const salt = Buffer.from(fields.get('s') ?? '', 'base64');
    const iterations = Number(fields.get('i'));
    this.saltedPassword = pbkdf2Sync(this.password.normalize('NFKC'), salt, iterations, 32, 'sha256');
    const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${nonce}`;
    this.authMessage = `${this.clientFirstBare},${text},${withoutProof}`;
    const clientKey = hmac(this.saltedPassword, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const signature = hmac(storedKey, this.authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0)));
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`).toString('base64');
  }

  /** Whether the server-final-message proves the server knew the account's ServerKey. */
  verifyServer(serverFinal: string): boolean {
    const text = Buffer.from(serverFinal, 'base64').toString('utf8');
    const expected = hmac(hmac(this.saltedPassword, 'Server Key'), this.authMessage).toString('base64');
    return text === `v=${expected}`;
  }
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
