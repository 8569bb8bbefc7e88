import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from './defaults';
import { ConfigError } from './errors';
import { parseHostConfig } from './load';
import { normalizeFingerprint, readTlsFiles } from './tls-files';

const BASE = 'server: { name: Chatsrv1, id: 10 }\n';
let dir: string;

/** A self-signed certificate and its key, made by the openssl CLI. */
function makeCert(name: string): void {
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'].concat([
      '-subj',
      `/CN=${name}`,
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.crt`),
    ]),
    { stdio: 'ignore' },
  );
}

function problemsOf(text: string): string[] {
  try {
    parseHostConfig(BASE + text, join(dir, 'host.yaml'), undefined, { checkFiles: true });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.replace(`${dir}/`, ''));
  }
  throw new Error('expected a ConfigError');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-tls-'));
  makeCert('a');
  makeCert('b');
  writeFileSync(join(dir, 'junk.pem'), 'not a certificate\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tls and listen.ircTls', () => {
  it('has no TLS listener without a tls section', () => {
    const config = parseHostConfig(BASE);
    expect(config.tls).toBeUndefined();
    expect(config.listen.ircTls).toEqual([]);
  });

  it('listens on 6697 of the first IRC host once a certificate is configured, paths relative to the file', () => {
    const config = parseHostConfig(
      `${BASE}listen: { irc: [{ host: 127.0.0.5, port: 6667 }] }\ntls: { cert: a.crt, key: a.key }\n`,
      join(dir, 'host.yaml'),
    );
    expect(config.listen.ircTls).toEqual([{ host: '127.0.0.5', port: 6697 }]);
    expect(config.tls).toEqual({
      cert: join(dir, 'a.crt'),
      key: join(dir, 'a.key'),
      generated: false,
      stsDurationSeconds: DEFAULTS.stsDurationSeconds,
      handshakeTimeoutSeconds: DEFAULTS.tlsHandshakeTimeoutSeconds,
    });
  });

  it('puts a generated certificate in the data directory, and refuses a key beside it', () => {
    const config = parseHostConfig(`${BASE}dataDir: ./d\ntls: { cert: generated }\n`, join(dir, 'host.yaml'));
    expect(config.tls).toMatchObject({
      cert: join(dir, 'd', 'tls', 'irc.crt'),
      key: join(dir, 'd', 'tls', 'irc.key'),
      generated: true,
    });
    expect(problemsOf(`tls: { cert: generated, key: a.key }\n`)).toEqual([
      `host.yaml: tls.key: expected no key with cert: generated (the host makes one), got "${join(dir, 'a.key')}"`,
    ]);
  });

  it('takes listeners and the STS duration', () => {
    const config = parseHostConfig(
      `${BASE}listen: { ircTls: [{ port: 7000 }, { host: 127.0.0.9, port: 7001 }] }\ntls: { cert: a.crt, key: a.key, stsDurationSeconds: 86400 }\n`,
      join(dir, 'host.yaml'),
    );
    expect(config.listen.ircTls).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '127.0.0.9', port: 7001 },
    ]);
    expect(config.tls?.stsDurationSeconds).toBe(86400);
  });

  it.each([
    [
      'tls: { cert: missing.crt, key: a.key }',
      /^host\.yaml: tls\.cert: expected a readable PEM certificate, got .*missing\.crt: no such file or directory$/,
    ],
    [
      'tls: { cert: junk.pem, key: a.key }',
      /^host\.yaml: tls\.cert: expected a readable PEM certificate, got .*junk\.pem: not a PEM certificate$/,
    ],
    [
      'tls: { cert: a.crt, key: junk.pem }',
      /^host\.yaml: tls\.key: expected the readable PEM private key of tls\.cert, got .*junk\.pem: not an unencrypted PEM private key$/,
    ],
    [
      'tls: { cert: a.crt, key: b.key }',
      /^host\.yaml: tls\.key: expected the readable PEM private key of tls\.cert, got .*b\.key: not the private key of the certificate .*a\.crt$/,
    ],
    ['tls: { cert: a.crt }', /^host\.yaml: tls\.key: expected the private key file of tls\.cert, got nothing$/],
    [
      'tls: { cert: a.crt, key: a.key, stsDurationSeconds: -1 }',
      /^host\.yaml: tls\.stsDurationSeconds: expected integer ≥ 0, got -1$/,
    ],
    [
      'listen: { ircTls: [{ port: 6697 }] }',
      /^host\.yaml: listen\.ircTls: expected TLS listeners only with a tls section \(tls\.cert and tls\.key\), got a list$/,
    ],
    [
      'tls: { cert: a.crt, key: a.key }\nlisten: { ircTls: [{ port: 6667 }] }',
      /^host\.yaml: listen\.ircTls\[0\]: expected an address and port no other listener uses, got 127\.0\.0\.1:6667 \(also listen\.irc\[0\]\)$/,
    ],
  ])('reports %s precisely', (text, message) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reads the files only when asked to (the services other than the gateway never do)', () => {
    const config = parseHostConfig(`${BASE}tls: { cert: missing.crt, key: junk.pem }\n`, join(dir, 'host.yaml'));
    expect(config.tls?.cert).toBe(join(dir, 'missing.crt'));
  });

  it('never shows the key in a problem', () => {
    const key = readFileSync(join(dir, 'b.key'), 'utf8');
    const [problem = ''] = problemsOf('tls: { cert: a.crt, key: b.key }');
    expect(problem).not.toContain(key.split('\n')[1]);
  });
});

describe('readTlsFiles', () => {
  it('gives the certificate and key with the certificate fingerprint', () => {
    const files = readTlsFiles(join(dir, 'a.crt'), join(dir, 'a.key'));
    if (!files.ok) throw new Error(files.reason);
    const expected = new X509Certificate(files.cert).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(files.fingerprint).toBe(expected);
  });
});

describe('accounts[].certFingerprints', () => {
  const hash = 'scrypt$16384$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==';
  const fp = 'AB:'.repeat(31) + 'AB';

  it('defaults to none and keeps fingerprints as lower-case hex', () => {
    const config = parseHostConfig(
      `${BASE}accounts:\n  - { name: a, passwordHash: '${hash}' }\n  - { name: b, passwordHash: '${hash}', certFingerprints: ['${fp}'] }\n`,
    );
    expect(config.accounts.map((a) => a.certFingerprints)).toEqual([[], ['ab'.repeat(32)]]);
  });

  it('refuses what is not a SHA-256 fingerprint', () => {
    expect(() =>
      parseHostConfig(
        `${BASE}accounts:\n  - { name: a, passwordHash: '${hash}', certFingerprints: [abc] }\n`,
        'host.yaml',
      ),
    ).toThrow(
      'host.yaml: accounts[0].certFingerprints[0]: expected a SHA-256 fingerprint (64 hex digits, colons allowed), got "abc"',
    );
  });

  it('normalizes colons and case', () => {
    expect(normalizeFingerprint('AB:'.repeat(31) + 'AB')).toBe('ab'.repeat(32));
    expect(normalizeFingerprint('ab')).toBeUndefined();
  });
});
