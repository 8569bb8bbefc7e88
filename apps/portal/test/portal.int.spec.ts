import type { NetOutItem } from '@portalchat/protocol';
import { defined, eventually, TcpRelay } from '@portalchat/testkit';
import { marker, testUser } from './fake-state';
import { planHost, portalTo, startHost, type TestHost } from './hosts';

jest.setTimeout(30_000);

const texts = (host: TestHost) => host.state.events().flatMap((e) => (e.type === 'wallops' ? [e.text] : []));
const statusOf = (host: TestHost, name: string) =>
  defined(
    host.portal.statuses().find((s) => s.name === name),
    `the status of ${name}`,
  );

/** For each link `from>to`: the events its sending side counted out, or its receiving side counted in. */
function linkCounts(hosts: TestHost[], side: 'eventsOut' | 'eventsIn'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const h of hosts) {
    for (const s of h.portal.statuses())
      counts.set(side === 'eventsOut' ? `${h.id}>${s.serverId}` : `${s.serverId}>${h.id}`, s[side]);
  }
  return counts;
}

/**
 * Whether every event any portal sent on a link has arrived at the other end. The ins are read
 * first and the outs a turn later (a link counts events out when it writes them, a turn after
 * they were queued), so a balance means nothing was still on its way when the ins were read.
 */
async function linksDrained(hosts: TestHost[]): Promise<boolean> {
  const received = linkCounts(hosts, 'eventsIn');
  await new Promise((resolve) => setImmediate(resolve));
  return [...linkCounts(hosts, 'eventsOut')].every(([link, sent]) => received.get(link) === sent);
}

describe('portal (two hosts)', () => {
  let a: TestHost;
  let b: TestHost;

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    b = await startHost(pb, [portalTo(pa)]);
    a = await startHost(pa, [portalTo(pb, { uplink: true })]);
    await eventually('the link', () => a.state.serverIds().length === 2 && b.state.serverIds().length === 2);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('links up and gives each state the server table with the peer one hop away', () => {
    expect(a.state.tables().at(-1)?.servers).toEqual([
      { serverId: 10, name: 'Alpha', description: 'Alpha test server', hops: 0, uplink: 'Alpha' },
      { serverId: 12, name: 'Hub', description: 'Hub test server', hops: 1, uplink: 'Alpha' },
    ]);
    expect(b.state.serverIds()).toEqual([10, 12]);
    expect(statusOf(a, 'Portal_to_Hub')).toMatchObject({ state: 'up', peer: { serverId: 12, name: 'Hub' } });
    expect(statusOf(b, 'Portal_to_Alpha')).toMatchObject({ state: 'up', peer: { serverId: 10, name: 'Alpha' } });
    expect(a.portal.readiness()).toMatchObject({ ready: true });
  });

  it('asks each state for a burst without the servers behind the new link', async () => {
    await eventually('burst requests', () => a.state.burstRequests.length > 0 && b.state.burstRequests.length > 0);
    expect(a.state.burstRequests[0]?.excludeServers).toEqual([12]);
    expect(b.state.burstRequests[0]?.excludeServers).toEqual([10]);
  });

  it('stamps events with origin, epoch and a growing seq, and keeps their order', async () => {
    const items: NetOutItem[] = Array.from({ length: 50 }, (_, i) => ({ event: marker(`order-${i}`) }));
    a.state.emit(items.slice(0, 20));
    a.state.emit(items.slice(20));
    await eventually('50 events', () => texts(b).filter((t) => t.startsWith('order-')).length === 50);
    const got = b.state.events().filter((e) => e.type === 'wallops' && e.text.startsWith('order-'));
    expect(got.map((e) => (e.type === 'wallops' ? e.text : ''))).toEqual(
      items.map((i) => (i.event.type === 'wallops' ? i.event.text : '')),
    );
    const seqs = got.map((e) => e.stamp.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(got.map((e) => `${e.stamp.origin}/${e.stamp.epoch}`)).size).toBe(1);
    expect(got[0]?.stamp.origin).toBe(10);
  });

  it('reports the link on /readyz details and in the table for STATS l', async () => {
    const details = a.portal.readiness().details as { portals: { name: string; eventsOut: number; rttMs?: number }[] };
    expect(details.portals[0]).toMatchObject({ name: 'Portal_to_Hub' });
    expect(details.portals[0]?.eventsOut).toBeGreaterThanOrEqual(50);
    await eventually('an RTT', () => statusOf(a, 'Portal_to_Hub').rttMs !== undefined, { timeoutMs: 3000 });
  });
});

describe('portal (a chain of three: Alpha — Hub — Beta)', () => {
  let a: TestHost;
  let hub: TestHost;
  let c: TestHost;

  beforeAll(async () => {
    const pa = await planHost(10, 'Alpha');
    const pc = await planHost(11, 'Beta');
    const ph = await planHost(12, 'Hub');
    hub = await startHost(ph, [portalTo(pa), portalTo(pc)]);
    c = await startHost(pc, [portalTo(ph, { uplink: true })]);
    await eventually('Beta linked', () => c.state.serverIds().length === 2);
    // Alpha links last: its burst must travel through Hub on to Beta (the fake states keep nothing).
    a = await startHost(pa, [portalTo(ph, { uplink: true })], 'silent', (state) => {
      state.burstChunks = [
        [{ type: 'user', user: testUser(10, 1) }],
        [{ type: 'user', user: testUser(10, 2) }],
        [{ type: 'user', user: testUser(10, 3) }],
      ];
    });
    await eventually('the chain', () => [a, hub, c].every((h) => h.state.serverIds().length === 3));
  });

  afterAll(async () => {
    for (const h of [a, hub, c]) await h?.stop();
  });

  it('gives every state all three servers with hops and uplinks', () => {
    expect(
      a.state
        .tables()
        .at(-1)
        ?.servers.map((s) => [s.name, s.hops, s.uplink]),
    ).toEqual([
      ['Alpha', 0, 'Alpha'],
      ['Hub', 1, 'Alpha'],
      ['Beta', 2, 'Hub'],
    ]);
  });

  it("carries Alpha's burst (three chunks) to Hub and on to Beta after the server table", async () => {
    const users = (h: TestHost) =>
      h.state.events().flatMap((e) => (e.type === 'user' && e.user.serverId === 10 ? [e.user.uid] : []));
    await eventually("Alpha's users on Beta", () => users(c).length >= 3);
    expect(users(hub)).toEqual(['10U1', '10U2', '10U3']);
    expect(users(c)).toEqual(['10U1', '10U2', '10U3']);
    expect(a.state.burstRequests[0]?.excludeServers).toEqual([11, 12]);
    const firstUser = c.state.items.findIndex((i) => i.type === 'event' && i.event.type === 'user');
    const tableWithAlpha = c.state.items.findIndex(
      (i) => i.type === 'servers' && i.servers.some((s) => s.serverId === 10),
    );
    expect(tableWithAlpha).toBeLessThan(firstUser);
    expect(statusOf(a, 'Portal_to_Hub').lastBurstSent).toMatchObject({ events: 3 });
  });

  it('delivers events two hops away exactly once and in order', async () => {
    const n = 300;
    for (let i = 0; i < n; i += 60)
      a.state.emit(Array.from({ length: 60 }, (_, j) => ({ event: marker(`chain-${i + j}`) })));
    // One path, kept in order end to end: a duplicate of any of them would arrive before this.
    a.state.emit([{ event: marker('end of chain') }]);
    await eventually('the end marker on Beta', () => texts(c).includes('end of chain'));
    expect(texts(c).filter((t) => t.startsWith('chain-'))).toEqual(Array.from({ length: n }, (_, i) => `chain-${i}`));
    expect(texts(hub).filter((t) => t.startsWith('chain-'))).toHaveLength(n);
  });

  it('delivers a targeted event only to its targets', async () => {
    a.state.emit([
      { event: marker('for-beta'), targets: [11] },
      { event: marker('for-hub'), targets: [12] },
      { event: marker('for-nobody'), targets: [] },
    ]);
    a.state.emit([{ event: marker('after') }]);
    await eventually(
      'the untargeted event after them',
      () => texts(c).includes('after') && texts(hub).includes('after'),
    );
    expect(texts(c)).toContain('for-beta');
    expect(texts(c)).not.toContain('for-hub');
    expect(texts(hub)).toContain('for-hub');
    expect(texts(hub)).not.toContain('for-beta');
    expect([...texts(c), ...texts(hub)]).not.toContain('for-nobody');
  });

  it('splits off the far servers with the right reason when the hub goes away, and rejoins', async () => {
    const started = Date.now();
    await hub.stopPortal();
    await eventually('the split on Alpha', () => a.state.serverIds().length === 1 && c.state.serverIds().length === 1, {
      timeoutMs: 5000,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(a.state.tables().at(-1)).toMatchObject({ servers: [{ serverId: 10 }], splitReason: 'Alpha Hub' });
    expect(c.state.tables().at(-1)).toMatchObject({ servers: [{ serverId: 11 }], splitReason: 'Beta Hub' });
    expect(statusOf(a, 'Portal_to_Hub').state).not.toBe('up');

    await hub.restartPortal();
    await eventually('the netjoin', () => [a, hub, c].every((h) => h.state.serverIds().length === 3), {
      timeoutMs: 8000,
    });
    // Alpha bursts again on the new link (a real state applies the repeated users idempotently).
    await eventually('the second burst on Hub', () => hub.state.events().filter((e) => e.type === 'user').length >= 6);
  });
});

describe('portal (a triangle)', () => {
  let hosts: TestHost[];
  let proxy: TcpRelay;

  beforeAll(async () => {
    const [p10, p11, p12] = await Promise.all([planHost(10, 'Alpha'), planHost(11, 'Beta'), planHost(12, 'Hub')]);
    // Alpha reaches Beta through a proxy, so the spec can cut that one link.
    proxy = await TcpRelay.start({ host: '127.0.0.1', port: p11.portalPort });
    const h12 = await startHost(p12, [portalTo(p10), portalTo(p11)]);
    const h11 = await startHost(p11, [portalTo(p12, { uplink: true }), portalTo(p10)]);
    const h10 = await startHost(p10, [
      portalTo(p12, { uplink: true }),
      portalTo(p11, { uplink: true, port: proxy.port }),
    ]);
    hosts = [h10, h11, h12];
    await eventually('every link up', () => hosts.every((h) => h.portal.statuses().every((s) => s.state === 'up')), {
      timeoutMs: 8000,
    });
    await eventually('full tables', () => hosts.every((h) => h.state.serverIds().length === 3));
  });

  afterAll(async () => {
    for (const h of hosts ?? []) await h.stop();
    await proxy?.close();
  });

  it('delivers each event exactly once on every other server', async () => {
    for (const [i, h] of hosts.entries())
      h.state.emit(Array.from({ length: 100 }, (_, j) => ({ event: marker(`tri-${i}-${j}`) })));
    for (const [i, h] of hosts.entries()) {
      const expected = hosts.flatMap((_, k) => (k === i ? [] : Array.from({ length: 100 }, (_, j) => `tri-${k}-${j}`)));
      await eventually(
        `events on host ${i}`,
        () => texts(h).filter((t) => t.startsWith('tri-')).length >= expected.length,
      );
    }
    // Each event also travels the long way round (A to B to C besides A to C). Once every link has
    // delivered all it sent, every copy has reached a portal; a marker from each host then follows
    // any copy a portal passed on to its state.
    await eventually('every copy of every event received', () => linksDrained(hosts));
    for (const [i, h] of hosts.entries()) h.state.emit([{ event: marker(`end of tri ${i}`) }]);
    for (const h of hosts)
      await eventually('the end markers', () =>
        hosts.every((_, k) => h === hosts[k] || texts(h).includes(`end of tri ${k}`)),
      );
    for (const [i, h] of hosts.entries()) {
      const got = texts(h).filter((t) => t.startsWith('tri-'));
      expect(got).toHaveLength(200);
      expect(new Set(got).size).toBe(200);
      expect(got.some((t) => t.startsWith(`tri-${i}-`))).toBe(false);
    }
  });

  it('survives losing one link without removing a server, and still routes around it', async () => {
    const h10 = defined(hosts[0], 'Alpha');
    const h11 = defined(hosts[1], 'Beta');
    const tablesBefore = hosts.map((h) => h.state.tables().length);
    await proxy.close();
    await eventually(
      'the cut link down',
      () =>
        defined(
          h10.portal.statuses().find((s) => s.serverId === 11),
          'the link to Beta',
        ).state !== 'up',
      {
        timeoutMs: 5000,
      },
    );
    await eventually(
      'Beta sees the cut',
      () =>
        defined(
          h11.portal.statuses().find((s) => s.serverId === 10),
          'the link to Alpha',
        ).state !== 'up',
      {
        timeoutMs: 5000,
      },
    );
    for (const h of hosts) expect(h.state.serverIds()).toEqual([10, 11, 12]);
    expect(
      hosts.flatMap((h) => h.state.tables().slice(tablesBefore[hosts.indexOf(h)])).some((t) => t.splitReason),
    ).toBe(false);
    // Alpha now reaches Beta through Hub, two hops (the table reaches the fake state over NATS).
    await eventually(
      'Alpha told of the detour',
      () =>
        h10.state
          .tables()
          .at(-1)
          ?.servers.find((s) => s.serverId === 11)?.hops === 2,
    );
    expect(
      h10.state
        .tables()
        .at(-1)
        ?.servers.find((s) => s.serverId === 11),
    ).toMatchObject({ hops: 2, uplink: 'Hub' });
    h10.state.emit([{ event: marker('around'), targets: [11] }]);
    await eventually('the event around the cut', () => texts(h11).includes('around'));
    expect(texts(h11).filter((t) => t === 'around')).toHaveLength(1);
  });
});

describe('portal (refused handshakes)', () => {
  const hosts: TestHost[] = [];
  afterAll(async () => {
    for (const h of hosts) await h.stop();
  });

  it('refuses a wrong secret, with the reason on both sides', async () => {
    const pa = await planHost(10, 'Alpha');
    const pb = await planHost(12, 'Hub');
    const b = await startHost(pb, [portalTo(pa)]);
    const a = await startHost(pa, [portalTo(pb, { uplink: true, secret: 'wrong' })]);
    hosts.push(a, b);
    await eventually(
      'the refusal',
      () => statusOf(a, 'Portal_to_Hub').state === 'refused' && statusOf(b, 'Portal_to_Alpha').state === 'refused',
    );
    expect(statusOf(a, 'Portal_to_Hub').reason).toBe('secret proof does not match (wrong secret)');
    expect(statusOf(b, 'Portal_to_Alpha').reason).toBe('refused by peer: secret proof does not match (wrong secret)');
    const details = a.portal.readiness().details as { portals: { reason: string }[] };
    expect(details.portals[0]?.reason).toMatch(/wrong secret/);
    // Nothing of the refused peer reached state.
    expect(a.state.serverIds()).toEqual([10]);
    expect(b.state.serverIds()).toEqual([12]);
    expect(b.state.burstRequests).toHaveLength(0);
  });

  it('refuses a peer with an unexpected server ID', async () => {
    const pa = await planHost(20, 'Gamma');
    const pb = await planHost(22, 'Delta');
    const b = await startHost(pb, [portalTo(pa)]);
    // Gamma's config says Delta is server 23.
    const a = await startHost(pa, [portalTo(pb, { uplink: true, serverId: 23 })]);
    hosts.push(a, b);
    await eventually('the refusal', () => statusOf(a, 'Portal_to_Delta').state === 'refused');
    expect(statusOf(a, 'Portal_to_Delta').reason).toBe('unexpected server ID 22 (Delta): this portal expects 23');
    expect(b.state.serverIds()).toEqual([22]);
  });

  it('refuses a server no portal is configured for and lists it on /readyz', async () => {
    const pa = await planHost(30, 'Stranger');
    const pb = await planHost(32, 'Host');
    const b = await startHost(pb, []);
    const a = await startHost(pa, [portalTo(pb, { uplink: true })]);
    hosts.push(a, b);
    await eventually('the refusal', () => statusOf(a, 'Portal_to_Host').state === 'refused');
    expect(statusOf(a, 'Portal_to_Host').reason).toBe(
      'refused by peer: unexpected server ID 30 (Stranger): no portal is configured for it',
    );
    expect((b.portal.readiness().details as { refusedStrangers: unknown[] }).refusedStrangers[0]).toMatchObject({
      serverId: 30,
      name: 'Stranger',
    });
  });
});
