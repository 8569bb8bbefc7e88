import type { ChatState } from '../model/chat-state';

/**
 * A plain, sorted view of the state for debugging and for tests that compare servers
 * (`state.info` with `snapshot: true`). Sorted so two equal states print equally.
 */
export function snapshotOf(state: ChatState) {
  const users = [...state.users.values()]
    .map((u) => ({
      uid: u.uid,
      nick: u.nick,
      username: u.username,
      hostname: u.hostname,
      server: u.serverName,
      modes: [...u.modes].sort().join(''),
      away: u.away ?? null,
    }))
    .sort((a, b) => a.uid.localeCompare(b.uid));
  const channels = [...state.channels.values()]
    .map((c) => ({
      name: c.name,
      createdAt: c.createdAt,
      modes: [...c.modes].sort().join(''),
      key: c.key ?? null,
      limit: c.limit ?? null,
      topic: c.topic?.text ?? null,
      bans: c.lists.b.map((e) => e.mask).sort(),
      members: [...c.members.values()].map((m) => `${[...m.modes].sort().join('')}:${m.user.nick}`).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  // Live K-, D- and G-lines by kind (GLINE tombstones left out: they only settle bursts).
  const bans = Object.fromEntries(
    (['K', 'D', 'G'] as const).map((kind) => [
      kind,
      state.serverBans[kind]
        .filter((ban) => !ban.removed)
        .map((ban) => ({ mask: ban.mask, expiresAt: ban.expiresAt, reason: ban.reason }))
        .sort((a, b) => a.mask.localeCompare(b.mask)),
    ]),
  );
  return { users, channels, bans };
}
