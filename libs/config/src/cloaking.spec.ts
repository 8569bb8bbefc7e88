import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloakKeyPath, ensureCloakKey, withCloakKey } from './cloak-key';
import { ConfigError } from './errors';
import { parseHostConfig } from './load';
import { testHostConfig } from './test-config';

const BASE = 'server: { name: Chatsrv1, id: 10 }\n';

function problemsOf(text: string): string[] {
  try {
    parseHostConfig(BASE + text, 'host.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('cloaking (config)', () => {
  it('is on by default, with no key (one is generated under the data directory)', () => {
    expect(parseHostConfig(BASE).cloaking).toEqual({ enabled: true, key: '' });
  });

  it('takes a switch and a key', () => {
    expect(parseHostConfig(`${BASE}cloaking: { enabled: false, key: 0123456789abcdef-network }\n`).cloaking).toEqual({
      enabled: false,
      key: '0123456789abcdef-network',
    });
  });

  it.each([
    ['cloaking: { enabled: maybe }', 'host.yaml: cloaking.enabled: expected true or false, got "maybe"'],
    [
      'cloaking: { key: short }',
      'host.yaml: cloaking.key: expected a key of 16–256 printable characters without spaces, or "" to generate one, got a value of 5 characters (not shown)',
    ],
  ])('refuses %s', (text, problem) => {
    expect(problemsOf(`${text}\n`)).toEqual([problem]);
  });
});

describe('cloak key file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloak-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once (mode 0600) and kept', () => {
    const key = ensureCloakKey({ dataDir: dir });
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(cloakKeyPath({ dataDir: dir })).mode & 0o777).toBe(0o600);
    expect(ensureCloakKey({ dataDir: dir })).toBe(key);
  });

  it('refuses a damaged file without showing its content', () => {
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(cloakKeyPath({ dataDir: dir }), 'tiny secret\n');
    expect(() => ensureCloakKey({ dataDir: dir })).toThrow(
      `${cloakKeyPath({ dataDir: dir })}: expected a key of 16–256 printable characters (delete it to make a new one)`,
    );
  });

  it('withCloakKey keeps a configured key, fills an empty one, and writes nothing with cloaking off', () => {
    const configured = testHostConfig({ dataDir: dir, cloaking: { enabled: true, key: 'configured-key-0123' } });
    expect(withCloakKey(configured)).toBe(configured);
    const off = testHostConfig({ dataDir: dir, cloaking: { enabled: false, key: '' } });
    expect(withCloakKey(off)).toBe(off);
    expect(() => readFileSync(cloakKeyPath({ dataDir: dir }))).toThrow();
    const generated = withCloakKey(testHostConfig({ dataDir: dir, cloaking: { enabled: true, key: '' } }));
    expect(generated.cloaking.key).toBe(readFileSync(cloakKeyPath({ dataDir: dir }), 'utf8').trim());
  });
});
