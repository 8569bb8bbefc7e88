import { X509Certificate } from 'node:crypto';
import { createCa, issueLeaf } from '@portalchat/hosting';
import {
  chainProblem,
  peerTransportProblem,
  PLAINTEXT_REFUSED,
  type PeerCheck,
  type PeerTransport,
} from './peer-check';

const ca = createCa('network CA');
const otherCa = createCa('another CA');
const x509 = (pem: string) => new X509Certificate(pem);
const peer = x509(issueLeaf(ca, 'Hub', ['127.0.0.5', 'hub.example.net']).cert);
const stranger = x509(issueLeaf(otherCa, 'Hub', ['127.0.0.5']).cert);
const now = Date.now();

const tlsWith = (...chain: X509Certificate[]): PeerTransport => ({ tls: true, chain });
const entry = (over: Partial<PeerCheck> = {}): PeerCheck => ({
  name: 'Portal_to_Hub',
  address: '127.0.0.5',
  insecure: false,
  ...over,
});
const byCa = (certificates = [x509(ca.cert)]) => ({ cas: { file: 'ca.crt', certificates } });

describe('peerTransportProblem', () => {
  it('accepts a certificate issued by the CA for the address the entry dials', () => {
    expect(peerTransportProblem(entry(byCa()), tlsWith(peer), now)).toBeUndefined();
    expect(peerTransportProblem(entry({ ...byCa(), address: 'hub.example.net' }), tlsWith(peer), now)).toBeUndefined();
  });

  it('refuses a certificate of another CA, or for another address', () => {
    expect(peerTransportProblem(entry(byCa()), tlsWith(stranger), now)).toBe(
      `certificate ${stranger.fingerprint256} is not issued by a trusted CA (CA file ca.crt)`,
    );
    expect(peerTransportProblem(entry({ ...byCa(), address: '127.0.0.6' }), tlsWith(peer), now)).toBe(
      `certificate ${peer.fingerprint256} does not name 127.0.0.6 (it names IP Address:127.0.0.5, DNS:hub.example.net)`,
    );
  });

  it('refuses a certificate past its end', () => {
    const later = now + 900 * 24 * 3600 * 1000;
    expect(peerTransportProblem(entry(byCa()), tlsWith(peer), later)).toMatch(/is outside its validity/);
  });

  it('accepts exactly the pinned certificate, whatever CA issued it', () => {
    expect(
      peerTransportProblem(entry({ fingerprint: stranger.fingerprint256 }), tlsWith(stranger), now),
    ).toBeUndefined();
    expect(peerTransportProblem(entry({ fingerprint: stranger.fingerprint256 }), tlsWith(peer), now)).toBe(
      `certificate ${peer.fingerprint256} is not the one pinned for Portal_to_Hub (${stranger.fingerprint256})`,
    );
  });

  it('with a pin and a CA, asks for both', () => {
    const both = entry({ fingerprint: stranger.fingerprint256, ...byCa() });
    expect(peerTransportProblem(both, tlsWith(stranger), now)).toMatch(/is not issued by a trusted CA/);
  });

  it('refuses plaintext and a missing certificate unless the entry is insecure', () => {
    expect(peerTransportProblem(entry(byCa()), { tls: false }, now)).toBe(
      `${PLAINTEXT_REFUSED} (its entry has no insecure: true)`,
    );
    expect(peerTransportProblem(entry(byCa()), tlsWith(), now)).toBe('the peer sent no certificate');
    expect(peerTransportProblem(entry({ insecure: true }), { tls: false }, now)).toBeUndefined();
    expect(peerTransportProblem(entry({ insecure: true }), tlsWith(), now)).toBeUndefined();
    // insecure allows plaintext, but a certificate that is shown is still checked.
    expect(peerTransportProblem(entry({ insecure: true, ...byCa() }), tlsWith(stranger), now)).toMatch(/not issued/);
  });
});

describe('chainProblem', () => {
  it('accepts a leaf issued by any CA of the file, and no chain that reaches only another CA', () => {
    const leaf = x509(issueLeaf(ca, 'Leaf', ['127.0.0.1']).cert);
    expect(chainProblem([leaf], [x509(ca.cert)], now)).toBeUndefined();
    expect(chainProblem([leaf, x509(ca.cert)], [x509(otherCa.cert)], now)).toBe('is not issued by a trusted CA');
    expect(chainProblem([leaf], [x509(otherCa.cert), x509(ca.cert)], now)).toBeUndefined();
  });
});
