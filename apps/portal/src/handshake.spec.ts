import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import { handshakeProof, helloRefusal, proofMatches, type HelloExpectations } from './handshake';
import type { HelloFrame } from './frames';

const input = { dialerNonce: 'aa11', acceptorNonce: 'bb22', dialerId: 10, acceptorId: 12 };

const hello = (over: Partial<HelloFrame> = {}): HelloFrame => ({
  version: PORTAL_PROTOCOL_VERSION,
  serverId: 12,
  name: 'Chatsrv3',
  description: '',
  epoch: 1,
  nonce: 'bb22',
  proof: '',
  ...over,
});

const expect12: HelloExpectations = { ownId: 10, configuredId: 12, knownName: () => undefined, linked: () => false };

describe('handshakeProof', () => {
  it('accepts the proof made with the same secret and rejects another secret', () => {
    const proof = handshakeProof('s3cret', 'dialer', input);
    expect(proof).toMatch(/^[0-9a-f]{64}$/);
    expect(proofMatches('s3cret', 'dialer', input, proof)).toBe(true);
    expect(proofMatches('other', 'dialer', input, proof)).toBe(false);
  });

  it('binds the proof to the role, the nonces and the IDs', () => {
    const proof = handshakeProof('s3cret', 'dialer', input);
    expect(proofMatches('s3cret', 'acceptor', input, proof)).toBe(false);
    expect(proofMatches('s3cret', 'dialer', { ...input, acceptorNonce: 'cc33' }, proof)).toBe(false);
    expect(proofMatches('s3cret', 'dialer', { ...input, dialerId: 11 }, proof)).toBe(false);
    expect(proofMatches('s3cret', 'dialer', input, 'not hex')).toBe(false);
    expect(proofMatches('s3cret', 'dialer', input, '')).toBe(false);
  });
});

describe('helloRefusal', () => {
  it('accepts the configured peer', () => {
    expect(helloRefusal(hello(), expect12)).toBeUndefined();
  });

  it.each([
    ['another protocol version', hello({ version: 99 }), expect12, /protocol version mismatch: peer speaks 99/],
    ['a server ID nobody configured', hello(), { ...expect12, configuredId: undefined }, /unexpected server ID 12 \(Chatsrv3\): no portal/],
    ['another server ID than configured', hello({ serverId: 11 }), expect12, /unexpected server ID 11 .*expects 12/],
    ['our own server ID', hello({ serverId: 10 }), { ...expect12, configuredId: 10 }, /duplicate server ID 10: it is this server's own/],
    ['a server already linked', hello(), { ...expect12, linked: () => true }, /duplicate server ID 12: already linked/],
    ['a server ID the network knows by another name', hello(), { ...expect12, knownName: () => 'Other' }, /already on the network as Other/],
  ])('refuses %s', (_what, h, e, reason) => {
    expect(helloRefusal(h, e)).toMatch(reason);
  });

  it('accepts a server the network knows under the same name (a cycle)', () => {
    expect(helloRefusal(hello(), { ...expect12, knownName: () => 'Chatsrv3' })).toBeUndefined();
  });
});
