import { decodeEnvelope, type BurstChunk, type NetEvent } from '@portalchat/protocol';
import { A, B, C, threeServerStar } from '../../testing/networks';
import { burstEvents, encodeBurstChunks } from './burst';

describe('burstEvents', () => {
  it('sends users first, then channels, leaving out the excluded servers and their memberships', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #shared');
    alice.lines();
    bob.send('JOIN #shared');
    bob.send('JOIN #bobonly');
    bob.lines();
    const events = burstEvents(net.server(C).state, [B]);
    expect(events.map((e) => e.type)).toEqual(['user', 'channel']);
    const channel = events[1] as Extract<NetEvent, { type: 'channel' }>;
    expect(channel.channel.name).toBe('#shared');
    expect(channel.channel.members).toEqual([[alice.user.uid, 'o']]);
  });
});

describe('encodeBurstChunks', () => {
  const event = (n: number): NetEvent => ({ type: 'quit', uid: `U${n}`, reason: 'x'.repeat(50) });

  it('splits into chunks within the size limit and marks only the final one last', () => {
    const events = Array.from({ length: 40 }, (_, i) => event(i));
    const chunks = encodeBurstChunks(events, 1000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(1000);
    const decoded = chunks.map((c) => decodeEnvelope<BurstChunk>(c));
    expect(decoded.map((c) => c.last)).toEqual([...Array(chunks.length - 1).fill(false), true]);
    expect(decoded.flatMap((c) => c.events)).toEqual(events);
  });

  it('an empty burst is one empty final chunk', () => {
    expect(encodeBurstChunks([], 1000).map((c) => decodeEnvelope<BurstChunk>(c))).toEqual([{ v: 1, events: [], last: true }]);
  });
});
