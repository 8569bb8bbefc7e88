import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import type { PortalConfig } from '@portalchat/config';
import { checkHello, handshakeProof, proofMatches, type HelloExpectations } from './handshake';
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

const portalTo = (serverId: number): PortalConfig => ({
  name: `Portal_to_${serverId}`,
  address: '127.0.0.1',
  port: 1,
  serverId,
  uplink: true,
  secret: 's',
  insecure: false,
});
const portal12 = portalTo(12);
const expect10: HelloExpectations = { ownId: 10, knownName: () => undefined, linked: () => false };

/** The refusal reason, or undefined when the Hello is accepted (with the portal it was checked against). */
function refusalOf(h: HelloFrame, portal: PortalConfig | undefined, e: HelloExpectations): string | undefined {
  const check = checkHello(h, portal, e);
  if (check.ok) {
    expect(check.portal).toBe(portal);
    return undefined;
  }
  return check.reason;
}

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

describe('checkHello', () => {
  it('accepts the configured peer', () => {
    expect(checkHello(hello(), portal12, expect10)).toEqual({ ok: true, portal: portal12 });
  });

  it("refuses a peer whose portal an operator's SQUIT holds down, with the reason", () => {
    const held: HelloExpectations = {
      ...expect10,
      heldDown: (p) => (p === portal12 ? 'held: waits for CONNECT' : undefined),
    };
    expect(refusalOf(hello(), portal12, held)).toBe('held: waits for CONNECT');
    expect(refusalOf(hello(), portal12, { ...expect10, heldDown: () => undefined })).toBeUndefined();
  });

  it.each([
    [
      'another protocol version',
      hello({ version: 99 }),
      portal12,
      expect10,
      /protocol version mismatch: peer speaks 99/,
    ],
    [
      'another protocol version, before anything else',
      hello({ version: 99 }),
      undefined,
      expect10,
      /protocol version mismatch/,
    ],
    ['a server ID nobody configured', hello(), undefined, expect10, /unexpected server ID 12 \(Chatsrv3\): no portal/],
    [
      'another server ID than configured',
      hello({ serverId: 11 }),
      portal12,
      expect10,
      /unexpected server ID 11 .*expects 12/,
    ],
    [
      'our own server ID',
      hello({ serverId: 10 }),
      portalTo(10),
      expect10,
      /duplicate server ID 10: it is this server's own/,
    ],
    [
      'a server already linked',
      hello(),
      portal12,
      { ...expect10, linked: () => true },
      /duplicate server ID 12: already linked/,
    ],
    [
      'a server ID the network knows by another name',
      hello(),
      portal12,
      { ...expect10, knownName: () => 'Other' },
      /already on the network as Other/,
    ],
  ])('refuses %s', (_what, h, portal, e, reason) => {
    expect(refusalOf(h, portal, e)).toMatch(reason);
  });

  it('accepts a server the network knows under the same name (a cycle)', () => {
    expect(refusalOf(hello(), portal12, { ...expect10, knownName: () => 'Chatsrv3' })).toBeUndefined();
  });
});
