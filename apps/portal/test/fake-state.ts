// A stand-in for the state service of one host, as the portal sees it over NATS: it records what
// the portal delivers, answers burst requests with prepared chunks and emits local events.
import {
  PROTOCOL_VERSION,
  subjects,
  type BurstRequest,
  type NetEvent,
  type NetInItem,
  type NetOutItem,
  type NetUser,
  type ServerTable,
  type StampedNetEvent,
} from '@portalchat/protocol';
import { createLogger, publishEnvelope, subscribeEnvelopes, type NatsConnection } from '@portalchat/service';

type Subscription = ReturnType<NatsConnection['subscribe']>;

const logger = createLogger('fake-state', { level: 'silent' });

export class FakeState {
  readonly items: NetInItem[] = [];
  readonly burstRequests: BurstRequest[] = [];
  /** What the next burst request is answered with: one inner array per chunk. */
  burstChunks: NetEvent[][] = [];
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly nc: NatsConnection,
    readonly serverId: number,
  ) {
    this.subscriptions = [
      subscribeEnvelopes(nc, subjects.portalIn(serverId), logger, (batch) => {
        this.items.push(...batch.items);
      }),
      subscribeEnvelopes(nc, subjects.stateBurst(serverId), logger, (request) => {
        this.burstRequests.push(request);
        const chunks = this.burstChunks.length > 0 ? this.burstChunks : [[]];
        chunks.forEach((events, i) => {
          publishEnvelope(nc, subjects.burstReplyTo(request), {
            v: PROTOCOL_VERSION,
            events,
            last: i === chunks.length - 1,
          });
        });
      }),
    ];
  }

  emit(items: NetOutItem[]): void {
    publishEnvelope(this.nc, subjects.portalOut(this.serverId), { v: PROTOCOL_VERSION, items });
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
