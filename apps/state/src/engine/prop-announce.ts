import type { Channel, User } from '../model/types';
import type { Announcer } from './announce';
import { isWriteOnlyProp } from './prop-rules';

/**
 * What local members see when a channel property changes, made here (PROP) or arriving from the
 * network (`prop` event): one function so both paths print the same lines.
 *
 * - IRCX sessions get `:<n!u@h> PROP <chan> <prop> :<value>` (an empty value: deleted).
 * - Plain IRC sessions get the IRC equivalent where there is one: TOPIC for TOPIC, `MODE +k/-k`
 *   for MEMBERKEY; nothing for the other properties (IRC has no word for them).
 * - OWNERKEY and HOSTKEY are write-only: only IRCX owners (and the setter, as confirmation) see
 *   the echo. MEMBERKEY is the +k key, which members see in 324 anyway, so all members get it.
 */
export function announcePropChange(
  a: Announcer,
  channel: Channel,
  prefix: string,
  name: string,
  value: string,
  setter?: User,
): void {
  const ircx: User[] = [];
  const irc: User[] = [];
  const secret = isWriteOnlyProp(name) && name !== 'MEMBERKEY';
  for (const m of channel.members.values()) {
    if (!m.user.local) continue;
    if (m.user.local.ircx) {
      if (!secret || m.modes.has('q') || m.user === setter) ircx.push(m.user);
    } else irc.push(m.user);
  }
  // A setter who is not a member (an admin) still gets the confirmation.
  if (setter?.local?.ircx && !channel.members.has(setter.uid)) ircx.push(setter);
  const tags = { time: a.now, msgid: a.nextMsgId() };
  if (ircx.length) a.out.deliver(ircx, { prefix, command: 'PROP', params: [channel.name, name, value] }, tags);
  if (!irc.length) return;
  if (name === 'TOPIC') a.out.deliver(irc, { prefix, command: 'TOPIC', params: [channel.name, value] }, tags);
  else if (name === 'MEMBERKEY') {
    const params = value === '' ? [channel.name, '-k', '*'] : [channel.name, '+k', value];
    a.out.deliver(irc, { prefix, command: 'MODE', params }, tags);
  }
}
