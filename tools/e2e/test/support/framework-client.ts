// irc-framework 4.14 ships no type declarations; this file types the few parts the tests use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('irc-framework') as { Client: new () => FrameworkClient };

/** The irc-framework client surface the e2e tests use (see its docs/clientapi.md). */
export interface FrameworkClient {
  connect(options: Record<string, unknown>): void;
  join(channel: string): void;
  part(channel: string, message?: string): void;
  say(target: string, message: string): void;
  notice(target: string, message: string): void;
  quit(message?: string): void;
  on(event: string, listener: (event: Record<string, unknown>) => void): void;
  connection?: { end?: () => void };
  user: { nick: string };
}

export interface RecordedEvent {
  name: string;
  data: Record<string, unknown>;
}

const EVENTS = [
  'registered',
  'join',
  'part',
  'quit',
  'privmsg',
  'notice',
  'kick',
  'close',
  'socket close',
  'userlist',
] as const;

/**
 * A real irc-framework client that records every event it emits, so a test can wait for "the
 * next `privmsg` from bob" the way a bot would see it, with a deadline.
 */
export class RecordingFrameworkClient {
  readonly events: RecordedEvent[] = [];
  readonly client: FrameworkClient = new Client();
  private waiters: Array<() => void> = [];

  constructor() {
    for (const name of EVENTS) {
      this.client.on(name, (data) => {
        this.events.push({ name, data: data ?? {} });
        const waiters = this.waiters;
        this.waiters = [];
        for (const waiter of waiters) waiter();
      });
    }
  }

  /** Connects without auto-reconnect and resolves on `registered`. */
  async connect(host: string, port: number, nick: string, timeoutMs = 5000): Promise<void> {
    this.client.connect({
      host,
      port,
      nick,
      username: nick,
      gecos: `${nick} via irc-framework`,
      auto_reconnect: false,
      ping_interval: 30,
      ping_timeout: 120,
    });
    await this.waitEvent('registered', () => true, timeoutMs);
  }

  /** The first recorded event named `name` for which `match` holds (past ones included). */
  waitEvent(
    name: string,
    match: (data: Record<string, unknown>) => boolean,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find((event) => event.name === name && match(event.data));
        if (found) return resolve(found.data);
        if (Date.now() >= deadline) {
          const seen = this.events.map((e) => e.name).join(', ');
          return reject(new Error(`no "${name}" event matched within ${timeoutMs} ms; events: ${seen}`));
        }
        const timer = setTimeout(retry, deadline - Date.now());
        function retry() {
          clearTimeout(timer);
          check();
        }
        this.waiters.push(retry);
      };
      check();
    });
  }

  /** Drops the connection without a QUIT (cleanup after a failed test). */
  destroy(): void {
    this.client.connection?.end?.();
  }
}
