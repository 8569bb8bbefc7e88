import { useEffect, useState } from 'preact/hooks';
import { SERVER_KEY } from '../irc/chat-types';
import { type ChatClient, sameOriginUrl } from '../net/chat-client';
import { ChannelList } from './ChannelList';
import { BellIcon, PeopleIcon } from './icons';
import { Composer } from './Composer';
import { LoginForm } from './LoginForm';
import { MemberList } from './MemberList';
import { MessageList } from './MessageList';
import { askPermission, notificationsSupported, notify } from './notifications';
import { Sidebar } from './Sidebar';
import { saveTheme, storedTheme, systemTheme } from './theme';
import { useChatState } from './use-chat';

/** On a narrow screen one pane shows at a time; on a wide one all three stand side by side. */
type Pane = 'nav' | 'chat' | 'members' | 'channels';

/** The width below which one pane shows at a time (the same as in styles.css). */
const NARROW = '(max-width: 760px)';

export function App(props: { client: ChatClient }) {
  const { client } = props;
  const state = useChatState(client);
  const [pane, setPane] = useState<Pane>('chat');
  const [showChannels, setShowChannels] = useState(false);
  const [showMembers, setShowMembers] = useState(true);
  const [theme, setTheme] = useState(() => storedTheme() ?? systemTheme());
  const [permission, setPermission] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'));

  // While disconnected, the countdown to the next attempt is redrawn every second.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (state.status !== 'disconnected') return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [state.status]);

  const alert = state.alert;
  useEffect(() => {
    if (!alert) return;
    const buffer = state.buffers[alert.buffer];
    notify(
      alert,
      buffer?.kind === 'query' ? `${alert.from} (private)` : (buffer?.name ?? 'Portalchat'),
      state.active === alert.buffer,
    );
  }, [alert?.seq]);

  const unread = Object.values(state.buffers).reduce((n, b) => n + b.mentions, 0);
  // On a phone the window list is hidden: its button shows what waits in the other windows.
  const unreadElsewhere = Object.values(state.buffers).reduce((n, b) => n + b.unread, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Portalchat` : 'Portalchat';
  }, [unread]);

  if (state.status === 'idle') {
    return <LoginForm onConnect={(values) => client.connect({ ...values, url: sameOriginUrl(window.location) })} />;
  }

  const buffer = state.buffers[state.active] ?? state.buffers[SERVER_KEY];
  if (!buffer) return null;
  const isChannel = buffer.kind === 'channel';
  const channelsOpen = showChannels || pane === 'channels';
  const openChannels = () => {
    setShowChannels(true);
    setPane('channels');
    client.requestList();
  };
  const closeChannels = () => {
    setShowChannels(false);
    setPane('chat');
  };
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    setTheme(next);
    saveTheme(next);
  };
  const retryIn = state.disconnect?.retryAt
    ? Math.max(0, Math.round((state.disconnect.retryAt - Date.now()) / 1000))
    : undefined;

  return (
    <div class={`layout pane-${pane}${isChannel && showMembers ? ' with-members' : ''}`}>
      <Sidebar
        state={state}
        client={client}
        onPick={() => {
          setPane('chat');
          setShowChannels(false);
        }}
        onChannels={openChannels}
      />
      {channelsOpen ? (
        <ChannelList
          state={state}
          onJoin={(channel) => {
            client.join(channel);
            closeChannels();
          }}
          onRefresh={() => client.requestList()}
          onClose={closeChannels}
        />
      ) : (
        <main class="chat" aria-label={buffer.kind === 'server' ? 'Server messages' : buffer.name}>
          <header class="pane-head chat-head">
            <button class="icon narrow-only" aria-label="Windows" onClick={() => setPane('nav')}>
              ☰{unreadElsewhere > 0 && <span class="badge">{unreadElsewhere}</span>}
            </button>
            <div class="title">
              <h2>{buffer.kind === 'server' ? (state.support.network ?? 'Server') : buffer.name}</h2>
              {isChannel && (
                <p class="topic" title={buffer.topic}>
                  {buffer.topic || 'No topic'}
                </p>
              )}
              {buffer.kind === 'query' && <p class="topic">Private chat</p>}
            </div>
            {permission === 'default' && (
              <button
                class="icon"
                aria-label="Desktop notifications for mentions and private messages"
                title="Desktop notifications for mentions and private messages"
                onClick={() => void askPermission().then(setPermission)}
              >
                <BellIcon />
              </button>
            )}
            <button
              class="icon"
              aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
              onClick={toggleTheme}
            >
              {theme === 'dark' ? '☀' : '☾'}
            </button>
            {isChannel && (
              <button
                class="icon"
                aria-label="Members"
                onClick={() => {
                  if (window.matchMedia(NARROW).matches) setPane(pane === 'members' ? 'chat' : 'members');
                  else setShowMembers(!showMembers);
                }}
              >
                <PeopleIcon />
              </button>
            )}
            {buffer.kind !== 'server' && (
              <button class="icon" aria-label={`Close ${buffer.name}`} onClick={() => client.close(buffer.key)}>
                ✕
              </button>
            )}
          </header>
          {state.status !== 'connected' && (
            <div class="status-bar" role="status">
              {state.status === 'disconnected'
                ? `Disconnected (${state.disconnect?.reason ?? ''})${retryIn !== undefined ? `; reconnecting in ${retryIn} s` : ''}`
                : 'Connecting…'}
              {state.status === 'disconnected' && (
                <button class="secondary" onClick={() => client.retryNow()}>
                  {retryIn !== undefined ? 'Reconnect now' : 'Connect again'}
                </button>
              )}
            </div>
          )}
          <MessageList buffer={buffer} />
          <Composer
            placeholder={buffer.kind === 'server' ? 'Type /join #channel or /help' : `Message ${buffer.name}`}
            disabled={state.status !== 'connected'}
            onSend={(text) => client.input(text)}
          />
        </main>
      )}
      {isChannel && (showMembers || pane === 'members') && !channelsOpen && (
        <MemberList
          buffer={buffer}
          support={state.support}
          onPick={(nick) => {
            client.openQuery(nick);
            setPane('chat');
          }}
        />
      )}
    </div>
  );
}
