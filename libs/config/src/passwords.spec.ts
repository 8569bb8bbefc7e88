import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loadHostConfig } from './load';
import { hashPassword, verifyPassword, verifyPasswordAsync } from './passwords';

const HASH_SCRIPT = resolve(__dirname, '../../../tools/hash-password.js');

describe('hashPassword', () => {
  it('writes scrypt$16384$8$1$<16-byte salt>$<64-byte key>', () => {
    const parts = hashPassword('secret').split('$');
    expect(parts).toHaveLength(6);
    const [algorithm, n, r, p, salt = '', key = ''] = parts;
    expect([algorithm, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
  });

  it('salts every hash, so one password never hashes the same twice', () => {
    expect(hashPassword('secret')).not.toBe(hashPassword('secret'));
  });
});

describe('verifyPassword', () => {
  const stored = hashPassword('correct horse');

  it('accepts the password that was hashed', () => {
    expect(verifyPassword('correct horse', stored)).toBe(true);
  });

  it('rejects a wrong password', () => {
    expect(verifyPassword('correct hors', stored)).toBe(false);
    expect(verifyPassword('', stored)).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['a plain password', 'correct horse'],
    ['another algorithm', stored.replace('scrypt', 'bcrypt')],
    ['N not a power of two', stored.replace('$16384$', '$1000$')],
    ['N too costly', stored.replace('$16384$', '$67108864$')],
    ['too few parts', stored.split('$').slice(0, 5).join('$')],
  ])('returns false instead of throwing for %s', (_label, bad) => {
    expect(verifyPassword('correct horse', bad)).toBe(false);
  });

  it('verifies the admin password of the example host files', () => {
    const config = loadHostConfig(join(__dirname, '../../../config/chatsrv1.yaml'));
    const [admin] = config.operators;
    expect(admin).toBeDefined();
    expect(verifyPassword('admin-secret-change-me', admin?.passwordHash ?? '')).toBe(true);
  });
});

describe('verifyPasswordAsync', () => {
  const stored = hashPassword('correct horse');

  it('gives the same answers as verifyPassword, off the event loop', async () => {
    await expect(verifyPasswordAsync('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPasswordAsync('correct hors', stored)).resolves.toBe(false);
    await expect(verifyPasswordAsync('correct horse', 'scrypt$1000$8$1$AA$BB')).resolves.toBe(false);
  });

  it('lets timers run while the hash is computed', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    // Ten checks in a row: the synchronous version would hold the loop for about 400 ms.
    for (let i = 0; i < 10; i++) await verifyPasswordAsync('wrong', stored);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('tools/hash-password.js', () => {
  it('prints a hash of its argument that verifyPassword accepts', () => {
    const out = execFileSync(process.execPath, [HASH_SCRIPT, 'pass word'], { encoding: 'utf8' }).trim();
    expect(verifyPassword('pass word', out)).toBe(true);
    expect(out.split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
  });

  it('reads the first line of piped stdin', () => {
    const out = execFileSync(process.execPath, [HASH_SCRIPT], { input: 'from-stdin\n', encoding: 'utf8' }).trim();
    expect(verifyPassword('from-stdin', out)).toBe(true);
  });

  it('refuses an empty password', () => {
    expect(() => execFileSync(process.execPath, [HASH_SCRIPT], { input: '', stdio: 'pipe' })).toThrow(/empty password/);
  });
});
