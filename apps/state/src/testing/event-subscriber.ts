import type { EventType } from '../engine/event-feed';
import type { Harness, TestClient } from './harness';

/** An IRCX sysop of `h` subscribed to the EVENT feed's `type` (every mask), its replies cleared. */
export function eventSubscriber(h: Harness, type: EventType, nick = 'watcher'): TestClient {
  const sysop = h.connect(nick, { ircx: true });
  h.state.setUserMode(sysop.user, 'o', true);
  sysop.send(`EVENT ADD ${type}`);
  sysop.lines();
  return sysop;
}

/** The EVENT line `h` sends now: `:<server> EVENT <unix-ts> <what>`, e.g. `CHANNEL DESTROY #c`. */
export function eventLine(h: Harness, what: string): string {
  return `:${h.config.server.name} EVENT ${Math.floor(h.now / 1000)} ${what}`;
}
