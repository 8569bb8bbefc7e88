import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHostConfig } from '@portalchat/config';
import { ensureIrcCertificate } from './portal-certificate';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'irc-certificate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const host = (tls: string) =>
  parseHostConfig(
    `server: { name: Chatsrv1, id: 10 }\nlisten: { irc: [{ host: 127.0.0.9, port: 6667 }] }\n${tls}`,
    join(dir, 'host.yaml'),
  );

describe('ensureIrcCertificate', () => {
  it("issues the gateway's TLS certificate into the data directory, naming its address and the server, once", () => {
    const config = host('tls: { cert: generated }\n');
    const leaf = ensureIrcCertificate(config);
    expect(leaf?.cert).toBe(config.tls?.cert);
    expect(leaf?.key).toBe(config.tls?.key);
    const cert = new X509Certificate(readFileSync(config.tls?.cert ?? ''));
    const ca = new X509Certificate(readFileSync(join(config.portal.tls.caDir, 'ca.crt')));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect([cert.checkIP('127.0.0.9'), cert.checkHost('Chatsrv1')]).toEqual(['127.0.0.9', 'Chatsrv1']);
    expect(ensureIrcCertificate(config)?.issued).toBe(false);
  });

  it('leaves a host alone that names its own files, or has no client TLS', () => {
    expect(ensureIrcCertificate(host(''))).toBeUndefined();
    expect(ensureIrcCertificate(host('tls: { cert: a.crt, key: a.key }\n'))).toBeUndefined();
  });
});
