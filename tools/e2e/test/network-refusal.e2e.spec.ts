// Portals that must not link: a wrong shared secret, and a peer that is not the server the
// config names. Both are refused with a reason on the portals' /readyz, and nothing of the
// refused peer reaches the other side's state.
import { startTestNetwork, type TestNetwork } from './support/network';
import { ClientPool } from './support/sessions';

interface PortalStatusView {
  name: string;
  state: string;
  reason?: string;
}

describe('refused portals', () => {
  let net: TestNetwork;
  const pool = new ClientPool(() => net.host('Hub'));

  beforeAll(async () => {
    // Bad dials Hub with the wrong secret; Liar's Hub entry claims Hub is server 99.
    net = await startTestNetwork(
      [
        ['Bad', 'Hub'],
        ['Liar', 'Hub'],
      ],
      {
        tamperPortal: (host) =>
          host === 'Bad' ? { secret: 'not-the-shared-secret' } : host === 'Liar' ? { serverId: 99 } : {},
      },
    );
  }, 60_000);
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await net?.stop();
  });

  /** Polls a host's portal /readyz until its portal `name` shows as refused. */
  async function refusal(host: string, name: string): Promise<PortalStatusView> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await net.host(host).portalReadyz();
      const status = (body['portals'] as PortalStatusView[] | undefined)?.find((p) => p.name === name);
      if (status?.state === 'refused') return status;
      if (Date.now() > deadline) throw new Error(`${host}'s ${name} never showed as refused: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
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

  it('applies nothing of a refused peer', async () => {
    await pool.registered('onhub');
    for (const host of ['Bad', 'Liar']) {
      expect((await net.host(host).links()).map((e) => e.server)).toEqual([host]);
      expect((await net.host(host).snapshot()).users.map((u) => u.nick)).not.toContain('onhub');
    }
    expect((await net.host('Hub').links()).map((e) => e.server)).toEqual(['Hub']);
  });
});
