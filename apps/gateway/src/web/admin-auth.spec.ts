import { hashPassword, verifyPasswordAsync } from '@portalchat/config';
import { AdminAuth, basicCredentials, FAILURE_WINDOW_MS, MAX_FAILURES } from './admin-auth';

const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

describe('basicCredentials', () => {
  it('reads name and password, a colon in the password included', () => {
    expect(basicCredentials(basic('root', 'a:b'))).toEqual({ name: 'root', password: 'a:b' });
  });

  it.each([undefined, '', 'Bearer abc', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`])(
    'gives nothing for %j',
    (header) => {
      expect(basicCredentials(header)).toBeUndefined();
    },
  );
});

describe('AdminAuth', () => {
  const operator = { name: 'root', passwordHash: hashPassword('hunter2'), level: 'sysop' as const };
  const member = { name: 'alice', passwordHash: hashPassword('pw'), level: 'user' as const, certFingerprints: [] };
  let now = 0;
  const verified: string[] = [];
  const auth = () =>
    new AdminAuth({
      accounts: () => ({ operators: [operator], accounts: [member] }),
      verify: (password, hash) => {
        verified.push(hash);
        return verifyPasswordAsync(password, hash);
      },
      clock: () => now,
    });

  beforeEach(() => {
    now = 1_000_000;
    verified.length = 0;
  });

  it('lets an operator in with the OPER password', async () => {
    expect(await auth().check('10.0.0.1', basic('root', 'hunter2'))).toEqual({ kind: 'ok', operator });
  });

  it('answers missing without credentials, and wrong for a wrong password or an unknown name alike', async () => {
    const a = auth();
    expect(await a.check('10.0.0.1', undefined)).toEqual({ kind: 'missing' });
    expect(await a.check('10.0.0.1', basic('root', 'nope'))).toEqual({ kind: 'wrong' });
    expect(await a.check('10.0.0.1', basic('nobody', 'hunter2'))).toEqual({ kind: 'wrong' });
  });

  it('hashes for an unknown name too, so timing does not tell names apart', async () => {
    await auth().check('10.0.0.1', basic('nobody', 'x'));
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('refuses a user account that is no operator as not-operator (403), with its right password only', async () => {
    const a = auth();
    expect(await a.check('10.0.0.1', basic('alice', 'pw'))).toEqual({ kind: 'not-operator' });
    expect(await a.check('10.0.0.1', basic('alice', 'wrong'))).toEqual({ kind: 'wrong' });
  });

  it('throttles an address after repeated failures without checking, others still get in', async () => {
    const a = auth();
    for (let i = 0; i < MAX_FAILURES; i++) await a.check('10.0.0.9', basic('root', `guess${i}`));
    verified.length = 0;
    expect(await a.check('10.0.0.9', basic('root', 'hunter2'))).toEqual({ kind: 'throttled', retryAfterSeconds: 60 });
    expect(verified).toHaveLength(0);
    expect((await a.check('10.0.0.1', basic('root', 'hunter2'))).kind).toBe('ok');
    now += FAILURE_WINDOW_MS;
    expect((await a.check('10.0.0.9', basic('root', 'hunter2'))).kind).toBe('ok');
  });
});
