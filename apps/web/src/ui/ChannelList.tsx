import { useState } from 'preact/hooks';
import type { ChatState } from '../irc/chat-types';

/** The channel list (LIST, or LISTX on IRCX sessions) with a filter, and a field to join any channel. */
export function ChannelList(props: {
  state: ChatState;
  onJoin: (channel: string) => void;
  onRefresh: () => void;
  onClose: () => void;
}) {
  const { entries, loading } = props.state.channelList;
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const shown = entries
    .filter((e) => (e.name + ' ' + e.topic).toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => b.users - a.users || a.name.localeCompare(b.name));
  return (
    <section class="channel-list" aria-label="Channel list">
      <header class="pane-head">
        <h2>Channels</h2>
        <button class="secondary" onClick={props.onRefresh}>
          Refresh
        </button>
        <button class="icon" aria-label="Close the channel list" onClick={props.onClose}>
          ✕
        </button>
      </header>
      <form
        class="join-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') props.onJoin(name.trim());
          setName('');
        }}
      >
        <input
          name="channel"
          placeholder="#channel to join or create"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" class="primary">
          Join
        </button>
      </form>
      <input
        class="filter"
        type="search"
        placeholder="Filter"
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      {loading && <p class="muted">Loading…</p>}
      {!loading && shown.length === 0 && <p class="muted">No channels.</p>}
      <ul>
        {shown.map((e) => (
          <li key={e.name}>
            <button class="channel-entry" onClick={() => props.onJoin(e.name)} data-channel={e.name}>
              <span class="channel-name">{e.name}</span>
              <span class="users">{e.users}</span>
              <span class="topic muted">{e.topic}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
