import type { NetEvent } from '@portalchat/protocol';
import { netInItemJson, readWireEvent, toWireEvent, wireTargets } from './wire-event';

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

  it.each([
    ['as encoded at its origin', JSON.stringify(wallops)],
    ['with whitespace around it', ` ${JSON.stringify(wallops, null, 1)}\n `],
    [
      'with a stamp of its own, which the wire stamp replaces',
      '{"type":"wallops","stamp":{"seq":99},"from":"a.test","text":"hi"}',
    ],
    ['with fields this version does not know', '{"type":"wallops","from":"a.test","text":"hi","extra":[1,{"x":"}"}]}'],
  ])('give state, %s, the item readWireEvent reads, without encoding it again', (_, json) => {
    const wire = { ...toWireEvent(wallops, { origin: 10, epoch: 7, seq: 3 }, [11]), json };
    const read = readWireEvent(wire);
    expect(typeof read).toBe('object');
    expect(JSON.parse(netInItemJson(wire))).toEqual({ type: 'event', event: read });
    expect(read).toMatchObject({ stamp: { origin: 10, epoch: 7, seq: 3 } });
  });
});
