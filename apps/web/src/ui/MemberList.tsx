import type { ChatBuffer } from '../irc/chat-types';
import type { ServerSupport } from '../irc/isupport';
import { displayPrefix, statusRank } from '../irc/names';
import { nickColour } from './format';

/** Members of a channel, owners first, then hosts, voices and everyone else, each by nick. */
export function MemberList(props: { buffer: ChatBuffer; support: ServerSupport; onPick: (nick: string) => void }) {
  const { buffer, support } = props;
  const members = Object.values(buffer.members).sort(
    (a, b) =>
      statusRank(support, a.modes) - statusRank(support, b.modes) ||
      a.nick.localeCompare(b.nick, undefined, { sensitivity: 'base' }),
  );
  return (
    <aside class="members" aria-label={`Members of ${buffer.name}`}>
      <h2>{members.length} members</h2>
      <ul>
        {members.map((m) => (
          <li key={m.nick}>
            <button class="member" title={`Private chat with ${m.nick}`} onClick={() => props.onPick(m.nick)}>
              <span class="prefix">{displayPrefix(support, m.modes)}</span>
              <span class={`nick-${nickColour(m.nick)}`}>{m.nick}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
