import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LatencyHistogram } from '../histogram';
import type { Endpoint } from '../systems/types';
import type {
  ClosedReply,
  Command,
  ConnectReply,
  CpuReply,
  JoinReply,
  RunReply,
  StatsReply,
  TallyReply,
  WorkerMessage,
} from './protocol';
import { mergeTallies, type DeliveryTally } from './sequence-log';

/** One process holds at most this many clients (the per-process open-file limit is 20,000). */
export const MAX_CLIENTS_PER_WORKER = 12_000;
const COMMAND_TIMEOUT_MS = 180_000;

function workerScript(): string {
  for (const candidate of [join(__dirname, 'worker.js'), join(__dirname, 'generator', 'worker.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`the load generator is not built next to ${__dirname} (run npm run bench, which builds it)`);
}

class Worker {
  private nextId = 1;
  private pending = new Map<number, { resolve: (reply: unknown) => void; reject: (err: Error) => void }>();
  readonly child: ChildProcess;

  constructor(index: number, onProgress: (index: number, text: string) => void) {
    this.child = fork(workerScript(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: WorkerMessage) => {
      if ('progress' in message) return onProgress(index, message.progress);
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      const reply = message.reply as { error?: string };
      if (reply && typeof reply === 'object' && reply.error) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(message.reply);
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load generator ${index} exited (${code})`));
      this.pending.clear();
    });
  }

  request<T>(cmd: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load generator: ${cmd.op} got no answer in ${COMMAND_TIMEOUT_MS / 1000} s`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply as T);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      this.child.send({ id, cmd });
    });
  }
}

export interface ConnectResult {
  registered: number;
  failed: number;
  elapsedMs: number;
  latency: LatencyHistogram;
}

export interface DeliveryStats {
  received: number;
  stale: number;
  closed: number;
  same: LatencyHistogram;
  cross: LatencyHistogram;
  /** When the last delivery was counted (Date.now()). */
  lastChangeAt: number;
}

/**
 * The coordinator's handle on the load generator processes. Clients have global indexes
 * 0..n-1; worker w holds a contiguous block of them. Client g talks to server g % servers.
 */
export class Fleet {
  private workers: Worker[] = [];
  private blocks: Array<{ first: number; count: number }> = [];

  constructor(
    workerCount: number,
    private log: (line: string) => void,
  ) {
    const progress = new Map<number, string>();
    for (let i = 0; i < workerCount; i++) {
      this.workers.push(
        new Worker(i, (index, text) => {
          progress.set(index, text);
          if (index === workerCount - 1 || progress.size === workerCount)
            this.log(`    … registered ${[...progress.values()].join(' + ')}`);
        }),
      );
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The worker and its local index of global client `g`. */
  locate(g: number): [number, number] {
    for (const [w, block] of this.blocks.entries()) {
      if (g >= block.first && g < block.first + block.count) return [w, g - block.first];
    }
    throw new Error(`no client ${g}`);
  }

  async connect(endpoints: Endpoint[], count: number, window: number, timeoutMs: number): Promise<ConnectResult> {
    const per = Math.ceil(count / this.workers.length);
    const assigned = this.workers.map((worker, w) => ({
      worker,
      block: { first: w * per, count: Math.max(0, Math.min(per, count - w * per)) },
    }));
    this.blocks = assigned.map(({ block }) => block);
    const windowEach = Math.max(1, Math.floor(window / this.workers.length));
    const replies = await Promise.all(
      assigned.map(({ worker, block }) =>
        worker.request<ConnectReply>({
          op: 'connect',
          endpoints,
          firstGlobal: block.first,
          count: block.count,
          window: windowEach,
          timeoutMs,
        }),
      ),
    );
    return {
      registered: replies.reduce((s, r) => s + r.registered, 0),
      failed: replies.reduce((s, r) => s + r.failed, 0),
      elapsedMs: Math.max(...replies.map((r) => r.elapsedMs)),
      latency: LatencyHistogram.from(replies.map((r) => r.latency)),
    };
  }

  /** `joins`: [global client, channel]. */
  async join(joins: Array<[number, string]>, timeoutMs: number): Promise<JoinReply> {
    const replies = await Promise.all(
      this.split(joins).map(({ worker, items }) => worker.request<JoinReply>({ op: 'join', joins: items, timeoutMs })),
    );
    return { joined: replies.reduce((s, r) => s + r.joined, 0), failed: replies.reduce((s, r) => s + r.failed, 0) };
  }

  /**
   * Starts a tagged send phase on every worker (those without senders just count). A `numbered`
   * phase also says what each sender wrote, for tally().
   */
  async run(
    tag: number,
    senders: Array<[number, string]>,
    ratePerSender: number,
    durationMs: number,
    numbered = false,
  ): Promise<RunReply> {
    const replies = await Promise.all(
      this.split(senders).map(({ worker, items }) =>
        worker.request<RunReply>({ op: 'run', tag, senders: items, ratePerSender, durationMs, numbered }),
      ),
    );
    const reply: RunReply = {
      sent: replies.reduce((s, r) => s + r.sent, 0),
      elapsedMs: Math.max(...replies.map((r) => r.elapsedMs)),
    };
    if (!numbered) return reply;
    return {
      ...reply,
      written: replies.flatMap((r) => r.written ?? []),
      closedSenders: replies.flatMap((r) => r.closedSenders ?? []),
    };
  }

  /**
   * After a numbered run: loss, duplicates, reordering and pauses over `expect` ([global receiver,
   * global sender]), given what each sender wrote and which senders stayed connected.
   */
  async tally(expect: Array<[number, number]>, run: RunReply): Promise<DeliveryTally> {
    const closedSenders = new Set(run.closedSenders);
    const written = run.written ?? [];
    const keptSending = written.map(([sender]) => sender).filter((sender) => !closedSenders.has(sender));
    const replies = await Promise.all(
      this.split(expect).map(({ worker, items }) =>
        worker.request<TallyReply>({ op: 'tally', expect: items, sent: written, keptSending }),
      ),
    );
    return mergeTallies(replies);
  }

  /** Splits every receiver's pauses at this moment: those after it are a fault's (restart scenario). */
  async mark(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request<unknown>({ op: 'mark' })));
  }

  /** Global indexes of the clients whose connection has closed. */
  async closedClients(): Promise<number[]> {
    const replies = await Promise.all(this.workers.map((worker) => worker.request<ClosedReply>({ op: 'closed' })));
    return replies.flatMap((r) => r.closed);
  }

  async stats(tag: number): Promise<DeliveryStats> {
    const replies = await Promise.all(this.workers.map((worker) => worker.request<StatsReply>({ op: 'stats', tag })));
    return {
      received: replies.reduce((s, r) => s + r.received, 0),
      stale: replies.reduce((s, r) => s + r.stale, 0),
      closed: replies.reduce((s, r) => s + r.closed, 0),
      same: LatencyHistogram.from(replies.map((r) => r.same)),
      cross: LatencyHistogram.from(replies.map((r) => r.cross)),
      lastChangeAt: Date.now(),
    };
  }

  /** Waits until `expected` deliveries of `tag` arrived, or none arrived for `quietMs`, at most `maxMs`. */
  async drain(tag: number, expected: number, quietMs: number, maxMs: number): Promise<DeliveryStats> {
    const deadline = Date.now() + maxMs;
    let last = await this.stats(tag);
    let lastChange = Date.now();
    last.lastChangeAt = lastChange;
    while (last.received < expected && Date.now() < deadline && Date.now() - lastChange < quietMs) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await this.stats(tag);
      if (now.received !== last.received) lastChange = Date.now();
      now.lastChangeAt = now.received !== last.received ? lastChange : last.lastChangeAt;
      last = now;
    }
    return last;
  }

  /** CPU seconds the generator processes used so far. */
  async cpuSeconds(): Promise<number> {
    const replies = await Promise.all(this.workers.map((worker) => worker.request<CpuReply>({ op: 'cpu' })));
    return replies.reduce((s, r) => s + (r.userUs + r.systemUs) / 1e6, 0);
  }

  async closeClients(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request({ op: 'close' })));
  }

  stop(): void {
    for (const worker of this.workers) {
      worker.child.disconnect();
      worker.child.kill();
    }
  }

  /** `items` keyed by global client, regrouped per worker and keyed by that worker's local index. */
  private split<T>(items: Array<[number, T]>): Array<{ worker: Worker; items: Array<[number, T]> }> {
    const out = this.workers.map((worker): { worker: Worker; items: Array<[number, T]> } => ({ worker, items: [] }));
    for (const [g, value] of items) {
      const [w, local] = this.locate(g);
      const bucket = out[w];
      if (!bucket) throw new Error(`client ${g} is on worker ${w}, but there are ${out.length} workers`);
      bucket.items.push([local, value]);
    }
    return out;
  }
}
