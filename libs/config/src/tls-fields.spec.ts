import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { ConfigError } from './errors';
import { loadHostConfig } from './load';
import { natsCaFile } from './ca-files';

/** A self-signed certificate and its key, PEM (the files an operator would name). */
function selfSigned(): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test' }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}

let dir: string;
const pair = selfSigned();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls-fields-'));
  writeFileSync(join(dir, 'portal.crt'), pair.cert);
  writeFileSync(join(dir, 'portal.key'), pair.key);
  writeFileSync(join(dir, 'ca.crt'), pair.cert);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PORTAL = '{ name: P, address: 127.0.0.2, serverId: 8, secret: s';
function load(text: string) {
  const file = join(dir, 'host.yaml');
  writeFileSync(file, `server: { name: S, id: 10 }\n${text}\n`);
  return loadHostConfig(file);
}
function problems(text: string): string[] {
  try {
    load(text);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.replace(`${join(dir, 'host.yaml')}: `, ''));
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('portal TLS fields', () => {
  it('reads certificate files relative to the host file and keeps a fingerprint in one form', () => {
    const config = load(
      `portal: { tls: { cert: portal.crt, key: portal.key } }\n` +
        `portals: [${PORTAL}, fingerprint: "${'ab'.repeat(32)}" }, ${PORTAL.replace('P,', 'Q,').replace('8', '9')}, ca: ca.crt }]`,
    );
    expect(config.portal.tls).toMatchObject({ cert: join(dir, 'portal.crt'), key: join(dir, 'portal.key') });
    expect(config.portal.tls.ca).toBeUndefined();
    expect(config.portals[0]?.fingerprint).toBe(`${'AB:'.repeat(31)}AB`);
    expect(config.portals[1]?.ca).toBe(join(dir, 'ca.crt'));
  });

  it('names each mistake: a missing file, a key without its use, no way to check a peer', () => {
    expect(problems('portal: { tls: { cert: missing.crt, key: portal.key } }')).toEqual([
      'portal.tls.cert: expected "generated" or a readable PEM certificate file, got "missing.crt"',
    ]);
    expect(problems('portal: { tls: { cert: portal.crt } }')).toEqual([
      'portal.tls.key: expected the private key file of portal.tls.cert, got nothing',
    ]);
    expect(problems('portal: { tls: { key: portal.key } }')).toEqual([
      `portal.tls.key: expected no key with cert: generated (the host makes one), got "${join(dir, 'portal.key')}"`,
    ]);
    expect(problems('portal: { tls: { cert: portal.crt, key: portal.crt } }')[0]).toMatch(
      /^portal\.tls\.key: expected a readable PEM private key file, got "portal\.crt" \(/,
    );
    expect(problems(`portal: { tls: { cert: portal.crt, key: portal.key } }\nportals: [${PORTAL} }]`)).toEqual([
      "portals[0].fingerprint: expected the peer certificate's fingerprint, or a ca (here or as portal.tls.ca), to check the peer against; or insecure: true, got nothing",
    ]);
    expect(problems(`portals: [${PORTAL}, fingerprint: "AB:CD" }]`)).toEqual([
      'portals[0].fingerprint: expected a SHA-256 fingerprint: 64 hex digits, optionally in pairs separated by ":", got "AB:CD"',
    ]);
  });

  it('accepts an entry with insecure: true and nothing to check', () => {
    const config = load(
      `portal: { tls: { cert: portal.crt, key: portal.key } }\nportals: [${PORTAL}, insecure: true }]`,
    );
    expect(config.portals[0]?.insecure).toBe(true);
  });
});

describe('NATS TLS fields', () => {
  it('is off by default; generated takes the generated CA', () => {
    expect(load('').nats.tls).toBeUndefined();
    const config = load('nats: { tls: {} }');
    expect(config.nats.tls).toEqual({ cert: 'generated' });
    expect(natsCaFile(config)).toBe(join(config.portal.tls.caDir, 'ca.crt'));
  });

  it('asks for the key and the CA with a certificate file', () => {
    expect(problems('nats: { tls: { cert: portal.crt } }')).toEqual([
      'nats.tls.key: expected the private key file of nats.tls.cert, got nothing',
      "nats.tls.ca: expected the CA file the services check nats-server's certificate against, got nothing",
    ]);
  });
});
