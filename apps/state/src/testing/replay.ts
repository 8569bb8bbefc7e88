// Building blocks of the recovery specs: gateway records numbered as a gateway numbers them,
// and the numbered ops a sequence of records makes.
import type { GatewayEvent, StateOp } from '@portalchat/protocol';
import type { InputRecord, SequencedState } from '../recovery/sequenced-state';

/** A fault handler for specs: any fault fails the spec. */
export const noFault = (err: unknown) => {
  throw err;
};

/** A client of gw1 connecting from 127.0.0.1 (port 5000 + conn). */
export const openEvent = (conn: number): GatewayEvent => ({
  type: 'open',
  conn,
  ip: '127.0.0.1',
  port: 5000 + conn,
  localIp: '127.0.0.1',
  localPort: 6667,
  tls: false,
});

export const lineEvent = (conn: number, text: string): GatewayEvent => ({ type: 'line', conn, line: text });

/** Makes gw1/g1's records at set times, numbered one after another as the gateway would. */
export function gatewayRecords(): (t: number, events: GatewayEvent[]) => InputRecord {
  let seq = 1;
  return (t, events) => {
    const record: InputRecord = { k: 'gw', t, gw: 'gw1', gi: 'g1', seq, ack: 0, events };
    seq += events.length;
    return record;
  };
}

/** Every op the records make for the gateways, with its number (drained after each record). */
export function runRecords(state: SequencedState, input: InputRecord[]): [number, StateOp][] {
  const out: [number, StateOp][] = [];
  for (const record of input) {
    state.apply(record, noFault);
    for (const d of state.drain().gateways)
      for (const r of d.runs) r.items.forEach((op, i) => out.push([r.first + i, op]));
  }
  return out;
}
