import { get, type IncomingMessage } from 'node:http';
import { eventually } from './eventually';

/** One Server-Sent Event: its `event:` name and its `data:` parsed as JSON. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * A Server-Sent Events client for specs, as a browser's EventSource reads a stream: it collects
 * each event (blocks ended by a blank line; `retry:` and `:` comment lines are skipped).
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  private buffer = '';

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.take(chunk));
  }

  /** Opens `url` (http only); resolves once the response headers came, whatever the status. */
  static open(url: string): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      get(url, { headers: { Accept: 'text/event-stream' } }, (res) => resolve(new SseClient(res))).on('error', reject);
    });
  }

  /** The first event from index `from` on that `match` accepts (waited for, up to `timeoutMs`). */
  next<T>(name: string, match: (data: T) => boolean, from = 0, timeoutMs = 5000): Promise<T> {
    return eventually(
      `an SSE "${name}" event`,
      () => this.events.slice(from).find((e) => e.event === name && match(e.data as T))?.data as T | undefined,
      { timeoutMs },
    );
  }

  close(): void {
    this.response.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const lines = this.buffer.slice(0, end).split('\n');
      this.buffer = this.buffer.slice(end + 2);
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const data = lines.find((l) => l.startsWith('data: '))?.slice('data: '.length);
      if (event !== undefined && data !== undefined) this.events.push({ event, data: JSON.parse(data) as unknown });
    }
  }
}
