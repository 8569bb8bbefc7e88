/**
 * Payloads of the operator console and HTTP admin API (issue 14 §3) on a host's NATS: the
 * gateway, which serves the API, asks state (users, channels, operator commands), the portal
 * (portals added or removed at run time) and the host process (reloading the host file); the
 * host asks each service to re-read the effective configuration. See subjects.ts for the subjects.
 */
import type { PROTOCOL_VERSION } from './envelopes';

/** An IRCX ACCESS level an operator may set through the API (the channel levels of draft-04 §5.1). */
export type AdminAccessLevel = 'OWNER' | 'HOST' | 'VOICE' | 'GRANT' | 'DENY';

/**
 * What the API asks of state. The reads answer from state's view; every other action runs as the
 * operator's own IRC command would (KILL, WALLOPS, IRCX KILL of a channel, MODE +r/-r, ACCESS),
 * journaled like a client's line, so the network sees the same events.
 */
export type AdminStateAction =
  | { op: 'users' }
  | { op: 'channels' }
  | { op: 'kill'; nick: string; reason: string }
  | { op: 'wallops'; text: string }
  /** Empties the channel network-wide (IRCX `KILL #channel`); a registered channel stays. */
  | { op: 'close-channel'; channel: string; reason: string }
  | { op: 'register-channel'; channel: string; registered: boolean }
  | { op: 'access-list'; channel: string }
  | { op: 'access-add'; channel: string; level: AdminAccessLevel; mask: string; minutes?: number; reason?: string }
  | { op: 'access-delete'; channel: string; level: AdminAccessLevel; mask: string };

export interface AdminStateRequest {
  v: typeof PROTOCOL_VERSION;
  /** The operator account (from the host file) that asked: it is who the network sees act. */
  operator: string;
  action: AdminStateAction;
}

export interface AdminUser {
  nick: string;
  username: string;
  host: string;
  realname: string;
  server: string;
  /** Operator account name, for users that are IRC operators. */
  oper?: string;
  account?: string;
  channels: string[];
  signonAt: number;
}

export interface AdminChannel {
  name: string;
  members: number;
  topic?: string;
  modes: string;
  registered: boolean;
  createdAt: number;
}

export interface AdminStateReply {
  v: typeof PROTOCOL_VERSION;
  /** False when the command was refused (`lines` says why, as the IRC numerics would). */
  ok: boolean;
  /** What the IRC command answered the operator (numerics, notices), as raw lines. */
  lines: string[];
  users?: AdminUser[];
  channels?: AdminChannel[];
}

/** A portal entry as the API takes it: the fields of a `portals:` entry of the host file. */
export interface AdminPortalEntry {
  name: string;
  address: string;
  port: number;
  serverId: number;
  uplink: boolean;
  secret: string;
  fingerprint?: string;
  insecure?: boolean;
}

export type AdminPortalAction =
  { op: 'list' } | { op: 'add'; portal: AdminPortalEntry } | { op: 'remove'; name: string };

export interface AdminPortalRequest {
  v: typeof PROTOCOL_VERSION;
  operator: string;
  action: AdminPortalAction;
}

export interface AdminPortalReply {
  v: typeof PROTOCOL_VERSION;
  ok: boolean;
  /** Why not, when refused (a name or server ID already taken, no such portal). */
  error?: string;
  /** The portals and their link states (as /readyz of the portal shows them). */
  portals?: unknown[];
}

/** Reload the host file (asked of the host process), or re-read the effective file (of a service). */
export interface ReloadRequest {
  v: typeof PROTOCOL_VERSION;
  /** Who asked, for the logs: `REHASH by <nick>`, `admin API (<operator>)`, `SIGHUP`. */
  by: string;
}

export interface ReloadReply {
  v: typeof PROTOCOL_VERSION;
  ok: boolean;
  /** The file that was read. */
  file: string;
  /** The validation messages (the same as at start), when refused: the old config stays. */
  problems: string[];
  /** Per service: what it did with the new file (`state: reloaded`, `portal: linked Portal_to_X`). */
  services: string[];
}
