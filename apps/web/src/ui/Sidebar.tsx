import type { ChatState } from '../irc/chat-types';
import type { ChatClient } from '../net/chat-client';

/** The list of windows (server, channels, private chats) with unread and mention counts. */
export function Sidebar(props: { state: ChatState; client: ChatClient; onPick: () => void; onChannels: () => void }) {
  const { state, client } = props;
  return (
    <nav class="sidebar" aria-label="Windows">
      <div class="sidebar-head">
        <span class="network">{state.support.network ?? 'Portalchat'}</span>
        <span class="me" title="Your nick">
          {state.me}
        </span>
      </div>
      <ul class="buffers">
        {state.order.map((key) => {
          const buffer = state.buffers[key];
          if (!buffer) return null;
          const classes = [
            'buffer',
            key === state.active ? 'active' : '',
            buffer.unread > 0 ? 'unread' : '',
            buffer.mentions > 0 ? 'mentioned' : '',
            buffer.kind === 'channel' && !buffer.joined ? 'parted' : '',
          ].join(' ');
          return (
            <li key={key}>
              <button
                class={classes}
                data-buffer={buffer.name}
                aria-current={key === state.active ? 'page' : undefined}
                onClick={() => {
                  client.select(key);
                  props.onPick();
                }}
              >
                <span class="buffer-name">{buffer.kind === 'server' ? 'Server' : buffer.name}</span>
                {buffer.mentions > 0 ? (
                  <span class="badge mention" aria-label={`${buffer.mentions} mentions`}>
                    {buffer.mentions}
                  </span>
                ) : buffer.unread > 0 ? (
                  <span class="badge" aria-label={`${buffer.unread} unread`}>
                    {buffer.unread}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      <button class="secondary channels-button" onClick={props.onChannels}>
        Channels…
      </button>
    </nav>
  );
}
