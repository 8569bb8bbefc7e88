import type { NetEvent } from '@portalchat/protocol';
import { A, B, C, threeServerStar } from '../../testing/networks';
import { burstEvents } from './burst';

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
