import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ensureNatsCredentials,
  natsCredentialsPath,
  natsLoginFor,
  NatsCredentialsError,
  readNatsCredentials,
} from './nats-credentials';

describe('NATS credentials', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'creds-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const generated = { nats: { auth: 'generated' as const } };

  it('generates a password per user once, keeps them, and adds new users later', () => {
    const first = ensureNatsCredentials({ dataDir }, ['state', 'portal']);
    expect(Object.keys(first.passwords)).toEqual(['state', 'portal']);
    expect(first.passwords['state']).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.passwords['state']).not.toBe(first.passwords['portal']);
    const again = ensureNatsCredentials({ dataDir }, ['state', 'portal', 'gateway-gw1']);
    expect(again.passwords['state']).toBe(first.passwords['state']);
    expect(readNatsCredentials({ dataDir })?.passwords['gateway-gw1']).toBe(again.passwords['gateway-gw1']);
  });

  it('keeps the file readable by its owner only', () => {
    ensureNatsCredentials({ dataDir }, ['state']);
    const file = natsCredentialsPath({ dataDir });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('gives a service its own login, and says what to do when there is none', () => {
    const { passwords } = ensureNatsCredentials({ dataDir }, ['state']);
    expect(natsLoginFor({ ...generated, dataDir }, 'state')).toEqual({ user: 'state', pass: passwords['state'] });
    expect(() => natsLoginFor({ ...generated, dataDir }, 'portal')).toThrow(
      /no NATS password for "portal" in .*nats-credentials\.json: the host generates it/,
    );
    expect(natsLoginFor({ dataDir, nats: { auth: 'none' } }, 'portal')).toBeUndefined();
  });

  it('names the file when it is damaged', () => {
    const file = natsCredentialsPath({ dataDir });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"version": 1, "passwords": {"state": 5}}');
    expect(() => readNatsCredentials({ dataDir })).toThrow(NatsCredentialsError);
    expect(() => readNatsCredentials({ dataDir })).toThrow(`${file}: expected {"version": 1`);
    writeFileSync(file, 'nope');
    expect(() => readNatsCredentials({ dataDir })).toThrow(`${file}: not JSON`);
    expect(readFileSync(file, 'utf8')).toBe('nope');
  });
});
