import { connect } from 'node:net';
import { certificateFingerprint } from '@portalchat/hosting';
import { defined, eventually } from '@portalchat/testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planHost, portalTo, startHost, type HostPlan, type TestHost } from './hosts';

jest.setTimeout(30_000);

// Portal links over TLS between real portals on loopback (real gRPC, real TLS): mutual
// authentication by a shared CA or by pinned fingerprints, and the refusals, with their reasons
// in the logs' place (the statuses) and in what /readyz serves (readiness()).

const statusOf = (host: TestHost, name: string) =>
  defined(
    host.portal.statuses().find((s) => s.name === name),
    `the status of ${name}`,
  );
const readyzPortal = (host: TestHost, name: string) =>
  (
    host.portal.readiness().details as { portals: Array<{ name: string; state: string; reason?: string }> }
  ).portals.find((p) => p.name === name);
const certificateOf = (host: TestHost) =>
  (host.portal.readiness().details as { certificate: { fingerprint: string } }).certificate.fingerprint;
const fingerprintOf = (plan: HostPlan) => certificateFingerprint(readFileSync(join(plan.dataDir, 'tls', 'portal.crt')));

const hosts: TestHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

/** Hub accepts, Alpha dials; each entry as the test says. */
async function pair(
  alphaToHub: Parameters<typeof portalTo>[1],
  hubToAlpha: Parameters<typeof portalTo>[1],
  ownCas = false,
): Promise<{ alpha: TestHost; hub: TestHost }> {
  const pa = await planHost(10, 'Alpha', ownCas);
  const pb = await planHost(12, 'Hub', ownCas);
  const hub = await startHost(pb, [portalTo(pa, hubToAlpha)]);
  hosts.push(hub);
  const alpha = await startHost(pa, [portalTo(pb, { uplink: true, ...alphaToHub })]);
  hosts.push(alpha);
  return { alpha, hub };
}

const linked = (alpha: TestHost, hub: TestHost) =>
  eventually('the link', () => alpha.state.serverIds().length === 2 && hub.state.serverIds().length === 2);

describe('portal TLS', () => {
  it('links two portals over mutual TLS with certificates of one generated CA, and shows each certificate', async () => {
    const { alpha, hub } = await pair({}, {});
    await linked(alpha, hub);
    expect(statusOf(alpha, 'Portal_to_Hub').state).toBe('up');
    expect(statusOf(hub, 'Portal_to_Alpha').state).toBe('up');
    expect(certificateOf(alpha)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificateOf(alpha)).not.toBe(certificateOf(hub));
  });

  it('links portals whose certificates come from different CAs when each pins the other', async () => {
    // Each host's certificate is made at its start: learn them from a first start, then pin.
    const first = await pair({}, {}, true);
    const alphaPrint = certificateOf(first.alpha);
    const hubPrint = certificateOf(first.hub);
    for (const host of hosts.splice(0)) await host.stop();
    // Without the pins, the CAs do not know each other's certificates.
    const unpinned = await pair({}, {}, true);
    await eventually('the refusal', () => statusOf(unpinned.alpha, 'Portal_to_Hub').state === 'refused');
    expect(statusOf(unpinned.alpha, 'Portal_to_Hub').reason).toMatch(
      new RegExp(`^certificate ${hubPrint} is not issued by a trusted CA`),
    );
    for (const host of hosts.splice(0)) await host.stop();
    const { alpha, hub } = await pair({ fingerprint: hubPrint }, { fingerprint: alphaPrint }, true);
    await linked(alpha, hub);
    expect(statusOf(hub, 'Portal_to_Alpha').state).toBe('up');
  });

  it('refuses a peer whose certificate is not the pinned one, with the reason in /readyz on both sides', async () => {
    const wrong = 'AB:'.repeat(31) + 'AB';
    // The dialer pins a wrong fingerprint: it refuses the acceptor's certificate before its Hello.
    const dialerPins = await pair({ fingerprint: wrong }, {});
    const hubPrint = certificateOf(dialerPins.hub);
    await eventually('the refusal', () => readyzPortal(dialerPins.alpha, 'Portal_to_Hub')?.state === 'refused');
    expect(readyzPortal(dialerPins.alpha, 'Portal_to_Hub')?.reason).toBe(
      `certificate ${hubPrint} is not the one pinned for Portal_to_Hub (${wrong})`,
    );
    expect(dialerPins.hub.state.serverIds()).toEqual([12]);
    for (const host of hosts.splice(0)) await host.stop();

    // The acceptor pins a wrong fingerprint: it refuses at the Hello, and the dialer is told why.
    const acceptorPins = await pair({}, { fingerprint: wrong });
    const alphaPrint = certificateOf(acceptorPins.alpha);
    await eventually('the refusal', () => readyzPortal(acceptorPins.hub, 'Portal_to_Alpha')?.state === 'refused');
    const reason = `certificate ${alphaPrint} is not the one pinned for Portal_to_Alpha (${wrong})`;
    expect(readyzPortal(acceptorPins.hub, 'Portal_to_Alpha')?.reason).toBe(reason);
    await eventually('the refusal', () => readyzPortal(acceptorPins.alpha, 'Portal_to_Hub')?.state === 'refused');
    expect(readyzPortal(acceptorPins.alpha, 'Portal_to_Hub')?.reason).toBe(`refused by peer: ${reason}`);
    expect(acceptorPins.alpha.state.serverIds()).toEqual([10]);
  });

  it('refuses a plaintext peer unless its entry says insecure: true, then links in plaintext', async () => {
    const refused = await pair({ insecure: true }, {});
    await eventually('the refusal', () => readyzPortal(refused.hub, 'Portal_to_Alpha')?.state === 'refused');
    const reason =
      'the peer connected without TLS, but this portal requires TLS for it (its entry has no insecure: true)';
    expect(readyzPortal(refused.hub, 'Portal_to_Alpha')?.reason).toBe(reason);
    await eventually('the refusal', () => readyzPortal(refused.alpha, 'Portal_to_Hub')?.state === 'refused');
    expect(readyzPortal(refused.alpha, 'Portal_to_Hub')?.reason).toBe(`refused by peer: ${reason}`);
    for (const host of hosts.splice(0)) await host.stop();

    const { alpha, hub } = await pair({ insecure: true }, { insecure: true });
    await linked(alpha, hub);
  });

  it('names a connection that fails its TLS handshake among the refused on /readyz', async () => {
    const plan = await planHost(12, 'Hub');
    const hub = await startHost(plan, [portalTo(await planHost(10, 'Alpha'))]);
    hosts.push(hub);
    // A TLS record holding a handshake message of an unknown type: the handshake fails at once.
    const socket = connect(plan.portalPort, '127.0.0.1', () =>
      socket.write(Buffer.from([0x16, 3, 1, 0, 4, 0xfe, 0, 0, 0])),
    );
    socket.on('error', () => undefined);
    const strangers = () =>
      (hub.portal.readiness().details as { refusedStrangers: Array<{ name: string; reason: string }> })
        .refusedStrangers;
    let localPort: number | undefined;
    try {
      await eventually('the stranger', () => strangers().length > 0);
      localPort = socket.localPort;
    } finally {
      socket.destroy();
    }
    expect(strangers()[0]?.name).toBe(`127.0.0.1:${localPort}`);
    expect(strangers()[0]?.reason).toMatch(/^TLS handshake failed: /);
    expect(fingerprintOf(plan)).toBe(certificateOf(hub));
  });
});
