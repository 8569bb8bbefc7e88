import { ircLower } from '@portalchat/protocol';
import { MAX_LINES, SERVER_KEY, type BufferKind, type ChatBuffer, type ChatLine, type ChatState } from './chat-types';

/** Window helpers for the reducer: each returns a new state and leaves the old one untouched. */

export function bufferKey(name: string): string {
  return name === SERVER_KEY ? SERVER_KEY : ircLower(name);
}

export function newBuffer(name: string, kind: BufferKind): ChatBuffer {
  return {
    key: bufferKey(name),
    name,
    kind,
    topic: '',
    members: {},
    joined: false,
    lines: [],
    unread: 0,
    mentions: 0,
    markerSeq: 0,
  };
}

/** The window `name`, created (at the end of the sidebar) when missing. */
export function ensureBuffer(state: ChatState, name: string, kind: BufferKind): ChatState {
  const key = bufferKey(name);
  if (state.buffers[key]) return state;
  return { ...state, buffers: { ...state.buffers, [key]: newBuffer(name, kind) }, order: [...state.order, key] };
}

export function updateBuffer(state: ChatState, key: string, change: (b: ChatBuffer) => ChatBuffer): ChatState {
  const buffer = state.buffers[key];
  if (!buffer) return state;
  return { ...state, buffers: { ...state.buffers, [key]: change(buffer) } };
}

/** Kinds of line that count as unread (joins and parts do not). */
const COUNTED = new Set(['message', 'action', 'notice', 'whisper']);

/**
 * Adds a live line to a window (created when missing): unread and mention counts go up when the
 * window is not the one open, and a mention raises an alert for a desktop notification.
 */
export function appendLine(
  state: ChatState,
  name: string,
  kind: BufferKind,
  line: Omit<ChatLine, 'seq' | 'history'>,
): ChatState {
  const seq = state.seq + 1;
  let next = ensureBuffer({ ...state, seq }, name, kind);
  const key = bufferKey(name);
  const full: ChatLine = { ...line, seq, history: false };
  const visible = next.active === key;
  next = updateBuffer(next, key, (b) => ({
    ...b,
    lines: b.lines.length >= MAX_LINES ? [...b.lines.slice(1 - MAX_LINES), full] : [...b.lines, full],
    unread: !visible && COUNTED.has(line.kind) && !line.self ? b.unread + 1 : b.unread,
    mentions: !visible && line.mention && !line.self ? b.mentions + 1 : b.mentions,
    // Lines that arrive while the window is open are seen; the marker stays where it was.
  }));
  if (line.mention && !line.self) {
    next = { ...next, alert: { seq, buffer: key, from: line.from ?? '', text: line.text } };
  }
  return next;
}

/**
 * Merges lines replayed from history into a window: lines it already has (same msgid) are
 * skipped, and the rest are ordered by time with the live ones. They never count as unread.
 */
export function mergeHistory(state: ChatState, key: string, lines: readonly ChatLine[]): ChatState {
  return updateBuffer(state, key, (b) => {
    const known = new Set(b.lines.map((l) => l.msgid).filter((id) => id !== undefined));
    const fresh = lines.filter((l) => l.msgid === undefined || !known.has(l.msgid));
    if (fresh.length === 0) return b;
    const merged = [...fresh, ...b.lines].sort((x, y) => x.time - y.time || x.seq - y.seq);
    return { ...b, lines: merged.slice(-MAX_LINES) };
  });
}

/** Opens a window: its counts reset, and the "new" marker goes after what was seen before. */
export function selectBuffer(state: ChatState, key: string): ChatState {
  if (!state.buffers[key]) return state;
  let next = state;
  const previous = state.buffers[state.active];
  if (previous && state.active !== key) {
    // Leaving a window: everything in it has been seen.
    const last = previous.lines[previous.lines.length - 1];
    next = updateBuffer(next, previous.key, (b) => ({ ...b, markerSeq: last?.seq ?? b.markerSeq }));
  }
  next = updateBuffer(next, key, (b) => ({ ...b, unread: 0, mentions: 0 }));
  return { ...next, active: key };
}

/** Removes a window (not the server one); the one before it in the sidebar opens. */
export function removeBuffer(state: ChatState, key: string): ChatState {
  if (key === SERVER_KEY || !state.buffers[key]) return state;
  const buffers = { ...state.buffers };
  delete buffers[key];
  const index = state.order.indexOf(key);
  const order = state.order.filter((k) => k !== key);
  const active = state.active === key ? (order[Math.max(0, index - 1)] ?? SERVER_KEY) : state.active;
  return { ...state, buffers, order, active };
}

/** Does `text` name `nick` as a word (case-insensitively, IRC casemapping)? */
export function mentions(text: string, nick: string): boolean {
  if (nick === '') return false;
  const hay = ircLower(text);
  const needle = ircLower(nick);
  let at = hay.indexOf(needle);
  while (at !== -1) {
    const before = hay[at - 1];
    const after = hay[at + needle.length];
    if (!isNickChar(before) && !isNickChar(after)) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

function isNickChar(c: string | undefined): boolean {
  return c !== undefined && /[a-z0-9[\]\\`^{}|_-]/.test(c);
}
