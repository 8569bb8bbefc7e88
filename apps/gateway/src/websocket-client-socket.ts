import { EventEmitter } from 'node:events';
import type { RawData, WebSocket } from 'ws';
import type { ClientSocket } from './client-socket';

/** IRCv3 WebSocket subprotocols (https://ircv3.net/specs/extensions/websocket). */
export const TEXT_SUBPROTOCOL = 'text.ircv3.net';
export const BINARY_SUBPROTOCOL = 'binary.ircv3.net';

/** Appended to each message, so the gateway's line framer sees one whole line per message. */
const LF = Buffer.from('\n');

/** What the socket under the WebSocket says about the two ends (net.Socket's fields). */
export interface WebSocketEnds {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  localAddress?: string | undefined;
  localPort?: number | undefined;
}

/**
 * One WebSocket client seen as a ClientSocket: each message in is one IRC line (a trailing CR-LF
 * is tolerated; the line framer applies the same length limits as on TCP), each line out is one
 * message without CR-LF, as the IRCv3 WebSocket spec asks. Text frames unless the client chose
 * `binary.ircv3.net`: with no subprotocol the gateway sends text, as Ergo and InspIRCd do, since
 * browsers' clients that ask for nothing expect strings. Text frames in are checked for UTF-8 by
 * `ws` (invalid ones close the connection, code 1007); binary frames go through the framer, which
 * replaces invalid UTF-8 with U+FFFD as on TCP. Lines out are JavaScript strings, always sent as
 * valid UTF-8.
 */
export class WebSocketClientSocket extends EventEmitter implements ClientSocket {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  private readonly binary: boolean;

  constructor(
    private readonly ws: WebSocket,
    ends: WebSocketEnds,
  ) {
    super();
    this.remoteAddress = ends.remoteAddress;
    this.remotePort = ends.remotePort;
    this.localAddress = ends.localAddress;
    this.localPort = ends.localPort;
    this.binary = ws.protocol === BINARY_SUBPROTOCOL;
    ws.on('message', (data: RawData) => this.emit('data', Buffer.concat([toBuffer(data), LF])));
    ws.on('close', () => this.emit('close'));
    // ws reports protocol faults (bad UTF-8, oversized message) here and then closes.
    ws.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  /** The subprotocol in use ('' when the client asked for none). */
  get protocol(): string {
    return this.ws.protocol;
  }

  /** `data` is what the send queue gathered: whole lines, each ending in CR-LF. */
  write(data: string): boolean {
    let start = 0;
    for (let end = data.indexOf('\r\n'); end !== -1; end = data.indexOf('\r\n', start)) {
      this.sendLine(data.slice(start, end));
      start = end + 2;
    }
    if (start < data.length) this.sendLine(data.slice(start));
    return true;
  }

  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  pause(): this {
    this.ws.pause();
    return this;
  }

  resume(): this {
    this.ws.resume();
    return this;
  }

  end(data?: string): this {
    if (data !== undefined) this.write(data);
    this.ws.close(1000);
    return this;
  }

  destroy(): this {
    this.ws.terminate();
    return this;
  }

  private sendLine(line: string): void {
    if (line.length === 0 || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(line, { binary: this.binary });
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
