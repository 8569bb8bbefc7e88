import { PORTAL_PROTOCOL_VERSION, type NetEvent } from '@portalchat/protocol';
import { Switchboard, type ServerRecord } from '@portalchat/routing';
import { createLogger, createMetrics } from '@portalchat/service';
import { Bursts, type BurstDeps } from './bursts';
import type { Frame } from './frames';
import { PortalStatuses } from './link-status';
import { createPortalMetrics } from './portal-metrics';
import { UpLink } from './up-link';

const portalTo = (serverId: number) => ({
  name: `Portal_to_${serverId}`,
  address: '127.0.0.1',
  port: 1,
  serverId,
  uplink: true,
  secret: 's',
  insecure: false,
});
const rec = (serverId: number, neighbours: number[]): ServerRecord => ({
  serverId,
  name: `S${serverId}`,
  description: '',
  epoch: 1,
  version: 1,
  neighbours,
});
const wallops = (text: string): NetEvent => ({ type: 'wallops', from: 'S10', text });

/** Server 10's portal with links to 11 and 12; `requestBurst` stands in for state. */
function portal(requestBurst: BurstDeps['requestBurst']) {
  let now = 100;
  const clock = () => now;
  const board = new Switchboard({
    own: { serverId: 10, name: 'S10', description: '', epoch: 7 },
    deliver: () => {},
    linkSummaries: () => [],
    onBadEvent: () => {},
  });
  const statuses = new PortalStatuses([portalTo(11), portalTo(12)], 0);
  const bursts = new Bursts({
    board,
    requestBurst,
    statuses,
    metrics: createPortalMetrics(createMetrics('portal')),
    logger: createLogger('portal', { level: 'silent' }),
    clock,
  });
  const written = new Map<number, Frame[]>();
  const linkTo = (serverId: number) => {
    const frames: Frame[] = [];
    written.set(serverId, frames);
    const peer = {
      version: PORTAL_PROTOCOL_VERSION,
      serverId,
      name: `S${serverId}`,
      description: '',
      epoch: 1,
      nonce: 'n',
      proof: '',
    };
    const link = new UpLink(
      'dialer',
      portalTo(serverId),
      peer,
      { write: (f) => void frames.push(f), close: () => {} },
      { clock, onFrame: () => {}, counted: () => {} },
    );
    board.linkUp(link);
    return link;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { board, bursts, statuses, linkTo, written, settle, setNow: (ms: number) => (now = ms) };
}

describe('Bursts', () => {
  it("sends state's view once, stamped by this server and without what lies behind the peer, then the held live events", async () => {
    const asked: number[][] = [];
    const { board, bursts, statuses, linkTo, written, settle } = portal((exclude, onChunk) => {
      asked.push(exclude);
      onChunk([wallops('burst')]);
      return Promise.resolve(1);
    });
    const to12 = linkTo(12);
    board.topology(to12, [rec(12, [10, 13]), rec(13, [12])]);
    bursts.topologyReceived(to12);
    to12.sendEvents([board.stamp(wallops('live'), undefined)]);
    bursts.topologyReceived(to12); // more records later: no second burst
    await settle();
    expect(asked).toEqual([[12, 13]]);
    const frames = written.get(12) ?? [];
    expect(frames.filter((f) => !('topology' in f))).toEqual([
      { burst: { end: false, events: 0 } },
      {
        events: {
          events: [
            // Between its marks: the burst is all there is of server 10 (and nothing of 12 or 13).
            expect.objectContaining({ seq: 1, json: JSON.stringify({ type: 'burst', phase: 'begin', servers: [10] }) }),
            expect.objectContaining({
              origin: 10,
              epoch: 7,
              seq: 2,
              targets: [],
              json: JSON.stringify(wallops('burst')),
            }),
            expect.objectContaining({ seq: 4, json: JSON.stringify({ type: 'burst', phase: 'end', servers: [10] }) }),
          ],
        },
      },
      { burst: { end: true, events: 1 } },
      { events: { events: [expect.objectContaining({ seq: 3, json: JSON.stringify(wallops('live')) })] } },
    ]);
    expect(statuses.get('Portal_to_12')?.lastBurstSent).toMatchObject({ events: 1 });
  });

  it('sends no burst to a peer that was already reachable through another link, only the marks', async () => {
    const requestBurst = jest.fn(() => Promise.resolve(0));
    const { board, bursts, linkTo, written, settle } = portal(requestBurst);
    const to11 = linkTo(11);
    board.topology(to11, [rec(11, [10, 12]), rec(12, [11])]);
    const to12 = linkTo(12); // a cycle: 12 was there behind 11
    board.topology(to12, [rec(12, [10, 11])]);
    bursts.topologyReceived(to12);
    await settle();
    expect(requestBurst).not.toHaveBeenCalled();
    expect((written.get(12) ?? []).filter((f) => 'burst' in f)).toEqual([
      { burst: { end: false, events: 0 } },
      { burst: { end: true, events: 0 } },
    ]);
  });

  it('ends the burst with what was sent when state fails to finish it, and the live events follow', async () => {
    const { board, bursts, statuses, linkTo, written, settle } = portal((_exclude, onChunk) => {
      onChunk([wallops('a'), wallops('b')]);
      return Promise.reject(new Error('state sent no complete burst within 30000 ms'));
    });
    const to12 = linkTo(12);
    board.topology(to12, [rec(12, [10])]);
    bursts.topologyReceived(to12);
    to12.sendEvents([board.stamp(wallops('live'), undefined)]);
    await settle();
    const frames = (written.get(12) ?? []).filter((f) => !('topology' in f));
    // A burst that did not finish has no end mark: receivers must not reconcile against part of it.
    const jsons = frames.flatMap((f) => ('events' in f ? f.events.events.map((e) => e.json) : []));
    expect(jsons.filter((j) => j.includes('"type":"burst"'))).toEqual([
      JSON.stringify({ type: 'burst', phase: 'begin', servers: [10] }),
    ]);
    expect(frames.at(-2)).toEqual({ burst: { end: true, events: 2 } });
    expect(frames.at(-1)).toEqual({
      events: { events: [expect.objectContaining({ json: JSON.stringify(wallops('live')) })] },
    });
    expect(statuses.get('Portal_to_12')?.lastBurstSent).toBeUndefined();
  });

  it("times the peer's burst from its start mark to its end mark", () => {
    const { bursts, statuses, linkTo, setNow } = portal(() => Promise.resolve(0));
    const to12 = linkTo(12);
    setNow(1000);
    bursts.markReceived(to12, { end: false, events: 0 });
    setNow(1250);
    bursts.markReceived(to12, { end: true, events: 5 });
    expect(statuses.get('Portal_to_12')?.lastBurstReceived).toEqual({ events: 5, ms: 250, at: 1250 });
  });

  it('#14: tells which bursts are in progress on a link, each way', async () => {
    let finish: (n: number) => void = () => {};
    const { bursts, linkTo, settle } = portal(() => new Promise<number>((resolve) => (finish = resolve)));
    const to12 = linkTo(12);
    expect(bursts.inProgress(to12)).toBeUndefined();
    bursts.topologyReceived(to12);
    expect(bursts.inProgress(to12)).toBe('sending');
    bursts.markReceived(to12, { end: false, events: 0 });
    expect(bursts.inProgress(to12)).toBe('both');
    finish(0);
    await settle();
    expect(bursts.inProgress(to12)).toBe('receiving');
    bursts.markReceived(to12, { end: true, events: 3 });
    expect(bursts.inProgress(to12)).toBeUndefined();
  });
});
