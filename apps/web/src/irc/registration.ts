import {
  RPL_WELCOME,
  ERR_AUTHENTICATIONFAILED,
  ERR_AUTHENTICATIONSUSPENDED,
  ERR_ERRONEUSNICKNAME,
  ERR_NICKLOCKED,
  ERR_NICKNAMEINUSE,
  ERR_SASLABORTED,
  ERR_SASLFAIL,
  ERR_SASLTOOLONG,
  ERR_UNKNOWNCOMMAND,
  RPL_IRCX,
  RPL_SASLSUCCESS,
  type IrcMessage,
} from '@portalchat/protocol';
import { authenticateLines, plainCredentials } from './base64';

/**
 * Connection registration as a pure state machine: CAP LS 302 (several lines), CAP REQ of the
 * capabilities the client uses, SASL PLAIN, the IRCX switch and IRCX AUTH PLAIN, then NICK/USER
 * and CAP END. The connection feeds it every line until 001 and sends what it returns.
 */

/**
 * What the client uses when the server offers it (README "What a client gets"). echo-message: the
 * user's own lines come back with the msgid and time every other member sees, so a history replay
 * that overlaps them is recognised (by msgid) instead of shown twice.
 */
export const WANTED_CAPS = [
  'server-time',
  'message-tags',
  'batch',
  'multi-prefix',
  'draft/chathistory',
  'draft/event-playback',
  'echo-message',
  'away-notify',
] as const;

export type AuthChoice = { kind: 'none' } | { kind: 'sasl' | 'ircx'; account: string; password: string };

export interface RegistrationOptions {
  nick: string;
  /** Send IRCX before registering: owners as `.`, WHISPER, LISTX. */
  ircx: boolean;
  auth: AuthChoice;
  realname?: string;
}

export type RegistrationPhase = 'caps' | 'sasl' | 'ircx-auth' | 'waiting-welcome' | 'done';

export interface RegistrationState {
  options: RegistrationOptions;
  phase: RegistrationPhase;
  /** Capabilities of CAP LS collected so far (name → value). */
  offered: Record<string, string>;
  enabled: string[];
  /** The reply to IRCX (800) came: this session is IRCX. */
  ircx: boolean;
  /** Waiting for the reply to IRCX before NICK/USER (only with IRCX AUTH). */
  awaitingIrcx: boolean;
  nick: string;
  /** NICK/USER have gone out. */
  identified: boolean;
  capEnded: boolean;
}

export interface Step {
  state: RegistrationState;
  send: string[];
  /** Something the user should read (a failed login), for the server window. */
  notes: string[];
}

export function startRegistration(options: RegistrationOptions): Step {
  const state: RegistrationState = {
    options,
    phase: 'caps',
    offered: {},
    enabled: [],
    ircx: false,
    awaitingIrcx: options.ircx && options.auth.kind === 'ircx',
    nick: options.nick,
    identified: false,
    capEnded: false,
  };
  const send = ['CAP LS 302'];
  if (options.ircx) send.push('IRCX');
  // With IRCX AUTH the nick waits: AUTH is refused once registration is complete (462).
  if (!state.awaitingIrcx) send.push(...identify(state));
  return { state, send, notes: [] };
}

function identify(state: RegistrationState): string[] {
  state.identified = true;
  const realname = state.options.realname ?? 'Portalchat web';
  return [`NICK ${state.nick}`, `USER ${userName(state.nick)} 0 * :${realname}`];
}

/** A username from the nick: letters and digits only (IRCX `'` nicks and symbols are not valid there). */
function userName(nick: string): string {
  const plain = nick.replace(/[^A-Za-z0-9]/g, '').slice(0, 10);
  return plain === '' ? 'web' : plain;
}

/** Feeds one line from the server; returns the new state and what to send. */
export function stepRegistration(previous: RegistrationState, msg: IrcMessage): Step {
  const state: RegistrationState = { ...previous, offered: { ...previous.offered }, enabled: [...previous.enabled] };
  const send: string[] = [];
  const notes: string[] = [];
  const p = msg.params;
  const auth = state.options.auth;
  const endCaps = () => {
    if (!state.capEnded) {
      state.capEnded = true;
      send.push('CAP END');
    }
    if (state.phase !== 'ircx-auth') state.phase = 'waiting-welcome';
  };

  switch (msg.command) {
    case 'CAP': {
      const sub = (p[1] ?? '').toUpperCase();
      if (sub === 'LS' && state.phase === 'caps') {
        const more = p[2] === '*';
        for (const cap of (more ? p[3] : p[2])?.split(' ') ?? []) {
          if (cap === '') continue;
          const eq = cap.indexOf('=');
          state.offered[eq === -1 ? cap : cap.slice(0, eq)] = eq === -1 ? '' : cap.slice(eq + 1);
        }
        if (more) break;
        const want: string[] = WANTED_CAPS.filter((c) => c in state.offered);
        if (auth.kind === 'sasl') {
          const mechs = state.offered['sasl'];
          if (mechs !== undefined && (mechs === '' || mechs.split(',').includes('PLAIN'))) want.push('sasl');
          else notes.push('This server offers no SASL PLAIN: connecting without logging in');
        }
        if (want.length === 0) endCaps();
        else send.push(`CAP REQ :${want.join(' ')}`);
      } else if (sub === 'ACK' && !state.capEnded) {
        state.enabled.push(...(p[2] ?? '').split(' ').filter((c) => c !== ''));
        if (auth.kind === 'sasl' && state.enabled.includes('sasl')) {
          state.phase = 'sasl';
          send.push('AUTHENTICATE PLAIN');
        } else {
          endCaps();
        }
      } else if (sub === 'NAK' && !state.capEnded) {
        notes.push(`The server refused the capabilities ${p[2] ?? ''}`);
        endCaps();
      }
      break;
    }
    case 'AUTHENTICATE':
      if (state.phase === 'sasl' && auth.kind === 'sasl' && p[0] === '+') {
        send.push(...authenticateLines(plainCredentials(auth.account, auth.password)));
      }
      break;
    case RPL_SASLSUCCESS:
      if (state.phase === 'sasl') endCaps();
      break;
    case ERR_NICKLOCKED:
    case ERR_SASLFAIL:
    case ERR_SASLTOOLONG:
    case ERR_SASLABORTED:
      if (state.phase === 'sasl') {
        notes.push(`Login failed: ${p[p.length - 1] ?? msg.command}. Connected as a guest.`);
        endCaps();
      }
      break;
    case RPL_IRCX: //: the session is IRCX now
      state.ircx = true;
      if (state.awaitingIrcx) {
        state.awaitingIrcx = false;
        if (auth.kind === 'ircx') {
          state.phase = 'ircx-auth';
          send.push(`AUTH PLAIN I :${plainCredentials(auth.account, auth.password)}`);
        }
      }
      break;
    case 'AUTH':
      // `AUTH PLAIN * <account@network> 0`: logged in; `AUTH PLAIN S :<data>` would continue (not for PLAIN).
      if (state.phase === 'ircx-auth' && p[1] === '*') {
        state.phase = state.capEnded ? 'waiting-welcome' : 'caps';
        send.push(...identify(state));
      }
      break;
    case ERR_AUTHENTICATIONFAILED: // (IRCX)
    case ERR_AUTHENTICATIONSUSPENDED:
      if (state.phase === 'ircx-auth') {
        notes.push(`Login failed: ${p[p.length - 1] ?? msg.command}. Connected as a guest.`);
        state.phase = state.capEnded ? 'waiting-welcome' : 'caps';
        send.push(...identify(state));
      }
      break;
    case ERR_UNKNOWNCOMMAND: //: a server without IRCX
      if (p[1]?.toUpperCase() === 'IRCX' && state.awaitingIrcx) {
        state.awaitingIrcx = false;
        notes.push('This server does not speak IRCX: connecting without IRCX AUTH');
        if (state.phase === 'ircx-auth') state.phase = state.capEnded ? 'waiting-welcome' : 'caps';
        send.push(...identify(state));
      }
      break;
    case ERR_ERRONEUSNICKNAME:
      notes.push(`The server refused the nick ${p[1] ?? ''}: ${p[2] ?? ''}`);
      break;
    case ERR_NICKNAMEINUSE:
      if (state.identified) {
        state.nick = nextNick(state.nick);
        send.push(`NICK ${state.nick}`);
      }
      break;
    case RPL_WELCOME:
      state.phase = 'done';
      state.nick = p[0] ?? state.nick;
      break;
  }
  return { state, send, notes };
}

/** The nick tried after one in use: a trailing `_`; once long, its last character counts up 0–9. */
export function nextNick(nick: string, maxLength = 15): string {
  if (nick.length < maxLength) return `${nick}_`;
  const last = Number(nick.slice(-1));
  return `${nick.slice(0, maxLength - 1)}${Number.isInteger(last) ? (last + 1) % 10 : 0}`;
}
