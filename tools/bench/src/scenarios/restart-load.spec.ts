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

  it('keeps every sender inside its own channel', () => {
    expect(channelSenders(3, 2, 3).map(([g]) => Math.floor(g / 2))).toEqual([0, 1, 2]);
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
