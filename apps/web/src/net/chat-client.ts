import { parseMessage, RPL_WELCOME, type IrcMessage } from '@portalchat/protocol';
import { autoReplies } from '../irc/auto-replies';
import { retryDelay } from '../irc/backoff';
import { SERVER_KEY, type ChatState } from '../irc/chat-types';
import { parseInput } from '../irc/input-commands';
import { initialState, reduce, type ChatEvent } from '../irc/reducer';
import {
  startRegistration,
  stepRegistration,
  type RegistrationOptions,
  type RegistrationState,
} from '../irc/registration';

/** The IRCv3 WebSocket subprotocol: one IRC line per text message. */
export const SUBPROTOCOL = 'text.ircv3.net';

/** The IRC endpoint of the page's own origin: the host that served the page speaks IRC there too. */
export function sameOriginUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

export interface ConnectOptions extends RegistrationOptions {
  url: string;
}

/**
 * The browser side of one IRC session: the WebSocket, registration, automatic replies and
 * reconnecting with backoff. All decisions are in the pure modules under irc/; this class only
 * moves lines between them and the socket and keeps the current state for the view.
 */
export class ChatClient {
  private state: ChatState = initialState();
  private readonly listeners = new Set<() => void>();
  private socket: WebSocket | undefined;
  private registration: RegistrationState | undefined;
  private options: ConnectOptions | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** False once the user quits: a closed socket is then not reopened. */
  private wanted = false;

  getState = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private dispatch(event: ChatEvent): void {
    this.state = reduce(this.state, event);
    for (const listener of this.listeners) listener();
  }

  connect(options: ConnectOptions): void {
    this.options = options;
    this.wanted = true;
    this.attempt = 0;
    this.state = { ...initialState(options.nick) };
    this.open();
  }

  /** Reconnects now: instead of waiting for the backoff, or after the user quit. */
  retryNow(): void {
    if (this.socket) return;
    this.wanted = true;
    clearTimeout(this.retryTimer);
    this.open();
  }

  private open(): void {
    const options = this.options;
    if (!options) return;
    this.dispatch({ type: 'connecting' });
    let socket: WebSocket;
    try {
      socket = new WebSocket(options.url, [SUBPROTOCOL]);
    } catch (err) {
      this.closed(err instanceof Error ? err.message : String(err));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.dispatch({ type: 'registering' });
      const { state, send } = startRegistration({ ...options, nick: this.state.me || options.nick });
      this.registration = state;
      send.forEach((line) => this.sendLine(line));
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.received(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.closed(event.reason || (event.code === 1006 ? 'the connection was lost' : `closed (${event.code})`));
    };
  }

  private closed(reason: string): void {
    this.socket = undefined;
    this.registration = undefined;
    if (!this.wanted) {
      this.dispatch({ type: 'disconnected', reason, now: Date.now() });
      return;
    }
    const delay = retryDelay(this.attempt++, Math.random());
    this.dispatch({ type: 'disconnected', reason, retryAt: Date.now() + delay, now: Date.now() });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private received(line: string): void {
    let msg: IrcMessage;
    try {
      msg = parseMessage(line);
    } catch {
      return; // a line the parser refuses carries nothing the view could show
    }
    if (this.registration && this.registration.phase !== 'done') {
      const step = stepRegistration(this.registration, msg);
      this.registration = step.state;
      step.send.forEach((l) => this.sendLine(l));
      for (const text of step.notes) this.dispatch({ type: 'note', text, kind: 'error', now: Date.now() });
    }
    this.dispatch({ type: 'line', msg, now: Date.now() });
    autoReplies(this.state, msg).forEach((l) => this.sendLine(l));
    if (msg.command === RPL_WELCOME) this.welcomed();
  }

  /** Registered: the backoff starts over, and the channels of the last session are joined again. */
  private welcomed(): void {
    this.attempt = 0;
    const channels = this.state.order
      .map((key) => this.state.buffers[key])
      .filter((b) => b?.kind === 'channel')
      .map((b) => b?.name ?? '');
    for (const channel of channels) this.sendLine(`JOIN ${channel}`);
  }

  private sendLine(line: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(line);
  }

  /** What the user typed in the composer of the open window. */
  input(text: string): void {
    const active = this.state.buffers[this.state.active];
    const target = active && active.key !== SERVER_KEY ? active.name : undefined;
    const result = parseInput(text, { target, support: this.state.support, ircx: this.state.ircx });
    const now = Date.now();
    if (result.error) this.dispatch({ type: 'note', text: result.error, kind: 'error', now });
    if (result.joining) this.dispatch({ type: 'join-requested', channel: result.joining });
    if (result.list) this.dispatch({ type: 'list-requested' });
    if (result.quit) {
      this.wanted = false;
      clearTimeout(this.retryTimer);
    }
    if (result.open) this.dispatch({ type: 'open', name: result.open });
    result.send.forEach((l) => this.sendLine(l));
    // With echo-message the server sends the line back (with its msgid and time): shown then.
    if (result.shown && !this.state.caps.includes('echo-message'))
      this.dispatch({ type: 'sent', ...result.shown, now });
  }

  join(channel: string): void {
    this.input(`/join ${channel}`);
  }

  requestList(): void {
    this.input('/list');
  }

  select(key: string): void {
    this.dispatch({ type: 'select', key });
  }

  openQuery(nick: string): void {
    this.dispatch({ type: 'open', name: nick });
  }

  /** Closes a window; a channel is left first. */
  close(key: string): void {
    const buffer = this.state.buffers[key];
    if (buffer?.kind === 'channel' && buffer.joined) this.sendLine(`PART ${buffer.name}`);
    this.dispatch({ type: 'close', key });
  }
}
