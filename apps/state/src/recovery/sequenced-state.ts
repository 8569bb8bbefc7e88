import type { HostConfig, ScramKeys } from '@portalchat/config';
import {
  ReceiveCursor,
  SentLog,
  type GatewayBatch,
  type GatewayEvent,
  type NetInBatch,
  type NetInItem,
  type NetOutItem,
  type NumberedRun,
  type SentLogData,
  type StateOp,
} from '@portalchat/protocol';
import type { Verdict } from '../engine/auth';
import { StateEngine, type EngineData } from '../engine/engine';
import { setEntropySeed } from '../engine/entropy';

/**
 * One input that changes state, as the journal keeps it. Replaying the records of a history in
 * order, from the snapshot they follow, rebuilds the state exactly, outputs and their numbers
 * included: the engine is deterministic and `t` is the only clock it reads.
 */
export type InputRecord =
  /** Events of a gateway instance, numbered from `seq`; `ack`: the last op that gateway applied. */
  | { k: 'gw'; t: number; gw: string; gi: string; seq: number; ack: number; events: GatewayEvent[] }
  /**
   * Items of a portal instance, numbered from `seq` (none: a new instance's first heartbeat).
   * `carry`: a new instance takes over the last `carry` items the previous one had not
   * acknowledged (a count, not a flag: acknowledgements from heartbeats are not journaled, so a
   * replay may keep a few more, and must hand over the same ones).
   */
  | { k: 'net'; t: number; pi: string; seq: number; ack: number; items: NetInItem[]; carry?: number }
  /** A gateway silent for longer than the grace: its users QUIT (see StateNatsAdapter). */
  | { k: 'gone'; t: number; gw: string }
  /**
   * The verdict of password check `id` (engine/auth/guard.ts), computed off the event loop: a
   * replay applies it as recorded and never hashes again. No password: the request lives in memory.
   * `keys`: the SCRAM keys a derivation (REGISTER) produced.
   */
  | { k: 'pw'; t: number; id: number; verdict: Verdict; keys?: ScramKeys }
  /**
   * The random seed of this history's nonces and salts (engine/entropy.ts), taken once when the
   * state has none, so a replay makes the same ones.
   */
  | { k: 'seed'; t: number; seed: string }
  /**
   * An operator's command from the admin API (issue 14): `line` as operator account `operator`
   * would type it (engine/admin-command.ts). A replay runs it again; its answer went with the reply.
   */
  | { k: 'admin'; t: number; operator: string; line: string }
  /** The outcome of the REHASH of connection `conn` (the host's answer), told to it as NOTICEs. */
  | { k: 'rehashed'; t: number; conn: string; lines: string[] };

/** What to do with a batch that arrived: the record to take, or why not. */
export type Admission = { take: InputRecord } | { skip: 'heartbeat' | 'duplicate' | 'gap' };

/** Numbered ops for one gateway instance, ready to publish (a DeliveryBatch). */
export interface GatewayDelivery {
  gw: string;
  gi: string;
  ack: number;
  runs: NumberedRun<StateOp>[];
}

/** Numbered items for the portal instance, ready to publish (a NetOutBatch). */
export interface PortalDelivery {
  pi: string;
  ack: number;
  runs: NumberedRun<NetOutItem>[];
}

interface Stream<TOut> {
  instance: string;
  received: ReceiveCursor;
  sent: SentLog<TOut>;
}

interface StreamData<TOut> {
  instance: string;
  received: number;
  sent: SentLogData<TOut>;
}

/** What a recovery snapshot holds besides the lineage (recovery/snapshot-file.ts). */
export interface SequencedStateData {
  engine: EngineData;
  gateways: [string, StreamData<StateOp>][];
  portal: StreamData<NetOutItem> | undefined;
}

/**
 * The state engine behind numbered streams (libs/protocol sequencing.ts): decides which part of an
 * arriving batch is new (`admit`), applies records (`apply`: the live path and the replay path are
 * the same call), and numbers the outputs per gateway and for the portal, keeping them until they
 * are acknowledged (`drain`, `unacknowledged`). Pure and synchronous, like the engine.
 */
export class SequencedState {
  readonly engine: StateEngine;
  private now = 0;
  private readonly gateways = new Map<string, Stream<StateOp>>();
  private portal: Stream<NetOutItem> | undefined;

  constructor(config: HostConfig, lineage: string, startedAt: number) {
    this.now = startedAt;
    this.engine = new StateEngine(config, () => this.now, lineage);
  }

  admitGateway(batch: GatewayBatch, now: number): Admission {
    const stream = this.gateways.get(batch.gw);
    const { gw, gi, seq, ack } = batch;
    if (stream?.instance !== gi) {
      // A gateway instance this history has not seen (a new process, or one that came while state
      // was away) starts at event 1, its hello; the gateway sends it again until it is taken.
      if (batch.events.length === 0) return { skip: 'heartbeat' };
      return seq === 1 ? { take: { k: 'gw', t: now, gw, gi, seq, ack, events: batch.events } } : { skip: 'gap' };
    }
    if (batch.events.length === 0) return { skip: 'heartbeat' };
    const skip = newFrom(stream.received.last, seq, batch.events.length);
    if (skip === 'gap' || skip === 'duplicate') return { skip };
    return { take: { k: 'gw', t: now, gw, gi, seq: seq + skip, ack, events: batch.events.slice(skip) } };
  }

  /**
   * `carry`: whether a new portal instance takes over what the previous one had not acknowledged
   * (the caller decides: the previous one was heard from lately, so the links' split grace still
   * holds the network open for what it had to send).
   */
  admitPortal(batch: NetInBatch, now: number, carry = false): Admission {
    const { pi, seq, ack } = batch;
    if (this.portal?.instance !== pi) {
      const record: InputRecord = { k: 'net', t: now, pi, seq, ack, items: batch.items };
      const kept = this.portal?.sent.unacknowledged ?? 0;
      if (carry && kept > 0) record.carry = kept;
      return { take: record };
    }
    if (batch.items.length === 0) return { skip: 'heartbeat' };
    const skip = newFrom(this.portal.received.last, seq, batch.items.length);
    if (skip === 'gap' || skip === 'duplicate') return { skip };
    return { take: { k: 'net', t: now, pi, seq: seq + skip, ack, items: batch.items.slice(skip) } };
  }

  /**
   * Applies one record. Faults inside the engine are reported through the callbacks and the rest
   * of the record still runs (the engine's own rule), so a replay meets the same faults.
   */
  apply(
    record: InputRecord,
    onFault: (err: unknown, what: string) => void,
    onIgnored: (problem: string) => void = () => {},
  ): void {
    this.now = record.t;
    switch (record.k) {
      case 'gw': {
        const stream = this.gatewayStream(record.gw, record.gi);
        stream.received.last = record.seq + record.events.length - 1;
        stream.sent.ack(record.ack);
        this.engine.handleEvents(record.gw, record.events, (err, event) => onFault(err, `gateway event ${event.type}`));
        break;
      }
      case 'net': {
        if (this.portal?.instance !== record.pi) {
          // What the previous instance had not acknowledged (it may have died with it, or state made
          // it while no portal was there) is the new instance's first items, in the same order.
          const sent = new SentLog<NetOutItem>();
          if (record.carry) {
            const kept = (this.portal?.sent.after(0) ?? []).flatMap((run) => run.items);
            sent.append(kept.slice(Math.max(0, kept.length - record.carry)));
          }
          this.portal = { instance: record.pi, received: new ReceiveCursor(record.seq - 1), sent };
        }
        if (record.items.length > 0) this.portal.received.last = record.seq + record.items.length - 1;
        this.portal.sent.ack(record.ack);
        this.engine.applyNetwork(
          record.items,
          (err, item) => onFault(err, `network item ${item.type === 'event' ? item.event.type : item.type}`),
          onIgnored,
        );
        break;
      }
      case 'gone':
        this.engine.forgetGateway(record.gw, 'Gateway lost');
        this.gateways.delete(record.gw);
        break;
      case 'pw':
        this.engine.passwordVerdict(record.id, record.verdict, (err) => onFault(err, 'password verdict'), record.keys);
        break;
      case 'seed':
        setEntropySeed(this.engine.state, record.seed);
        break;
      case 'admin':
        try {
          this.engine.adminCommand(record.operator, record.line);
        } catch (err) {
          onFault(err, 'admin command');
        }
        break;
      case 'rehashed':
        this.engine.rehashOutcome(record.conn, record.lines);
        break;
    }
    this.engine.out.seal();
  }

  /**
   * Numbers what the engine produced since the last call, per gateway and for the portal, and
   * keeps it until acknowledged. Ops for a gateway no stream is open for (declared gone) and items
   * while no portal is known (a new portal bursts anyway) are dropped. A peer that sent input and
   * gets no output here learns the ack from the answer to its next heartbeat (`ackOf`): an empty
   * delivery every turn cost a third more NATS messages on a private-message load (measured).
   */
  drain(): { gateways: GatewayDelivery[]; portal: PortalDelivery | undefined } {
    const gateways: GatewayDelivery[] = [];
    for (const [gw, ops] of this.engine.out.drain()) {
      const stream = this.gateways.get(gw);
      if (!stream) continue;
      const first = stream.sent.append(ops);
      gateways.push({ gw, gi: stream.instance, ack: stream.received.last, runs: [{ first, items: ops }] });
    }
    const items = this.engine.network.drain();
    let portal: PortalDelivery | undefined;
    if (this.portal && items.length > 0) {
      const first = this.portal.sent.append(items);
      portal = { pi: this.portal.instance, ack: this.portal.received.last, runs: [{ first, items }] };
    }
    return { gateways, portal };
  }

  /** The last input number taken from a gateway instance, or undefined for one without a stream. */
  gatewayAckOf(gw: string, gi: string): number | undefined {
    const stream = this.gateways.get(gw);
    return stream?.instance === gi ? stream.received.last : undefined;
  }

  /** The last item number taken from a portal instance, or undefined for another instance. */
  portalAckOf(pi: string): number | undefined {
    return this.portal?.instance === pi ? this.portal.received.last : undefined;
  }

  /** A gateway's heartbeat acknowledged ops (not journaled: a replay may keep a few more). */
  acknowledgeGateway(gw: string, gi: string, ack: number): void {
    const stream = this.gateways.get(gw);
    if (stream?.instance === gi) stream.sent.ack(ack);
  }

  acknowledgePortal(pi: string, ack: number): void {
    if (this.portal?.instance === pi) this.portal.sent.ack(ack);
  }

  /** Everything kept for a gateway instance after `ack`, to send again; undefined: unknown instance. */
  gatewayBacklog(gw: string, gi: string, ack: number): GatewayDelivery | undefined {
    const stream = this.gateways.get(gw);
    if (stream?.instance !== gi) return undefined;
    return { gw, gi, ack: stream.received.last, runs: stream.sent.after(ack) };
  }

  /** The portal instance state has a stream for, if any. */
  get portalInstance(): string | undefined {
    return this.portal?.instance;
  }

  portalBacklog(pi: string, ack: number): PortalDelivery | undefined {
    if (this.portal?.instance !== pi) return undefined;
    return { pi, ack: this.portal.received.last, runs: this.portal.sent.after(ack) };
  }

  /** Whether a gateway instance has an open stream here. */
  knowsGateway(gw: string, gi: string): boolean {
    return this.gateways.get(gw)?.instance === gi;
  }

  /** The gateways with an open stream. */
  gatewayIds(): string[] {
    return [...this.gateways.keys()];
  }

  captureData(): SequencedStateData {
    return {
      engine: this.engine.captureData(),
      gateways: [...this.gateways].map(([gw, s]) => [gw, streamData(s)]),
      portal: this.portal && streamData(this.portal),
    };
  }

  restoreData(data: SequencedStateData): void {
    this.engine.restoreData(data.engine);
    for (const [gw, s] of data.gateways) this.gateways.set(gw, streamFrom(s));
    this.portal = data.portal && streamFrom(data.portal);
  }

  private gatewayStream(gw: string, gi: string): Stream<StateOp> {
    let stream = this.gateways.get(gw);
    if (stream?.instance !== gi) {
      // Ops kept for an earlier instance of this gateway are for sockets that are gone.
      stream = { instance: gi, received: new ReceiveCursor(0), sent: new SentLog() };
      this.gateways.set(gw, stream);
    }
    return stream;
  }
}

/** How many leading items of a run numbered from `first` were taken before, or why none is new. */
function newFrom(last: number, first: number, count: number): number | 'gap' | 'duplicate' {
  if (first > last + 1) return 'gap';
  const skip = last + 1 - first;
  return skip >= count ? 'duplicate' : skip;
}

function streamData<T>(stream: Stream<T>): StreamData<T> {
  return { instance: stream.instance, received: stream.received.last, sent: stream.sent.data() };
}

function streamFrom<T>(data: StreamData<T>): Stream<T> {
  return { instance: data.instance, received: new ReceiveCursor(data.received), sent: new SentLog(data.sent) };
}
