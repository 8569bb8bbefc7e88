import { parseMessage } from '@portalchat/protocol';
import { SERVER_KEY, type ChatState } from './chat-types';
import { initialState, reduce, type ChatEvent } from './reducer';

const NOW = Date.parse('2026-12-04T12:00:00.000Z');

/** The state after server lines (strings) and other events, from a fresh session of `me`. */
function after(me: string, ...items: Array<string | ChatEvent>): ChatState {
  let state = reduce(initialState(me), { type: 'registering' });
  for (const item of items) {
    state = reduce(state, typeof item === 'string' ? { type: 'line', msg: parseMessage(item), now: NOW } : item);
  }
  return state;
}

const WELCOME = [
  ':irc 001 me :Welcome to Portalnet me',
  ':irc 005 me PREFIX=(qov).@+ CHANTYPES=#& CHANMODES=beI,k,l,imnpst NETWORK=Portalnet :are supported',
];
const JOINED = [
  ...WELCOME,
  ':me!~me@h JOIN #chat',
  ':irc 332 me #chat :Welcome to #chat',
  ':irc 353 me = #chat :.@me +bob',
  ':irc 353 me = #chat :carol',
  ':irc 366 me #chat :End of /NAMES list.',
];

const chat = (s: ChatState) => s.buffers['#chat'];
const texts = (s: ChatState, key: string) => s.buffers[key]?.lines.map((l) => `${l.kind}:${l.from ?? ''}:${l.text}`);

describe('reduce: channels', () => {
  it('opens a joined channel with its topic and the members NAMES listed (multi-prefix, IRCX owner)', () => {
    const s = after('me', ...JOINED);
    expect(s.status).toBe('connected');
    expect(s.support.network).toBe('Portalnet');
    expect(chat(s)).toMatchObject({ name: '#chat', joined: true, topic: 'Welcome to #chat' });
    expect(chat(s)?.members).toEqual({
      me: { nick: 'me', modes: 'qo' },
      bob: { nick: 'bob', modes: 'v' },
      carol: { nick: 'carol', modes: '' },
    });
  });

  it('selects a channel joined from the page when the server confirms it', () => {
    const s = after('me', ...WELCOME, { type: 'join-requested', channel: '#Chat' }, ':me!~me@h JOIN #chat');
    expect(s.active).toBe('#chat');
    expect(s.selectOnJoin).toEqual([]);
  });

  it('follows joins, parts, kicks, quits, nick changes and status modes', () => {
    const s = after(
      'me',
      ...JOINED,
      ':dave!~d@h JOIN #chat',
      ':me!~me@h MODE #chat +o-v+v dave bob dave',
      ':carol!~c@h PART #chat :bye',
      ':me!~me@h KICK #chat bob :behave',
      ':dave!~d@h NICK dan',
    );
    expect(chat(s)?.members).toEqual({ me: { nick: 'me', modes: 'qo' }, dan: { nick: 'dan', modes: 'ov' } });
    expect(texts(s, '#chat')?.slice(-5)).toEqual([
      'join:dave:dave joined',
      'mode:me:me set mode +o-v+v dave bob dave',
      'part:carol:carol left (bye)',
      'kick:me:me kicked bob (behave)',
      'nick::dave is now dan',
    ]);
    const quit = reduce(s, { type: 'line', msg: parseMessage(':dan!~d@h QUIT :Quit: gone'), now: NOW });
    expect(chat(quit)?.members).toEqual({ me: { nick: 'me', modes: 'qo' } });
    expect(texts(quit, '#chat')?.slice(-1)).toEqual(['quit::dan quit (Quit: gone)']);
  });

  it('marks the channel left when the user is kicked, and the kick as a mention', () => {
    const s = after('me', ...JOINED, ':bob!~b@h KICK #chat me :out');
    expect(chat(s)).toMatchObject({ joined: false, members: {} });
    expect(chat(s)?.lines.slice(-1)[0]).toMatchObject({ kind: 'kick', mention: true });
  });

  it('keeps the topic set with TOPIC', () => {
    expect(chat(after('me', ...JOINED, ':bob!~b@h TOPIC #chat :new topic'))?.topic).toBe('new topic');
  });
});

describe('reduce: messages', () => {
  it('uses the server-time tag for the time and keeps the msgid', () => {
    const s = after('me', ...JOINED, '@time=2026-12-01T08:30:00.000Z;msgid=abc :bob!~b@h PRIVMSG #chat :hello');
    expect(chat(s)?.lines.slice(-1)[0]).toMatchObject({
      kind: 'message',
      from: 'bob',
      text: 'hello',
      msgid: 'abc',
      time: Date.parse('2026-12-01T08:30:00.000Z'),
      mention: false,
    });
  });

  it('counts unread lines and mentions in windows that are not open, and raises an alert for a mention', () => {
    const s = after(
      'me',
      ...JOINED,
      { type: 'select', key: SERVER_KEY },
      ':bob!~b@h PRIVMSG #chat :hi all',
      ':bob!~b@h PRIVMSG #chat :ME: are you there?',
      ':bob!~b@h PRIVMSG #chat :\x01ACTION waves\x01',
    );
    expect(chat(s)).toMatchObject({ unread: 3, mentions: 1 });
    expect(chat(s)?.lines.slice(-1)[0]).toMatchObject({ kind: 'action', text: 'waves' });
    expect(s.alert).toMatchObject({ buffer: '#chat', from: 'bob', text: 'ME: are you there?' });
    const opened = reduce(s, { type: 'select', key: '#chat' });
    expect(chat(opened)).toMatchObject({ unread: 0, mentions: 0 });
  });

  it('does not take a nick inside another word as a mention', () => {
    const s = after('me', ...JOINED, ':bob!~b@h PRIVMSG #chat :meet someone');
    expect(chat(s)?.lines.slice(-1)[0]?.mention).toBe(false);
  });

  it('puts the "new" marker after what was seen when a window was left', () => {
    let s = after('me', ...JOINED, ':bob!~b@h PRIVMSG #chat :seen');
    s = reduce(s, { type: 'select', key: '#chat' });
    const seenSeq = chat(s)?.lines.slice(-1)[0]?.seq;
    s = reduce(s, { type: 'select', key: SERVER_KEY });
    expect(chat(s)?.markerSeq).toBe(seenSeq);
  });

  it('opens a private chat for a private message, counted as a mention', () => {
    const s = after('me', ...WELCOME, ':Bob!~b@h PRIVMSG me :psst');
    expect(s.buffers['bob']).toMatchObject({ kind: 'query', name: 'Bob', unread: 1, mentions: 1 });
    expect(s.alert).toMatchObject({ buffer: 'bob', text: 'psst' });
  });

  it('shows an IRCX WHISPER in its channel, and the plain form (channel-context tag) too', () => {
    const ircx = after('me', ...JOINED, ':bob!~b@h WHISPER #chat me :secret');
    expect(chat(ircx)?.lines.slice(-1)[0]).toMatchObject({
      kind: 'whisper',
      from: 'bob',
      text: 'secret',
      mention: true,
    });
    const plain = after('me', ...JOINED, '@+draft/channel-context=#chat :bob!~b@h PRIVMSG me :secret');
    expect(chat(plain)?.lines.slice(-1)[0]).toMatchObject({ kind: 'whisper', from: 'bob', text: 'secret' });
    expect(plain.buffers['bob']).toBeUndefined();
  });

  it("shows the user's own lines", () => {
    const s = after('me', ...JOINED, { type: 'sent', target: '#chat', text: 'hi', kind: 'message', now: NOW });
    expect(chat(s)?.lines.slice(-1)[0]).toMatchObject({ from: 'me', text: 'hi', self: true, mention: false });
    expect(chat(s)?.unread).toBe(0);
  });

  it('shows server notices and errors', () => {
    const s = after(
      'me',
      ...WELCOME,
      ':irc NOTICE * :*** Looking up your hostname',
      ':irc 401 me nobody :No such nick/channel',
    );
    expect(texts(s, SERVER_KEY)?.slice(-2)).toEqual([
      'notice:irc:*** Looking up your hostname',
      'error::nobody No such nick/channel',
    ]);
  });
});

describe('reduce: history', () => {
  it('merges a chathistory batch into the channel by time, skipping lines it already has', () => {
    const s = after(
      'me',
      ...JOINED,
      '@time=2026-12-04T11:59:00.000Z;msgid=live1 :bob!~b@h PRIVMSG #chat :live line',
      ':irc BATCH +h1 chathistory #chat',
      '@batch=h1;time=2026-12-04T10:00:00.000Z;msgid=old1 :carol!~c@h PRIVMSG #chat :old one',
      '@batch=h1;time=2026-12-04T10:05:00.000Z;msgid=old2 :carol!~c@h PRIVMSG #chat :me: old two',
      '@batch=h1;time=2026-12-04T11:59:00.000Z;msgid=live1 :bob!~b@h PRIVMSG #chat :live line',
      ':irc BATCH -h1',
    );
    const lines = chat(s)?.lines ?? [];
    const messages = lines.filter((l) => l.kind === 'message');
    expect(messages.map((l) => [l.msgid, l.history])).toEqual([
      ['old1', true],
      ['old2', true],
      ['live1', false],
    ]);
    // Replayed lines are not news: no unread count, no mention, no alert.
    expect(messages[1]?.mention).toBe(false);
    expect(s.alert).toBeUndefined();
    expect(s.batches).toEqual({});
  });
});

describe('reduce: channel list and connection', () => {
  it('collects LIST and LISTX replies', () => {
    const list = after(
      'me',
      ...WELCOME,
      { type: 'list-requested' },
      ':irc 322 me #a 3 :topic a',
      ':irc 323 me :End of /LIST',
    );
    expect(list.channelList).toEqual({ loading: false, entries: [{ name: '#a', users: 3, topic: 'topic a' }] });
    const listx = after(
      'me',
      ...WELCOME,
      ':irc 811 me :Start of ListX',
      ':irc 812 me #b +nt 5 0 :topic b',
      ':irc 817 me :End of ListX',
    );
    expect(listx.channelList).toEqual({ loading: false, entries: [{ name: '#b', users: 5, topic: 'topic b' }] });
  });

  it('forgets members when the connection drops, and keeps the windows for the rejoin', () => {
    const s = after('me', ...JOINED, { type: 'disconnected', reason: 'lost', retryAt: NOW + 2000, now: NOW });
    expect(s.status).toBe('disconnected');
    expect(s.disconnect).toEqual({ reason: 'lost', retryAt: NOW + 2000 });
    expect(chat(s)).toMatchObject({ joined: false, members: {} });
  });

  it('tracks the capabilities acknowledged', () => {
    const s = after('me', ':irc CAP * ACK :batch draft/chathistory', ':irc CAP * DEL :batch');
    expect(s.caps).toEqual(['draft/chathistory']);
  });

  it('closes a window and opens the one before it', () => {
    const s = after('me', ...JOINED, { type: 'open', name: 'bob' }, { type: 'close', key: 'bob' });
    expect(s.buffers['bob']).toBeUndefined();
    expect(s.active).toBe('#chat');
  });
});

describe('reduce: echo-message', () => {
  it('shows an echoed line once, in the right window, and a history replay of it not again', () => {
    const s = after(
      'me',
      ...JOINED,
      '@time=2026-12-04T11:00:00.000Z;msgid=e1 :me!~me@h PRIVMSG #chat :my line',
      '@time=2026-12-04T11:00:01.000Z;msgid=e2 :me!~me@h PRIVMSG bob :to bob',
      '@time=2026-12-04T11:00:02.000Z;msgid=e3 :me!~me@h WHISPER #chat bob :psst',
      ':irc BATCH +h2 chathistory #chat',
      '@batch=h2;time=2026-12-04T11:00:00.000Z;msgid=e1 :me!~me@h PRIVMSG #chat :my line',
      ':irc BATCH -h2',
    );
    expect(chat(s)?.lines.filter((l) => l.text === 'my line')).toHaveLength(1);
    expect(chat(s)?.lines.slice(-1)[0]).toMatchObject({ kind: 'whisper', text: '(to bob) psst', self: true });
    expect(s.buffers['bob']?.lines[0]).toMatchObject({ from: 'me', text: 'to bob', self: true, mention: false });
    expect(s.alert).toBeUndefined();
  });
});
