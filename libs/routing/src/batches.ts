import type { WireEvent } from './wire-event';

/** Events to send, per link, in order: what one call of the switchboard gives each link. */
export type Batches<L> = Map<L, WireEvent[]>;

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
