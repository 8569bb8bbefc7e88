/**
 * Who sends and who listens in the restart scenario's channels. Client g is on server
 * g % servers and in channel ⌊g / members⌋ (setUpChannels' layout).
 */

/**
 * One sender per channel: channel c's sender is its member on server c % servers, so the
 * senders are spread over the servers in turn. (Each channel's first member would put every
 * sender on one server whenever members is a multiple of servers, and the killed host's
 * clients would never send.) A channel with fewer members than servers has its first member send.
 */
export function channelSenders(channels: number, members: number, servers: number): Array<[number, string]> {
  return Array.from({ length: channels }, (_, c): [number, string] => {
    const first = c * members;
    const offset = (((c - first) % servers) + servers) % servers;
    return [first + (offset < members ? offset : 0), `#c${c}`];
  });
}

/** [receiver, sender]: every member of a channel but its sender, with that sender. */
export function listeningPairs(senders: ReadonlyArray<[number, string]>, members: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const [c, [sender]] of senders.entries()) {
    for (let g = c * members; g < (c + 1) * members; g++) if (g !== sender) pairs.push([g, sender]);
  }
  return pairs;
}
