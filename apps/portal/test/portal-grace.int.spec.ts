import { eventually, metricSample, quietPeriod } from '@portalchat/testkit';
import { planHost, portalTo, startHost, type TestHost } from './hosts';

jest.setTimeout(20_000);

/** Long enough for a portal restart on a busy machine, short enough to wait out. */
const GRACE_MS = 1500;

const graceCount = async (host: TestHost, outcome: string) =>
  metricSample(await host.metrics.registry.metrics(), 'portalchat_portal_split_grace_total', { outcome }) ?? 0;

describe('portal split grace (two hosts, real gRPC and NATS, a fake state)', () => {
  let alpha: TestHost;
  let hub: TestHost;

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    hub = await startHost(pb, [portalTo(pa)], 'silent', () => {}, GRACE_MS);
    alpha = await startHost(pa, [portalTo(pb, { uplink: true })], 'silent', () => {}, GRACE_MS);
    await eventually('the link', () => alpha.state.serverIds().length === 2 && hub.state.serverIds().length === 2);
    // And Alpha's first burst wholly at the hub: its end mark must not fall inside a test's slice.
    await eventually("Alpha's first burst at the hub", () =>
      hub.state.events().some((e) => e.type === 'burst' && e.phase === 'end' && e.servers.includes(10)),
    );
  });

  afterAll(async () => {
    await alpha?.stop();
    await hub?.stop();
  });

  it('holds a peer whose portal restarts within the grace as pending: never split, counted healed', async () => {
    const hubTables = hub.state.tables().length;
    const alphaTables = alpha.state.tables().length;
    const eventsAtHub = hub.state.events().length;
    await alpha.restartPortal();
    await eventually('the link back', () => alpha.portal.statuses()[0]?.state === 'up', { timeoutMs: GRACE_MS });
    await quietPeriod(GRACE_MS + 200, 'a split announced after the grace would show by now');

    const atHub = hub.state.tables().slice(hubTables);
    expect(atHub.filter((t) => t.pending?.includes(10)).length).toBeGreaterThan(0);
    expect(atHub.filter((t) => t.splitReason !== undefined)).toEqual([]);
    expect(hub.state.serverIds()).toEqual([10, 12]);
    expect(atHub.at(-1)?.pending).toBeUndefined();
    // The new portal's first table holds whatever state knows: it may be a restart.
    const atAlpha = alpha.state.tables().slice(alphaTables);
    expect(atAlpha[0]).toMatchObject({ servers: [{ serverId: 10 }], holdUnlisted: true });
    expect(atAlpha.filter((t) => t.splitReason !== undefined)).toEqual([]);
    expect(alpha.state.serverIds()).toEqual([10, 12]);
    // Alpha's burst came between its marks, speaking for Alpha alone (a relink while the old
    // link's end was still being noticed may burst twice: each one whole).
    const marks = hub.state
      .events()
      .slice(eventsAtHub)
      .flatMap((e) => (e.type === 'burst' ? [`${e.phase} ${e.servers.join(',')}`] : []));
    expect(marks.length).toBeGreaterThanOrEqual(2);
    expect(marks).toEqual(marks.map((_, i) => (i % 2 === 0 ? 'begin 10' : 'end 10')));
    expect(await graceCount(hub, 'pending')).toBe(1);
    expect(await graceCount(hub, 'healed')).toBe(1);
    expect(await graceCount(hub, 'announced')).toBe(0);
  });

  it('announces the split once the grace is over, with the reason of the link that broke', async () => {
    const stoppedAt = Date.now();
    await alpha.stopPortal();
    await eventually('the split at the hub', () => hub.state.tables().at(-1)?.splitReason === 'Hub Alpha', {
      timeoutMs: GRACE_MS + 3000,
    });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(GRACE_MS);
    expect(hub.state.serverIds()).toEqual([12]);
    expect(hub.state.tables().at(-1)?.pending).toBeUndefined();
    expect(await graceCount(hub, 'announced')).toBe(1);

    await alpha.restartPortal();
    await eventually('the netjoin', () => hub.state.serverIds().length === 2 && alpha.state.serverIds().length === 2);
  });
});
