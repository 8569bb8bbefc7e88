import { channelSenders, listeningPairs } from './restart-load';

describe('channelSenders', () => {
  it('spreads the senders over the servers even when members is a multiple of servers', () => {
    const senders = channelSenders(4, 15, 3);
    expect(senders).toEqual([
      [0, '#c0'],
      [16, '#c1'],
      [32, '#c2'],
      [45, '#c3'],
    ]);
    expect(senders.map(([g]) => g % 3)).toEqual([0, 1, 2, 0]);
  });

  it('puts the sender of channel c on server c % servers whatever the channel size', () => {
    for (const members of [3, 4, 5, 50])
      expect(channelSenders(6, members, 3).map(([g]) => g % 3)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('keeps every sender inside its own channel', () => {
    for (const members of [1, 2, 50])
      expect(channelSenders(4, members, 3).map(([g]) => Math.floor(g / members))).toEqual([0, 1, 2, 3]);
  });
});

describe('listeningPairs', () => {
  it('pairs every other member of a channel with its sender', () => {
    expect(listeningPairs(channelSenders(2, 3, 3), 3)).toEqual([
      [1, 0],
      [2, 0],
      [3, 4],
      [5, 4],
    ]);
  });
});
