// A stand-in for the state service of one host, as the portal sees it over NATS: it records what
// the portal delivers, answers burst requests with prepared chunks and emits local events.
import {
  PROTOCOL_VERSION,
  encodeEnvelope,
  subjects,
  type BurstChunk,
  type BurstRequest,
  type NetEvent,
  type NetInBatch,
  type NetInItem,
  type NetOutBatch,
  type NetOutItem,
  type NetUser,
  type ServerTable,
  type StampedNetEvent,
} from '@portalchat/protocol';
import type { NatsConnection } from '@portalchat/service';

type Subscription = ReturnType<NatsConnection['subscribe']>;

export class FakeState {
  readonly items: NetInItem[] = [];
  readonly burstRequests: BurstRequest[] = [];
  /** What the next burst request is answered with: one inner array per chunk. */
  burstChunks: NetEvent[][] = [];
  private readonly subscriptions: Subscription[];

  constructor(private readonly nc: NatsConnection, readonly serverId: number) {
    this.subscriptions = [
      nc.subscribe(subjects.portalIn(serverId), {
        callback: (_err, msg) => {
          this.items.push(...msg.json<NetInBatch>().items);
        },
      }),
      nc.subscribe(subjects.stateBurst(serverId), {
        callback: (_err, msg) => {
          const request = msg.json<BurstRequest>();
          this.burstRequests.push(request);
          const chunks = this.burstChunks.length > 0 ? this.burstChunks : [[]];
          chunks.forEach((events, i) => {
            const chunk: BurstChunk = { v: PROTOCOL_VERSION, events, last: i === chunks.length - 1 };
            nc.publish(request.replyTo, encodeEnvelope(chunk));
          });
        },
      }),
    ];
  }

  emit(items: NetOutItem[]): void {
    const batch: NetOutBatch = { v: PROTOCOL_VERSION, items };
    this.nc.publish(subjects.portalOut(this.serverId), encodeEnvelope(batch));
  }

  events(): StampedNetEvent[] {
    return this.items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
  }

  tables(): ServerTable[] {
    return this.items.filter((i): i is ServerTable => i.type === 'servers');
  }

  /** The server IDs of the last table, sorted. */
  serverIds(): number[] {
    return (this.tables().at(-1)?.servers ?? []).map((s) => s.serverId).sort((a, b) => a - b);
  }

  stop(): void {
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
  }
}

/** A wallops event carrying a marker text, easy to find on the far side. */
export const marker = (text: string): NetEvent => ({ type: 'wallops', from: 'test', text });

export function testUser(serverId: number, n: number): NetUser {
  return {
    uid: `${serverId}U${n}`,
    nick: `user${serverId}_${n}`,
    nickTs: 1000 + n,
    username: 'u',
    hostname: '127.0.0.1',
    realname: `User ${n}`,
    serverId,
    signonAt: 1000,
    modes: 'i',
  };
}
