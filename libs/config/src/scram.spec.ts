import {
  deriveScramKeys,
  deriveScramKeysSync,
  formatScramHash,
  hmacSha256,
  parseScramHash,
  verifyScramPassword,
  verifyScramPasswordAsync,
} from './scram';
import { verifyPassword, verifyPasswordAsync } from './passwords';

// RFC 7677 §3's example exchange: user "user", password "pencil".
const RFC = {
  salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
  authMessage:
    'n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('SCRAM-SHA-256 credentials', () => {
  it('derives the keys of the RFC 7677 example (its server signature checks)', async () => {
    const keys = await deriveScramKeys('pencil', RFC.salt, 4096);
    expect(keys).toEqual(deriveScramKeysSync('pencil', RFC.salt, 4096));
    const signature = hmacSha256(Buffer.from(keys.serverKey, 'base64'), RFC.authMessage).toString('base64');
    expect(signature).toBe(RFC.serverSignature);
  });

  it('round-trips the stored form, and checks a plain password against it (sync and async)', async () => {
    const stored = formatScramHash({
      salt: RFC.salt,
      iterations: 4096,
      ...deriveScramKeysSync('pencil', RFC.salt, 4096),
    });
    expect(stored).toMatch(/^scram-sha-256\$4096\$W22ZaJ0SNY7soEsUEjb6gQ==\$/);
    expect(parseScramHash(stored)?.iterations).toBe(4096);
    expect(verifyScramPassword('pencil', stored)).toBe(true);
    expect(verifyScramPassword('pencil!', stored)).toBe(false);
    await expect(verifyScramPasswordAsync('pencil', stored)).resolves.toBe(true);
    // The password functions of the host file take it too (PLAIN and AUTH against registered accounts).
    expect(verifyPassword('pencil', stored)).toBe(true);
    await expect(verifyPasswordAsync('nope', stored)).resolves.toBe(false);
  });

  it.each([
    'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
    'scram-sha-256$0$W22ZaJ0SNY7soEsUEjb6gQ==$AAAA$AAAA',
    'scram-sha-256$99999999$W22ZaJ0SNY7soEsUEjb6gQ==$AAAA$AAAA',
    'scram-sha-256$4096$W22ZaJ0SNY7soEsUEjb6gQ==$AAAA$AAAA',
    'scram-sha-256$4096$salt',
  ])('refuses %s as SCRAM credentials', (text) => {
    expect(parseScramHash(text)).toBeUndefined();
    expect(verifyScramPassword('x', text)).toBe(false);
  });
});
