import {
  RPL_NAMREPLY,
  RPL_IRCX,
  RPL_ISUPPORT,
  RPL_WELCOME,
  ircLower,
  RPL_ENDOFNAMES,
  RPL_LIST,
  RPL_LISTEND,
  RPL_LISTSTART,
  RPL_LISTXEND,
  RPL_LISTXLIST,
  RPL_LISTXSTART,
  RPL_NOTOPIC,
  RPL_TOPIC,
  type IrcMessage,
} from '@portalchat/protocol';
import { SERVER_KEY, type ChatLine, type ChatState, type LineKind, type Member } from './chat-types';
import { appendLine, bufferKey, ensureBuffer, mentions, mergeHistory, selectBuffer, updateBuffer } from './buffers';
import { applyIsupport, isChannelName } from './isupport';
import { parseModeChanges } from './mode-changes';
import { nickOf, parseNamesEntry, sortModes } from './names';

/** How the chat state changes with one line from the server. */

/** `\x01ACTION text\x01` (CTCP ACTION, `/me`): the text, or undefined for any other message. */
export function actionText(text: string): string | undefined {
  const CTCP = '\x01';
  if (!text.startsWith(`${CTCP}ACTION `)) return undefined;
  const body = text.slice(8);
  return body.endsWith(CTCP) ? body.slice(0, -1) : body;
}

/** A line's time: its `time` tag (server-time) when valid, else now. */
export function lineTime(msg: IrcMessage, now: number): number {
  const tagged = msg.tags?.['time'];
  const parsed = tagged === undefined ? NaN : Date.parse(tagged);
  return Number.isNaN(parsed) ? now : parsed;
}

type LineDraft = Omit<ChatLine, 'seq' | 'history'>;

/**
 * Where a line goes, and what it says, for lines that are shown in a window; undefined for state
 * changes with nothing to show. Used for live lines and, inside a chathistory batch, for replayed ones.
 */
function messageLine(state: ChatState, msg: IrcMessage, now: number): { target: string; line: LineDraft } | undefined {
  const from = nickOf(msg.prefix);
  const self = ircLower(from) === ircLower(state.me);
  const base = {
    time: lineTime(msg, now),
    from,
    self,
    mention: false,
    ...(msg.tags?.['msgid'] ? { msgid: msg.tags['msgid'] } : {}),
  };
  const [first = '', second = '', third = ''] = msg.params;
  switch (msg.command) {
    case 'PRIVMSG':
    case 'NOTICE': {
      const channel = isChannelName(state.support, first);
      // A WHISPER seen by a plain session arrives as a private PRIVMSG tagged with its channel.
      const context = msg.tags?.['+draft/channel-context'];
      const whisper = !channel && context !== undefined && isChannelName(state.support, context);
      const action = msg.command === 'PRIVMSG' ? actionText(second) : undefined;
      if (action === undefined && second.startsWith('\x01')) return undefined; // other CTCP
      const kind: LineKind = whisper
        ? 'whisper'
        : action !== undefined
          ? 'action'
          : msg.command === 'NOTICE'
            ? 'notice'
            : 'message';
      const text = action ?? second;
      // Notices from the server (no nick) and before registration go to the server window.
      const serverNotice = msg.command === 'NOTICE' && (from === '' || !msg.prefix?.includes('!'));
      const target = serverNotice ? SERVER_KEY : channel ? first : whisper ? (context ?? first) : self ? first : from;
      const privateLine = !channel && !serverNotice && !self;
      return { target, line: { ...base, kind, text, mention: !self && (privateLine || mentions(text, state.me)) } };
    }
    case 'WHISPER':
      // WHISPER <channel> <nick>{,<nick>} :<text>
      return {
        target: first,
        line: { ...base, kind: 'whisper', text: self ? `(to ${second}) ${third}` : third, mention: !self },
      };
    case 'JOIN':
      return { target: first, line: { ...base, kind: 'join', text: `${from} joined` } };
    case 'PART':
      return { target: first, line: { ...base, kind: 'part', text: `${from} left${second ? ` (${second})` : ''}` } };
    case 'KICK':
      return {
        target: first,
        line: {
          ...base,
          kind: 'kick',
          text: `${from} kicked ${second}${third ? ` (${third})` : ''}`,
          mention: ircLower(second) === ircLower(state.me),
        },
      };
    case 'TOPIC':
      return { target: first, line: { ...base, kind: 'topic', text: `${from} set the topic: ${second}` } };
    case 'MODE':
      if (!isChannelName(state.support, first)) return undefined;
      return {
        target: first,
        line: { ...base, kind: 'mode', text: `${from} set mode ${msg.params.slice(1).join(' ')}` },
      };
  }
  return undefined;
}

function setMember(
  state: ChatState,
  channel: string,
  nick: string,
  change: (m: Member | undefined) => Member | undefined,
): ChatState {
  return updateBuffer(state, bufferKey(channel), (b) => {
    const key = ircLower(nick);
    const members = { ...b.members };
    const next = change(members[key]);
    if (next) members[key] = next;
    else delete members[key];
    return { ...b, members };
  });
}

/** Every channel window `nick` is a member of. */
function channelsOf(state: ChatState, nick: string): string[] {
  const key = ircLower(nick);
  return state.order.filter((k) => state.buffers[k]?.kind === 'channel' && state.buffers[k]?.members[key]);
}

function info(state: ChatState, target: string, text: string, now: number, kind: LineKind = 'info'): ChatState {
  const name = target !== SERVER_KEY && state.buffers[bufferKey(target)] ? target : SERVER_KEY;
  return appendLine(state, name, 'server', { time: now, kind, text, mention: false, self: false });
}

/** The window the user has open, by name (for replies that belong wherever the user is). */
function activeName(state: ChatState): string {
  return state.buffers[state.active]?.name ?? SERVER_KEY;
}

export function applyLine(state: ChatState, msg: IrcMessage, now: number): ChatState {
  const batchId = msg.tags?.['batch'];
  const batch = batchId === undefined ? undefined : state.batches[batchId];
  if (batch) {
    // A replayed line: collected and merged into its window when the batch ends.
    const shown = messageLine(state, msg, now);
    if (!shown) return state;
    const line: ChatLine = { ...shown.line, seq: state.seq + 1, history: true, mention: false };
    return {
      ...state,
      seq: state.seq + 1,
      batches: { ...state.batches, [batchId as string]: { ...batch, lines: [...batch.lines, line] } },
    };
  }
  const next = applyState(state, msg, now);
  const shown = messageLine(next, msg, now);
  if (!shown) return next;
  const kind = shown.target === SERVER_KEY ? 'server' : isChannelName(next.support, shown.target) ? 'channel' : 'query';
  // State changes about channels the user is not in (a late line after a PART) have no window to go to.
  if (kind === 'channel' && !next.buffers[bufferKey(shown.target)]) return next;
  return appendLine(next, shown.target === SERVER_KEY ? SERVER_KEY : shown.target, kind, shown.line);
}

/** What a line changes besides the text shown: members, topics, nicks, lists, batches. */
function applyState(state: ChatState, msg: IrcMessage, now: number): ChatState {
  const p = msg.params;
  const from = nickOf(msg.prefix);
  const self = from !== '' && ircLower(from) === ircLower(state.me);
  const [first = '', second = ''] = p;
  const last = p[p.length - 1] ?? '';
  switch (msg.command) {
    case RPL_WELCOME:
      return info(
        { ...state, status: 'connected', me: first || state.me, disconnect: undefined },
        SERVER_KEY,
        last,
        now,
      );
    case RPL_ISUPPORT:
      return { ...state, support: applyIsupport(state.support, p.slice(1, -1)) };
    case RPL_IRCX:
      return { ...state, ircx: true };
    case 'CAP': {
      const sub = second.toUpperCase();
      const list = (p[2] === '*' ? p[3] : p[2])?.split(' ').filter((c) => c !== '') ?? [];
      if (sub === 'ACK') {
        const caps = new Set(state.caps);
        for (const c of list) {
          if (c.startsWith('-')) caps.delete(c.slice(1));
          else caps.add(c);
        }
        return { ...state, caps: [...caps] };
      }
      if (sub === 'DEL') return { ...state, caps: state.caps.filter((c) => !list.includes(c)) };
      return state;
    }
    case 'BATCH': {
      const ref = first;
      if (ref.startsWith('+')) {
        const type = second;
        if (type !== 'chathistory') return state;
        return { ...state, batches: { ...state.batches, [ref.slice(1)]: { type, target: p[2] ?? '', lines: [] } } };
      }
      if (ref.startsWith('-')) return closeBatch(state, ref.slice(1));
      return state;
    }
    case 'NICK': {
      let next = state;
      if (self) next = { ...next, me: first };
      const oldKey = ircLower(from);
      for (const key of channelsOf(next, from)) {
        next = updateBuffer(next, key, (b) => {
          const members = { ...b.members };
          const member = members[oldKey];
          delete members[oldKey];
          if (member) members[ircLower(first)] = { ...member, nick: first };
          return { ...b, members };
        });
        next = appendLine(next, next.buffers[key]?.name ?? key, 'channel', {
          time: lineTime(msg, now),
          kind: 'nick',
          text: `${from} is now ${first}`,
          mention: false,
          self,
        });
      }
      const query = next.buffers[oldKey];
      if (query?.kind === 'query' && !next.buffers[ircLower(first)]) {
        const buffers = { ...next.buffers };
        delete buffers[oldKey];
        const newKey = ircLower(first);
        buffers[newKey] = { ...query, key: newKey, name: first };
        next = {
          ...next,
          buffers,
          order: next.order.map((k) => (k === oldKey ? newKey : k)),
          active: next.active === oldKey ? newKey : next.active,
        };
      }
      return next;
    }
    case 'JOIN': {
      if (self) {
        const key = bufferKey(first);
        let next = ensureBuffer(state, first, 'channel');
        next = updateBuffer(next, key, (b) => ({ ...b, name: first, joined: true, members: {} }));
        if (next.selectOnJoin.includes(key)) {
          next = selectBuffer({ ...next, selectOnJoin: next.selectOnJoin.filter((k) => k !== key) }, key);
        }
        return next;
      }
      return setMember(state, first, from, (m) => m ?? { nick: from, modes: '' });
    }
    case 'PART':
      if (self) return updateBuffer(state, bufferKey(first), (b) => ({ ...b, joined: false, members: {} }));
      return setMember(state, first, from, () => undefined);
    case 'KICK':
      if (ircLower(second) === ircLower(state.me)) {
        return updateBuffer(state, bufferKey(first), (b) => ({ ...b, joined: false, members: {} }));
      }
      return setMember(state, first, second, () => undefined);
    case 'QUIT': {
      let next = state;
      for (const key of channelsOf(state, from)) {
        next = setMember(next, next.buffers[key]?.name ?? key, from, () => undefined);
        next = appendLine(next, next.buffers[key]?.name ?? key, 'channel', {
          time: lineTime(msg, now),
          kind: 'quit',
          text: `${from} quit${first ? ` (${first})` : ''}`,
          mention: false,
          self: false,
        });
      }
      return next;
    }
    case 'TOPIC':
      return updateBuffer(state, bufferKey(first), (b) => ({ ...b, topic: second }));
    case RPL_TOPIC: // <me> <channel> :<topic>
      return updateBuffer(state, bufferKey(second), (b) => ({ ...b, topic: last }));
    case RPL_NOTOPIC:
      return updateBuffer(state, bufferKey(second), (b) => ({ ...b, topic: '' }));
    case RPL_NAMREPLY: {
      // RPL_NAMREPLY <me> <symbol> <channel> :<names>
      const channel = p[2] ?? '';
      return updateBuffer(state, bufferKey(channel), (b) => {
        const pending = { ...(b.pendingNames ?? {}) };
        for (const entry of last.split(' ')) {
          if (entry === '') continue;
          const parsed = parseNamesEntry(state.support, entry);
          pending[ircLower(parsed.nick)] = parsed;
        }
        return { ...b, pendingNames: pending };
      });
    }
    case RPL_ENDOFNAMES: // <me> <channel>
      return updateBuffer(state, bufferKey(second), (b) => {
        const { pendingNames, ...rest } = b;
        return { ...rest, members: pendingNames ?? {} };
      });
    case 'MODE': {
      if (!isChannelName(state.support, first)) return state;
      let next = state;
      for (const change of parseModeChanges(state.support, second, p.slice(2))) {
        if (change.param === undefined || !state.support.prefixModes.includes(change.mode)) continue;
        const mode = change.mode;
        next = setMember(next, first, change.param, (m) =>
          m
            ? {
                ...m,
                modes: change.adding ? sortModes(state.support, m.modes + mode) : m.modes.replace(mode, ''),
              }
            : m,
        );
      }
      return next;
    }
    case RPL_LISTSTART:
    case RPL_LISTXSTART:
      return { ...state, channelList: { loading: true, entries: [] } };
    case RPL_LIST: // <me> <channel> <users> :<topic>
      return {
        ...state,
        channelList: {
          loading: true,
          entries: [...state.channelList.entries, { name: second, users: Number(p[2]) || 0, topic: last }],
        },
      };
    case RPL_LISTXLIST: // <me> <channel> <modes> <members> <limit> :<topic>
      return {
        ...state,
        channelList: {
          loading: true,
          entries: [...state.channelList.entries, { name: second, users: Number(p[3]) || 0, topic: p[5] ?? '' }],
        },
      };
    case RPL_LISTEND:
    case RPL_LISTXEND:
      return { ...state, channelList: { loading: false, entries: state.channelList.entries } };
    case 'ERROR':
      return info(state, SERVER_KEY, first, now, 'error');
    case 'FAIL':
      return info(state, activeName(state), `${p.slice(0, -1).join(' ')}: ${last}`, now, 'error');
  }
  if (/^\d{3}$/.test(msg.command)) return numeric(state, msg, now);
  return state;
}

/** Numerics shown as text: errors where the user is, the welcome and MOTD in the server window. */
function numeric(state: ChatState, msg: IrcMessage, now: number): ChatState {
  const code = Number(msg.command);
  const p = msg.params.slice(1);
  const text = p.join(' ');
  if (code >= 400 && code < 600) return info(state, activeName(state), text, now, 'error');
  if (code >= 900 && code < 1000)
    return info(state, SERVER_KEY, text, now, code >= 902 && code !== 903 ? 'error' : 'info');
  // Replies already shown elsewhere (topic, names, lists, history) or noise.
  const quiet = [5, 324, 329, 331, 332, 333, 353, 366, 321, 322, 323, 800, 811, 812, 813, 816, 817];
  if (quiet.includes(code)) return state;
  return info(
    state,
    code < 400 && code >= 300 && code !== 372 && code !== 375 && code !== 376 ? activeName(state) : SERVER_KEY,
    text,
    now,
  );
}

/** Lines collected in a chathistory batch go into their window when the batch ends. */
export function closeBatch(state: ChatState, id: string): ChatState {
  const batch = state.batches[id];
  if (!batch) return state;
  const batches = { ...state.batches };
  delete batches[id];
  let next: ChatState = { ...state, batches };
  if (batch.lines.length > 0) {
    const kind = isChannelName(state.support, batch.target) ? 'channel' : 'query';
    next = ensureBuffer(next, batch.target, kind);
    next = mergeHistory(next, bufferKey(batch.target), batch.lines);
  }
  return next;
}
