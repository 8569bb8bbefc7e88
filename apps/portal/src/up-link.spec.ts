import { PORTAL_PROTOCOL_VERSION } from '@portalchat/protocol';
import type { WireEvent } from '@portalchat/routing';
import type { Frame } from './frames';
import { UpLink, type UpLinkFrame } from './up-link';

const portal = {
  name: 'Portal_to_12',
  address: '127.0.0.1',
  port: 1,
  serverId: 12,
  uplink: true,
  secret: 's',
  insecure: false,
};
const peer = {
  version: PORTAL_PROTOCOL_VERSION,
  serverId: 12,
  name: 'S12',
  description: '',
  epoch: 1,
  nonce: 'n',
  proof: '',
};
const event = (seq: number): WireEvent => ({ origin: 10, epoch: 1, seq, targets: [], json: `{"seq":${seq}}` });

function upLink() {
  const written: Frame[] = [];
  const closed: string[] = [];
  const frames: UpLinkFrame[] = [];
  const counted: [string, number][] = [];
  let now = 1000;
  const link = new UpLink(
    'dialer',
    portal,
    peer,
    { write: (f) => void written.push(f), close: (r) => void closed.push(r) },
    {
      clock: () => now,
      onFrame: (_link, body) => void frames.push(body),
      counted: (_link, direction, n) => void counted.push([direction, n]),
    },
  );
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { link, written, closed, frames, counted, turn, setNow: (ms: number) => (now = ms) };
}

describe('UpLink', () => {
  it('sends the events of one turn in one frame, with control frames in their place', async () => {
    const { link, written, counted, turn } = upLink();
    link.sendEvents([event(1)]);
    link.sendTopology([]);
    link.sendEvents([event(2), event(3)]);
    expect(written).toEqual([]);
    await turn();
    expect(written).toEqual([
      { events: { events: [event(1)] } },
      { topology: { servers: [] } },
      { events: { events: [event(2), event(3)] } },
    ]);
    expect(counted).toEqual([
      ['out', 1],
      ['out', 2],
    ]);
    expect(link.stats).toMatchObject({ eventsOut: 3, bytesOut: 27, openSince: 1000 });
  });

  it('holds live events behind a burst and sends them after its end mark', async () => {
    const { link, written, turn } = upLink();
    link.beginBurst();
    link.sendEvents([event(9)]); // live, made while the burst travels
    link.sendBurstEvents([event(1), event(2)]);
    expect(link.sendQ).toBe(27);
    link.endBurst(2);
    await turn();
    expect(written).toEqual([
      { burst: { end: false, events: 0 } },
      { events: { events: [event(1), event(2)] } },
      { burst: { end: true, events: 2 } },
      { events: { events: [event(9)] } },
    ]);
    expect(link.sendQ).toBe(0);
  });

  it('answers a ping, times a pong and hands events, records and burst marks to the portal', () => {
    const { link, written, frames, counted, setNow } = upLink();
    link.receive({ kind: 'ping', value: { sentAt: 5 } });
    link.flushNow();
    expect(written).toEqual([{ pong: { sentAt: 5 } }]);
    setNow(1040);
    link.receive({ kind: 'pong', value: { sentAt: 1000 } });
    expect(link.stats.rttMs).toBe(40);
    link.receive({ kind: 'events', value: { events: [event(1)] } });
    link.receive({ kind: 'topology', value: { servers: [] } });
    link.receive({ kind: 'burst', value: { end: true, events: 0 } });
    link.receive({ kind: 'ready', value: {} }); // a repeated handshake frame: ignored
    expect(frames.map((f) => f.kind)).toEqual(['events', 'topology', 'burst']);
    expect(counted).toEqual([['in', 1]]);
    expect(link.stats).toMatchObject({ eventsIn: 1, bytesIn: 9 });
  });

  it('sends nothing once stopped, and closes through its connection', async () => {
    const { link, written, closed, turn } = upLink();
    link.sendEvents([event(1)]);
    link.stop();
    link.sendEvents([event(2)]);
    link.sendTopology([]);
    await turn();
    expect(written).toEqual([]);
    link.close('bye');
    expect(closed).toEqual(['bye']);
  });
});
