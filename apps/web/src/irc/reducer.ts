import type { IrcMessage } from '@portalchat/protocol';
import { SERVER_KEY, type ChatState, type LineKind } from './chat-types';
import { appendLine, bufferKey, ensureBuffer, newBuffer, removeBuffer, selectBuffer, updateBuffer } from './buffers';
import { DEFAULT_SUPPORT, isChannelName } from './isupport';
import { applyLine } from './server-lines';

/** What changes the chat state: lines from the server, the connection's life, and the user. */
export type ChatEvent =
  | { type: 'connecting' }
  | { type: 'registering' }
  | { type: 'disconnected'; reason: string; retryAt?: number; now: number }
  | { type: 'line'; msg: IrcMessage; now: number }
  /** The user said something, on a server without echo-message (else the echo shows it). */
  | { type: 'sent'; target: string; text: string; kind: 'message' | 'action' | 'notice' | 'whisper'; now: number }
  | { type: 'note'; text: string; kind: 'info' | 'error'; now: number; buffer?: string }
  | { type: 'open'; name: string }
  | { type: 'select'; key: string }
  | { type: 'close'; key: string }
  | { type: 'join-requested'; channel: string }
  | { type: 'list-requested' };

export function initialState(nick = ''): ChatState {
  const server = { ...newBuffer('Server', 'server'), key: SERVER_KEY };
  return {
    status: 'idle',
    me: nick,
    ircx: false,
    caps: [],
    support: DEFAULT_SUPPORT,
    buffers: { [SERVER_KEY]: server },
    order: [SERVER_KEY],
    active: SERVER_KEY,
    channelList: { loading: false, entries: [] },
    batches: {},
    selectOnJoin: [],
    seq: 0,
  };
}

export function reduce(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case 'connecting':
      return { ...state, status: 'connecting' };
    case 'registering':
      // A new session: what the server said about the last one no longer holds.
      return { ...state, status: 'registering', caps: [], ircx: false, support: DEFAULT_SUPPORT, batches: {} };
    case 'disconnected': {
      let next: ChatState = {
        ...state,
        status: 'disconnected',
        disconnect: { reason: event.reason, ...(event.retryAt !== undefined ? { retryAt: event.retryAt } : {}) },
      };
      for (const key of next.order) {
        next = updateBuffer(next, key, (b) => (b.kind === 'channel' ? { ...b, joined: false, members: {} } : b));
      }
      return appendLine(
        next,
        next.active === SERVER_KEY ? SERVER_KEY : (next.buffers[next.active]?.name ?? SERVER_KEY),
        'server',
        { time: event.now, kind: 'error', text: `Disconnected: ${event.reason}`, mention: false, self: false },
      );
    }
    case 'line':
      return applyLine(state, event.msg, event.now);
    case 'sent': {
      const kind: LineKind = event.kind;
      const isChannel = isChannelName(state.support, event.target);
      return appendLine(state, event.target, isChannel ? 'channel' : 'query', {
        time: event.now,
        kind,
        from: state.me,
        text: event.text,
        mention: false,
        self: true,
      });
    }
    case 'note': {
      const target = event.buffer ?? state.buffers[state.active]?.name ?? SERVER_KEY;
      const key = bufferKey(target);
      const name = state.buffers[key] ? target : SERVER_KEY;
      return appendLine(state, name, 'server', {
        time: event.now,
        kind: event.kind,
        text: event.text,
        mention: false,
        self: false,
      });
    }
    case 'open': {
      const kind = isChannelName(state.support, event.name) ? 'channel' : 'query';
      return selectBuffer(ensureBuffer(state, event.name, kind), bufferKey(event.name));
    }
    case 'select':
      return selectBuffer(state, event.key);
    case 'close':
      return removeBuffer(state, event.key);
    case 'join-requested':
      return { ...state, selectOnJoin: [...state.selectOnJoin, bufferKey(event.channel)] };
    case 'list-requested':
      return { ...state, channelList: { loading: true, entries: [] } };
  }
}
