import type { GatewayEvent, NetInBatch, NetOutItem } from '@portalchat/protocol';
import { PROTOCOL_VERSION } from '@portalchat/protocol';
import { makeConfig } from '../testing/harness';
import { SequencedState, type InputRecord } from './sequenced-state';

// A portal configured: without one state makes no network items at all.
const config = makeConfig({
  server: { id: 10, name: 'irc.test' },
  portals: [
    { name: 'hub', address: '127.0.0.1', port: 1, serverId: 12, uplink: true, secret: 'x'.repeat(16), insecure: false },
  ],
});
const noFault = (err: unknown) => {
  throw err;
};

const heartbeat = (pi: string, ack = 0): NetInBatch => ({ v: PROTOCOL_VERSION, pi, seq: 1, ack, items: [] });

/** A client of gw1 registers: state makes network items (the user) for the portal. */
function register(seq: number, conn: number, nick: string, t: number): InputRecord {
  const events: GatewayEvent[] = [
    ...(seq === 1 ? [{ type: 'hello' as const, instance: 'g1' }] : []),
    { type: 'open', conn, ip: '127.0.0.1', port: 5000 + conn, localIp: '127.0.0.1', localPort: 6667, tls: false },
    { type: 'line', conn, line: `NICK ${nick}` },
    { type: 'line', conn, line: `USER ${nick} 0 * :${nick}` },
  ];
  return { k: 'gw', t, gw: 'gw1', gi: 'g1', seq, ack: 0, events };
}

const nicks = (items: readonly NetOutItem[]) =>
  items.map((i) => (i.event.type === 'user' ? i.event.user.nick : i.event.type));

/** Takes a portal batch as the adapter does: admitted, then applied. */
function take(state: SequencedState, batch: NetInBatch, t: number, carry: boolean): InputRecord {
  const admission = state.admitPortal(batch, t, carry);
  if (!('take' in admission)) throw new Error(`not taken: ${admission.skip}`);
  state.apply(admission.take, noFault);
  return admission.take;
}

describe('SequencedState and a new portal instance', () => {
  /** Portal p1 took two users' items but acknowledged only the first run; state made a third while it was gone. */
  function withUnacknowledged() {
    const state = new SequencedState(config, 'lineage-1', 0);
    take(state, heartbeat('p1'), 100, false);
    state.apply(register(1, 1, 'alice', 200), noFault);
    const first = state.drain().portal;

    state.apply(register(5, 2, 'bob', 300), noFault);
    state.drain();
    state.acknowledgePortal('p1', (first?.runs[0]?.first ?? 0) + (first?.runs[0]?.items.length ?? 0) - 1);
    state.apply(register(8, 3, 'carol', 400), noFault);
    state.drain();
    return state;
  }

  it('hands what the previous instance had not acknowledged to the new one, in order, numbered from 1', () => {
    const state = withUnacknowledged();
    const record = take(state, heartbeat('p2'), 500, true);
    expect(record).toMatchObject({ k: 'net', pi: 'p2' });
    expect(record.k === 'net' && record.carry).toBeGreaterThan(0);
    const runs = state.portalBacklog('p2', 0)?.runs ?? [];
    const items = runs.flatMap((r) => r.items);
    expect(runs.map((r) => r.first)).toEqual([1]);
    expect(nicks(items).filter((n) => n !== 'umode')).toEqual(['bob', 'carol']);
    // New items follow them.
    state.apply(register(11, 4, 'dave', 600), noFault);
    expect(state.drain().portal?.runs[0]?.first).toBe(items.length + 1);
  });

  it('starts the new instance empty when not told to carry (the previous one was gone too long)', () => {
    const state = withUnacknowledged();
    const record = take(state, heartbeat('p2'), 500, false);
    expect(record).not.toHaveProperty('carry');
    expect(state.portalBacklog('p2', 0)?.runs).toEqual([]);
  });

  it('makes the same hand-over when the record is replayed, even if the replay kept more (acks of heartbeats are not journaled)', () => {
    const live = withUnacknowledged();
    const record = take(live, heartbeat('p2'), 500, true);
    const replayed = new SequencedState(config, 'lineage-1', 0);
    take(replayed, heartbeat('p1'), 100, false);
    for (const [seq, conn, nick, t] of [
      [1, 1, 'alice', 200],
      [5, 2, 'bob', 300],
      [8, 3, 'carol', 400],
    ] as const) {
      replayed.apply(register(seq, conn, nick, t), noFault);
      replayed.drain();
    }
    replayed.apply(JSON.parse(JSON.stringify(record)) as InputRecord, noFault);
    expect(replayed.portalBacklog('p2', 0)).toEqual(live.portalBacklog('p2', 0));
  });
});
