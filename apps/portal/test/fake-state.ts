// A stand-in for the state service of one host, as the portal sees it over NATS: it takes what
// the portal delivers (each numbered item once, acknowledged), answers burst requests with
// prepared chunks and emits numbered local events for the portal instance it heard from.
import {
  PROTOCOL_VERSION,
  ReceiveCursor,
  SentLog,
  subjects,
  type BurstRequest,
  type NetEvent,
  type NetInItem,
  type NetOutItem,
  type NetUser,
  type ServerTable,
  type StampedNetEvent,
} from '@portalchat/protocol';
import {
  createLogger,
  publishEnvelope,
  serveRequests,
  subscribeEnvelopes,
  type NatsConnection,
} from '@portalchat/service';

type Subscription = ReturnType<NatsConnection['subscribe']>;

const logger = createLogger('fake-state', { level: 'silent' });

export class FakeState {
  readonly items: NetInItem[] = [];
  readonly burstRequests: BurstRequest[] = [];
  /** What the next burst request is answered with: one inner array per chunk. */
  burstChunks: NetEvent[][] = [];
  private readonly subscriptions: Subscription[];
  /** A silent fake state answers nothing: no acks, no info (a state that hangs). */
  private silent = false;
  private infoSubscription: Subscription | undefined;
  private portal: { pi: string; taken: ReceiveCursor; sent: SentLog<NetOutItem> } | undefined;

  constructor(
    private readonly nc: NatsConnection,
    readonly serverId: number,
  ) {
    this.subscriptions = [
      subscribeEnvelopes(nc, subjects.portalIn(serverId), logger, (batch) => {
        if (this.silent) return;
        if (this.portal?.pi !== batch.pi) {
          this.portal = { pi: batch.pi, taken: new ReceiveCursor(batch.seq - 1), sent: new SentLog() };
        }
        this.portal.sent.ack(batch.ack);
        const verdict = this.portal.taken.offer(batch.seq, batch.items.length);
        if (!verdict.take || verdict.skip === batch.items.length) return;
        this.items.push(...batch.items.slice(verdict.skip));
        // Taken for good: acknowledged, as state does once per turn.
        const { pi, taken } = this.portal;
        publishEnvelope(nc, subjects.portalOut(serverId), {
          v: PROTOCOL_VERSION,
          pi,
          first: 0,
          ack: taken.last,
          items: [],
        });
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
    this.infoSubscription = this.serveInfo();
  }

  /** State answers the info poll: the portal's sign that state is there on a quiet host. */
  private serveInfo(): Subscription {
    const { serverId } = this;
    return serveRequests(this.nc, subjects.stateInfo(serverId), logger, () => ({
      v: PROTOCOL_VERSION,
      instance: 'fake-state',
      lineage: 'fake-lineage',
      serverName: `server-${serverId}`,
      serverId,
      users: 0,
      channels: 0,
    }));
  }

  /** Stops answering anything, as a hung state would (or speaks again). */
  setSilent(silent: boolean): void {
    this.silent = silent;
    this.infoSubscription?.unsubscribe();
    this.infoSubscription = silent ? undefined : this.serveInfo();
  }

  /** Numbered local changes for the portal instance last heard from (none heard: dropped, as state does). */
  emit(items: NetOutItem[]): void {
    if (!this.portal) throw new Error('the fake state has not heard from a portal yet');
    const { pi, taken, sent } = this.portal;
    const first = sent.append(items);
    publishEnvelope(this.nc, subjects.portalOut(this.serverId), {
      v: PROTOCOL_VERSION,
      pi,
      first,
      ack: taken.last,
      items,
    });
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
    this.infoSubscription?.unsubscribe();
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
