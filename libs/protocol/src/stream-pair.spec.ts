import type { DeliveryBatch, GatewayEvent, StateOp } from './envelopes';
import { StreamPair } from './stream-pair';

const op = (line: string): StateOp => ({ type: 'send', to: [1], line });

class StateStream extends StreamPair<GatewayEvent, StateOp> {}

/** A DeliveryBatch's fields as StreamPair.receive takes them. */
function delivery(fields: Partial<Omit<DeliveryBatch, 'v'>> & { ops: StateOp[] }): [string, number, number, StateOp[]] {
  return [fields.gi ?? 'gi-1', fields.first ?? 1, fields.ack ?? 0, fields.ops];
}

describe('StreamPair (a gateway: events out, ops in)', () => {
  it('numbers events from 1 and keeps them until state acknowledges them', () => {
    const s = new StateStream('gi-1');
    expect(s.number([{ type: 'hello', instance: 'gi-1' }])).toEqual({ seq: 1, ack: 0 });
    expect(
      s.number([
        { type: 'line', conn: 1, line: 'A' },
        { type: 'line', conn: 1, line: 'B' },
      ]),
    ).toEqual({
      seq: 2,
      ack: 0,
    });
    expect(s.unacknowledgedCount).toBe(3);
    s.receive(...delivery({ ack: 2, ops: [] }));
    expect(s.unacknowledged()).toEqual([{ first: 3, items: [{ type: 'line', conn: 1, line: 'B' }] }]);
    expect(s.heartbeat()).toEqual({ seq: 4, ack: 0 });
  });

  it('applies each op once and in order, and reports a hole', () => {
    const s = new StateStream('gi-1');
    expect(s.receive(...delivery({ first: 1, ops: [op('a'), op('b')] }))).toEqual({
      items: [op('a'), op('b')],
      gap: false,
    });
    // Sent again after a restart: only what is new is applied.
    expect(s.receive(...delivery({ first: 2, ops: [op('b'), op('c')] }))).toEqual({ items: [op('c')], gap: false });
    expect(s.receive(...delivery({ first: 2, ops: [op('b')] }))).toEqual({ items: [], gap: false });
    expect(s.receive(...delivery({ first: 9, ops: [op('i')] }))).toEqual({ items: [], gap: true });
    expect(s.heartbeat().ack).toBe(3);
  });

  it('ignores deliveries numbered for another instance', () => {
    const s = new StateStream('gi-1');
    expect(s.receive(...delivery({ gi: 'gi-0', ops: [op('old')] }))).toEqual({ items: [], gap: false });
  });

  it('tells a recovered state (same history) from one that started empty (another history)', () => {
    const s = new StateStream('gi-1');
    expect(s.sawState('state-A', 'h1')).toBe('first');
    expect(s.sawState('state-A', 'h1')).toBe('same');
    expect(s.sawState('state-B', 'h1')).toBe('resumed');
    expect(s.sawState('state-C', 'h2')).toBe('new-history');
  });

  it('starts both streams afresh under a new instance', () => {
    const s = new StateStream('gi-1');
    s.number([{ type: 'hello', instance: 'gi-1' }]);
    s.receive(...delivery({ ops: [op('a')] }));
    s.restart('gi-2');
    expect(s.instance).toBe('gi-2');
    expect(s.unacknowledgedCount).toBe(0);
    expect(s.number([{ type: 'hello', instance: 'gi-2' }])).toEqual({ seq: 1, ack: 0 });
  });

  it('calls a stall when events sent before the last tick wait and the ack has not moved since', () => {
    const s = new StateStream('gi-1');
    expect(s.stalledSinceLastTick()).toBe(false);
    s.number([{ type: 'hello', instance: 'gi-1' }]);
    s.number([{ type: 'line', conn: 1, line: 'A' }]);
    expect(s.stalledSinceLastTick()).toBe(false); // sent just now: they get a whole tick
    s.receive(...delivery({ ack: 1, ops: [] }));
    expect(s.stalledSinceLastTick()).toBe(false); // the ack moved during the tick
    expect(s.stalledSinceLastTick()).toBe(true); // event 2 still waits, no progress for a tick
    s.receive(...delivery({ ack: 2, ops: [] }));
    expect(s.stalledSinceLastTick()).toBe(false);
    expect(s.stalledSinceLastTick()).toBe(false); // nothing waits
  });
});
