/**
 * Who sends and who listens in the restart scenario's channels. Client g is on server
 * g % servers and in channel ⌊g / members⌋ (setUpChannels' layout).
 */

/** One sender per channel, the channels' senders spread over the servers in turn. */
export function channelSenders(channels: number, members: number, servers: number): Array<[number, string]> {
  // The first member of every channel would put every sender on one server whenever
  // members is a multiple of servers: the killed host's clients would then never send.
  return Array.from({ length: channels }, (_, c): [number, string] => [
    c * members + (members > 1 ? c % Math.min(servers, members) : 0),
    `#c${c}`,
  ]);
}

/** [receiver, sender]: every member of a channel but its sender, with that sender. */
export function listeningPairs(senders: ReadonlyArray<[number, string]>, members: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const [c, [sender]] of senders.entries()) {
    for (let g = c * members; g < (c + 1) * members; g++) if (g !== sender) pairs.push([g, sender]);
  }
  return pairs;
}
