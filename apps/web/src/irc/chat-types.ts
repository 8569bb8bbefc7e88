import type { ServerSupport } from './isupport';

/** One line of a window, as the view shows it. */
export type LineKind =
  | 'message'
  | 'action'
  | 'notice'
  | 'whisper'
  | 'join'
  | 'part'
  | 'quit'
  | 'kick'
  | 'nick'
  | 'topic'
  | 'mode'
  | 'info'
  | 'error';

export interface ChatLine {
  /** Unique in this session, increasing as lines arrive (history lines too). */
  seq: number;
  /** The server's msgid when it sent one: what history lines are matched on. */
  msgid?: string;
  /** Milliseconds since the epoch: the line's `time` tag (server-time), else when it arrived. */
  time: number;
  kind: LineKind;
  from?: string;
  text: string;
  /** Names the user's nick (or is a private message). */
  mention: boolean;
  self: boolean;
  /** Replayed from the server's history (draft/chathistory), not live. */
  history: boolean;
}

export interface Member {
  nick: string;
  /** Status modes, highest first (`qo`). */
  modes: string;
}

export type BufferKind = 'server' | 'channel' | 'query';

export interface ChatBuffer {
  /** The casefolded name (the server window's key is `*`). */
  key: string;
  name: string;
  kind: BufferKind;
  topic: string;
  /** Channels: members by casefolded nick. */
  members: Record<string, Member>;
  /** A NAMES reply being collected (353 … 366). */
  pendingNames?: Record<string, Member>;
  /** Channels: the user is in it now. */
  joined: boolean;
  lines: ChatLine[];
  unread: number;
  mentions: number;
  /** Lines up to this seq were seen; the "new" marker sits after it while the window is open. */
  markerSeq: number;
}

export interface ChannelListEntry {
  name: string;
  users: number;
  topic: string;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'registering' | 'connected' | 'disconnected';

/** Something the user may want a desktop notification for. */
export interface ChatAlert {
  seq: number;
  buffer: string;
  from: string;
  text: string;
}

export interface ChatState {
  status: ConnectionStatus;
  /** Why the last connection ended, and when the next attempt is (ms since the epoch). */
  disconnect?: { reason: string; retryAt?: number };
  me: string;
  ircx: boolean;
  caps: string[];
  support: ServerSupport;
  buffers: Record<string, ChatBuffer>;
  /** Window keys in the order the sidebar lists them. */
  order: string[];
  active: string;
  channelList: { loading: boolean; entries: ChannelListEntry[] };
  /** Open draft/chathistory batches: id → the window and the lines collected so far. */
  batches: Record<string, { type: string; target: string; lines: ChatLine[] }>;
  /** Channels joined from this page: their window opens when the JOIN comes back. */
  selectOnJoin: string[];
  alert?: ChatAlert;
  seq: number;
}

export const SERVER_KEY = '*';
/** The most lines a window keeps; older ones scroll away. */
export const MAX_LINES = 1000;
