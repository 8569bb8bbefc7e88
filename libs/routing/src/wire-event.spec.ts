import type { NetEvent } from '@portalchat/protocol';
import { readWireEvent, toWireEvent, wireTargets } from './wire-event';

const wallops: NetEvent = { type: 'wallops', from: 'a.test', text: 'hi' };

describe('wire events', () => {
  it('carry the stamp beside the JSON and give the stamped event back', () => {
    const wire = toWireEvent(wallops, { origin: 10, epoch: 7, seq: 3 }, [11]);
    expect(wire).toEqual({ origin: 10, epoch: 7, seq: 3, targets: [11], json: JSON.stringify(wallops) });
    expect(readWireEvent(wire)).toEqual({ ...wallops, stamp: { origin: 10, epoch: 7, seq: 3 } });
  });

  it('spell "every server" as no targets on the wire and as undefined in the contract', () => {
    const wire = toWireEvent(wallops, { origin: 10, epoch: 7, seq: 1 }, undefined);
    expect(wire.targets).toEqual([]);
    expect(wireTargets(wire)).toBeUndefined();
    expect(wireTargets({ ...wire, targets: [12] })).toEqual([12]);
  });

  it('tell why an event cannot be read instead of throwing', () => {
    const wire = toWireEvent(wallops, { origin: 10, epoch: 7, seq: 1 }, undefined);
    expect(readWireEvent({ ...wire, json: '{"type":' })).toMatch(/^unreadable JSON/);
    expect(readWireEvent({ ...wire, json: '{"type":"teleport"}' })).toBe('unknown event type "teleport"');
  });
});
