import { wildcardMatch, type IrcMessage } from '@portalchat/protocol';
import type { ChatState, ChatStateObserver } from '../model/chat-state';
import type { Channel, Connection, Membership, User } from '../model/types';
import { accessTargetOf } from './access';
import type { Outbox } from './outbox';

/**
 * IRCX EVENT feeds (draft-04 §1.4, Exchange "EVENT categories"): sysops subscribe with
 * `EVENT ADD <type> [<mask>]` and get `:<server> EVENT <unix-ts> <TYPE> <SUBTYPE> <params…>` for
 * what happens on this server. Channel and membership changes come from ChatState (the observer
 * hook), the rest from the few places that open, register, rename and close connections.
 * Costs nothing while nobody subscribes: every emission, and every method that builds one,
 * starts with an empty-set check (PART, QUIT and NICK call here on every change).
 */

/** The event types of the draft (CONNECTION is Exchange's CONNECT category). */
export const EVENT_TYPES = ['CHANNEL', 'MEMBER', 'SERVER', 'CONNECTION', 'SOCKET', 'USER'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(word: string): word is EventType {
  return (EVENT_TYPES as readonly string[]).includes(word);
}

/** The mask of `EVENT ADD <type>` without one: everything. */
export const DEFAULT_EVENT_MASK = '*';

export class EventFeed implements ChatStateObserver {
  /** Connections with at least one subscription (conn.events); kept by `track`. */
  private readonly subscribers = new Set<Connection>();
  /** Channels created and not yet joined: CHANNEL CREATE waits for the creator (first member). */
  private readonly fresh = new WeakSet<Channel>();

  constructor(
    private readonly out: Outbox,
    private readonly clock: () => number,
    private readonly serverName: string,
  ) {}

  /** After a connection's subscriptions changed (EVENT ADD/DELETE) or it closed. */
  track(conn: Connection): void {
    if (conn.events && conn.events.size > 0 && conn.user) this.subscribers.add(conn);
    else this.subscribers.delete(conn);
  }

  /** The connections with subscriptions (recovery snapshots; `track` each to restore). */
  subscriberList(): Connection[] {
    return [...this.subscribers];
  }

  forget(conn: Connection): void {
    this.subscribers.delete(conn);
  }

  /**
   * `:<server> EVENT <ts> <type> <subtype> <params…>` to every subscriber of `type` with a mask
   * matching one of `subjects` (the objects the event is about: user masks, channel names, IPs).
   * Subscribers who are no longer sysops get nothing (EVENT is a sysop's tool).
   */
  emit(type: EventType, subtype: string, params: readonly string[], subjects: readonly string[]): void {
    if (this.subscribers.size === 0) return;
    const recipients: User[] = [];
    for (const conn of this.subscribers) {
      const user = conn.user;
      const masks = conn.events?.get(type);
      if (!user || !masks || !conn.ircx || !user.modes.has('o')) continue;
      for (const mask of masks) {
        if (subjects.some((subject) => wildcardMatch(mask, subject))) {
          recipients.push(user);
          break;
        }
      }
    }
    if (recipients.length === 0) return;
    const line: IrcMessage = {
      prefix: this.serverName,
      command: 'EVENT',
      params: [String(Math.floor(this.clock() / 1000)), type, subtype, ...params],
    };
    this.out.deliver(recipients, line);
  }

  // ── ChatState observer ──

  channelCreated(channel: Channel): void {
    if (this.subscribers.size > 0) this.fresh.add(channel);
  }

  memberAdded(channel: Channel, membership: Membership): void {
    if (this.subscribers.size === 0) return;
    const mask = accessTargetOf(membership.user);
    if (this.fresh.has(channel)) {
      this.fresh.delete(channel);
      this.emit('CHANNEL', 'CREATE', [channel.name, channelModes(channel), mask], [channel.name, mask]);
    }
    this.emit(
      'MEMBER',
      'JOIN',
      [channel.name, mask, `+${[...membership.modes].sort().join('')}`],
      [channel.name, mask],
    );
  }

  memberRemoved(channel: Channel, user: User): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const mask = accessTargetOf(user);
    this.emit('MEMBER', 'PART', [channel.name, mask], [channel.name, mask]);
  }

  channelDestroyed(channel: Channel): void {
    // Gone before its first member came (a burst's channel whose members are all unknown here):
    // its CREATE was never reported, so neither is its DESTROY.
    if (this.fresh.delete(channel)) return;
    this.emit('CHANNEL', 'DESTROY', [channel.name], [channel.name]);
  }

  /**
   * A channel's modes changed, here or on another server: `CHANNEL MODE <channel> <setter>
   * <modes…>`; the setter is a user (its mask, as MEMBER events show it) or a server name.
   */
  channelMode(channel: Channel, setter: User | string, modeParams: readonly string[]): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const who = typeof setter === 'string' ? setter : accessTargetOf(setter);
    this.emit('CHANNEL', 'MODE', [channel.name, who, ...modeParams], [channel.name, who]);
  }

  /** A channel's topic changed, here or elsewhere: `CHANNEL TOPIC <channel> <setter> :<text>`. */
  channelTopic(channel: Channel, setter: User | string, text: string): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const who = typeof setter === 'string' ? setter : accessTargetOf(setter);
    this.emit('CHANNEL', 'TOPIC', [channel.name, who, text], [channel.name, who]);
  }

  // ── Connections and users (called by the engine and a few handlers) ──

  socketAccept(conn: Connection): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const where = `${conn.ip}:${conn.port}`;
    this.emit('SOCKET', 'ACCEPT', [where], [conn.ip, where]);
  }

  socketClose(conn: Connection): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const where = `${conn.ip}:${conn.port}`;
    this.emit('SOCKET', 'CLOSE', [where], [conn.ip, where]);
  }

  connectionRefused(conn: Connection, reason: string): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    this.emit('CONNECTION', 'REFUSED', [`${conn.ip}:${conn.port}`, reason], [conn.ip]);
  }

  badAuth(conn: Connection, mechanism: string): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    this.emit('CONNECTION', 'BADAUTH', [`${conn.ip}:${conn.port}`, mechanism], [conn.ip]);
  }

  userLogon(user: User, ip: string): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const mask = accessTargetOf(user);
    this.emit('USER', 'LOGON', [mask, ip], [mask]);
  }

  /**
   * The user left: LOGOFF for a quit or a lost connection, TIMEOUT when the gateway found it
   * silent (no PONG), KILL for an operator's KILL.
   */
  userLogoff(user: User, subtype: 'LOGOFF' | 'TIMEOUT' | 'KILL', reason: string): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const mask = accessTargetOf(user);
    this.emit('USER', subtype, [mask, reason], [mask]);
  }

  /** Before the rename: the old mask, then the new nick. */
  userNick(user: User, newNick: string): void {
    if (this.subscribers.size === 0) return; // no mask string built for nobody
    const mask = accessTargetOf(user);
    this.emit('USER', 'NICK', [mask, newNick], [mask]);
  }

  serverLink(name: string): void {
    this.emit('SERVER', 'LINK', [name], [name]);
  }

  serverUnlink(name: string): void {
    this.emit('SERVER', 'UNLINK', [name], [name]);
  }
}

/** The feed of this state, when the engine installed one (it always does; tests of ChatState may not). */
export function eventFeedOf(state: ChatState): EventFeed | undefined {
  return state.observer instanceof EventFeed ? state.observer : undefined;
}

/** `+nt`: a channel's flag modes, as the CHANNEL CREATE event shows them (never the key). */
function channelModes(channel: Channel): string {
  return `+${[...channel.modes].sort().join('')}`;
}
