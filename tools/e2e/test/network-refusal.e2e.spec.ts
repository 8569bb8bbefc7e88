// Portals that must not link: a wrong shared secret, a peer that is not the server the config
// names, a peer whose TLS certificate is not the pinned one, and a plaintext dial to a portal
// that requires TLS. Each is refused with a reason on the portals' /readyz, and nothing of the
// refused peer reaches the other side's state.
import { eventually } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const WRONG_FINGERPRINT = `${'AB:'.repeat(31)}AB`;

interface PortalStatusView {
  name: string;
  state: string;
  reason?: string;
}

describe('refused portals', () => {
  // Bad dials Hub with the wrong secret; Liar's Hub entry claims Hub is server 99; Pinner pins a
  // fingerprint that is not Hub's certificate; Plain dials in plaintext. None links.
  const tampering: Record<string, object> = {
    Bad: { secret: 'not-the-shared-secret' },
    Liar: { serverId: 99 },
    Pinner: { fingerprint: WRONG_FINGERPRINT },
    Plain: { insecure: true },
  };
  const suite = networkSuite(
    [
      ['Bad', 'Hub'],
      ['Liar', 'Hub'],
      ['Pinner', 'Hub'],
      ['Plain', 'Hub'],
    ],
    { linked: false, tamperPortal: (host) => tampering[host] ?? {} },
  );
  const pool = suite.pool('Hub');

  /** Polls a host's portal /readyz until its portal `name` shows as refused. */
  async function refusal(host: string, name: string): Promise<PortalStatusView> {
    let body: Record<string, unknown> = {};
    return eventually(
      `${host}'s ${name} to show as refused`,
      async () => {
        body = (await suite.net.host(host).portalReadyz()).body;
        const status = (body['portals'] as PortalStatusView[] | undefined)?.find((p) => p.name === name);
        return status?.state === 'refused' && status;
      },
      { timeoutMs: 10_000, intervalMs: 100, detail: () => JSON.stringify(body) },
    );
  }

  it('refuses a peer with the wrong secret, on both sides', async () => {
    expect((await refusal('Hub', 'Portal_to_Bad')).reason).toMatch(/secret/i);
    expect((await refusal('Bad', 'Portal_to_Hub')).reason).toMatch(/secret/i);
  });

  it('refuses a peer whose server ID is not the one configured', async () => {
    const liar = await refusal('Liar', 'Portal_to_Hub');
    expect(liar.reason).toMatch(/unexpected server ID/);
    expect(liar.reason).toMatch(/99/);
  });

  it('refuses a peer whose certificate is not the pinned one, naming the certificate', async () => {
    const hubPrint = ((await suite.net.host('Hub').portalReadyz()).body['certificate'] as { fingerprint: string })
      .fingerprint;
    expect((await refusal('Pinner', 'Portal_to_Hub')).reason).toBe(
      `certificate ${hubPrint} is not the one pinned for Portal_to_Hub (${WRONG_FINGERPRINT})`,
    );
  });

  it('refuses a plaintext dial to a portal that requires TLS, on both sides', async () => {
    expect((await refusal('Hub', 'Portal_to_Plain')).reason).toMatch(/^the peer connected without TLS/);
    expect((await refusal('Plain', 'Portal_to_Hub')).reason).toMatch(
      /^refused by peer: the peer connected without TLS/,
    );
  });

  it('applies nothing of a refused peer', async () => {
    await pool.registered('onhub');
    for (const host of ['Bad', 'Liar', 'Pinner', 'Plain']) {
      expect((await suite.net.host(host).links()).map((e) => e.server)).toEqual([host]);
      expect((await suite.net.host(host).snapshot()).users.map((u) => u.nick)).not.toContain('onhub');
    }
    expect((await suite.net.host('Hub').links()).map((e) => e.server)).toEqual(['Hub']);
  });
});
