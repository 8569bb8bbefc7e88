/** Display helpers for the message list. */

/** `14:05` for today's lines, `3 Dec 14:05` for older ones, in the browser's time zone. */
export function formatTime(time: number, now: number): string {
  const date = new Date(time);
  const clock = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return clock;
  return `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${clock}`;
}

/** A stable colour for a nick (one of the theme's nick colours). */
export function nickColour(nick: string): number {
  let hash = 0;
  for (let i = 0; i < nick.length; i++) hash = (hash * 31 + nick.charCodeAt(i)) | 0;
  return Math.abs(hash) % 8;
}
