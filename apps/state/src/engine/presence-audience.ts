import type { ChatState } from '../model/chat-state';
import type { User } from '../model/types';
import { seesInChannel } from './auditorium';
import { extendedMonitorWatchers } from './monitor';

/**
 * Who hears of a change to `user` that capability `cap` announces (AWAY, ACCOUNT, CHGHOST,
 * SETNAME): the local peers that see it in a shared channel and asked for `cap`, the local
 * extended-monitor clients that MONITOR it with `cap`, and, with `self`, the user itself when it
 * asked for `cap`. Each once.
 */
export function presenceAudience(state: ChatState, user: User, cap: string, self: boolean): User[] {
  const audience = new Set<User>();
  if (self && user.local?.caps.has(cap)) audience.add(user);
  const peers = state.peersOf(user, (channel, peer) => seesInChannel(channel, peer, user));
  for (const peer of peers) if (peer.local?.caps.has(cap)) audience.add(peer);
  for (const watcher of extendedMonitorWatchers(state, user, cap)) audience.add(watcher);
  return [...audience];
}
