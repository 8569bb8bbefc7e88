import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCa, ensureLeaf, leafProblem } from './generated-certs';
import { createCa, issueLeaf } from './pki';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'generated-certs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('ensureLeaf', () => {
  it('creates a CA and a leaf for server and client auth naming the addresses, keys 0600 in 0700 directories', () => {
    const caDir = join(dir, 'ca');
    const leaf = ensureLeaf({
      caDir,
      dir: join(dir, 'tls'),
      stem: 'portal',
      commonName: 'Chatsrv1',
      names: ['127.0.0.9', 'chat.example.net'],
    });
    expect(leaf.issued).toBe(true);
    const cert = new X509Certificate(readFileSync(leaf.cert));
    const ca = new X509Certificate(readFileSync(leaf.ca));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.9')).toBe('127.0.0.9');
    expect(cert.checkHost('chat.example.net')).toBe('chat.example.net');
    expect(cert.checkIP('127.0.0.10')).toBeUndefined();
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(cert.subject).toBe('CN=Chatsrv1');
    expect(leaf.fingerprint).toBe(cert.fingerprint256);
    expect(mode(leaf.key)).toBe(0o600);
    expect(mode(join(caDir, 'ca.key'))).toBe(0o600);
    expect(mode(caDir)).toBe(0o700);
    expect(mode(join(dir, 'tls'))).toBe(0o700);
  });

  it('keeps a fitting leaf across starts, and reissues it for new names or another CA', () => {
    const request = {
      caDir: join(dir, 'ca'),
      dir: join(dir, 'tls'),
      stem: 'portal',
      commonName: 'S',
      names: ['127.0.0.9'],
    };
    const first = ensureLeaf(request);
    const again = ensureLeaf(request);
    expect(again).toMatchObject({ issued: false, fingerprint: first.fingerprint });
    const renamed = ensureLeaf({ ...request, names: ['127.0.0.9', '127.0.0.8'] });
    expect(renamed.issued).toBe(true);
    expect(renamed.fingerprint).not.toBe(first.fingerprint);
    const otherCa = ensureLeaf({ ...request, caDir: join(dir, 'other-ca'), names: ['127.0.0.9', '127.0.0.8'] });
    expect(otherCa.issued).toBe(true);
  });

  it('shares one CA between hosts that name the same directory', () => {
    const caDir = join(dir, 'network-ca');
    const a = ensureLeaf({ caDir, dir: join(dir, 'a'), stem: 'portal', commonName: 'A', names: ['127.0.0.1'] });
    const b = ensureLeaf({ caDir, dir: join(dir, 'b'), stem: 'portal', commonName: 'B', names: ['127.0.0.1'] });
    expect(a.ca).toBe(b.ca);
    const ca = new X509Certificate(readFileSync(a.ca));
    expect(new X509Certificate(readFileSync(b.cert)).checkIssued(ca)).toBe(true);
  });

  it('reissues an unreadable leaf', () => {
    const request = {
      caDir: join(dir, 'ca'),
      dir: join(dir, 'tls'),
      stem: 'portal',
      commonName: 'S',
      names: ['127.0.0.9'],
    };
    const first = ensureLeaf(request);
    writeFileSync(first.cert, 'not a certificate');
    expect(ensureLeaf(request).issued).toBe(true);
  });
});

describe('ensureCa', () => {
  it('fills a CA directory that exists without a CA', () => {
    const caDir = join(dir, 'ca');
    ensureLeaf({ caDir, dir: join(dir, 'tls'), stem: 'x', commonName: 'x', names: [] });
    rmSync(join(caDir, 'ca.crt'));
    const files = ensureCa(caDir);
    expect(new X509Certificate(readFileSync(files.cert)).ca).toBe(true);
  });
});

describe('leafProblem', () => {
  const ca = createCa('test CA');
  const leaf = issueLeaf(ca, 'S', ['127.0.0.1']);
  it('says why a leaf must be reissued', () => {
    expect(leafProblem(leaf.cert, ca.cert, ['127.0.0.1'])).toBeUndefined();
    expect(leafProblem(leaf.cert, ca.cert, ['127.0.0.2'])).toBe('does not name 127.0.0.2');
    expect(leafProblem(leaf.cert, createCa('another').cert, ['127.0.0.1'])).toBe('not signed by the CA');
    const later = Date.now() + 820 * 24 * 3600 * 1000;
    expect(leafProblem(leaf.cert, ca.cert, ['127.0.0.1'], later)).toBe('ends within a month');
  });
});
