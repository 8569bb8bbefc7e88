import { ircLower, MAX_LINE_BYTES, MAX_TAGS_BYTES } from '@portalchat/protocol';
import type { ChatState } from '../model/chat-state';

/**
 * What must hold of a ChatState after any input (the fuzz specs check it after every line):
 * the indexes agree with each other and the counts LUSERS shows agree with the data. Returns
 * the problems found, empty when all is well.
 */
export function stateProblems(state: ChatState): string[] {
  const problems: string[] = [];
  for (const [folded, channel] of state.channels) {
    if (ircLower(channel.name) !== folded) problems.push(`channel ${channel.name} is indexed as ${folded}`);
    if (channel.members.size === 0 && !channel.registered) problems.push(`channel ${channel.name} is empty`);
    const perServer = new Map<number, number>();
    for (const [uid, m] of channel.members) {
      if (m.user.uid !== uid) problems.push(`${channel.name}: member ${m.user.uid} is filed under ${uid}`);
      if (state.users.get(uid) !== m.user) problems.push(`${channel.name}: member ${m.user.nick} is not a user`);
      if (!m.user.channels.has(folded)) problems.push(`${channel.name}: ${m.user.nick} does not list the channel`);
      perServer.set(m.user.serverId, (perServer.get(m.user.serverId) ?? 0) + 1);
    }
    for (const [server, n] of channel.serverCounts) {
      if (perServer.get(server) !== n) problems.push(`${channel.name}: serverCounts says ${n} on ${server}`);
    }
    if (perServer.size !== channel.serverCounts.size) problems.push(`${channel.name}: serverCounts misses a server`);
  }
  let invisible = 0;
  let opers = 0;
  for (const [uid, user] of state.users) {
    if (user.uid !== uid) problems.push(`user ${user.nick} is filed under ${uid}`);
    if (state.nicks.get(ircLower(user.nick)) !== user) problems.push(`user ${user.nick} is not in the nick index`);
    for (const folded of user.channels) {
      if (state.channels.get(folded)?.members.get(uid)?.user !== user)
        problems.push(`${user.nick} lists ${folded} but is not a member`);
    }
    if (user.modes.has('i')) invisible++;
    if (user.modes.has('o')) opers++;
  }
  for (const [folded, user] of state.nicks) {
    if (state.users.get(user.uid) !== user) problems.push(`nick ${folded} points at a user who left`);
    if (ircLower(user.nick) !== folded) problems.push(`nick ${folded} points at ${user.nick}`);
  }
  if (state.nicks.size !== state.users.size) problems.push(`${state.nicks.size} nicks for ${state.users.size} users`);
  if (state.invisibleCount() !== invisible)
    problems.push(`invisible count ${state.invisibleCount()}, really ${invisible}`);
  if (state.operatorCount() !== opers) problems.push(`operator count ${state.operatorCount()}, really ${opers}`);
  let registered = 0;
  const perIp = new Map<string, number>();
  for (const conn of state.connections.values()) {
    perIp.set(conn.ip, (perIp.get(conn.ip) ?? 0) + 1);
    if (!conn.user) continue;
    registered++;
    if (state.users.get(conn.user.uid) !== conn.user) problems.push(`connection ${conn.key}'s user is gone`);
    if (conn.user.local !== conn) problems.push(`connection ${conn.key}'s user points elsewhere`);
  }
  if (state.localUserCount() !== registered)
    problems.push(`local user count ${state.localUserCount()}, really ${registered}`);
  for (const [ip, n] of state.connectionsByIp) {
    if (perIp.get(ip) !== n) problems.push(`connectionsByIp says ${n} from ${ip}, really ${perIp.get(ip) ?? 0}`);
  }
  if (perIp.size !== state.connectionsByIp.size) problems.push('connectionsByIp misses an IP');
  return problems;
}

/** The body limit of one line without its CR-LF, and the tag section's limit with its space. */
const MAX_BODY_BYTES = MAX_LINE_BYTES - 2;

/** What is wrong with one line a client received (already split at CR-LF), or undefined. */
export function outputLineProblem(line: string): string | undefined {
  if (/[\0\r\n]/.test(line)) return 'CR, LF or NUL inside a line';
  let body = line;
  if (line.startsWith('@')) {
    const space = line.indexOf(' ');
    const tagBytes = Buffer.byteLength(space === -1 ? line : line.slice(0, space + 1));
    if (tagBytes > MAX_TAGS_BYTES) return `tags of ${tagBytes} bytes`;
    body = space === -1 ? '' : line.slice(space + 1);
  }
  const bytes = Buffer.byteLength(body);
  return bytes > MAX_BODY_BYTES ? `a line of ${bytes} bytes without its tags` : undefined;
}
