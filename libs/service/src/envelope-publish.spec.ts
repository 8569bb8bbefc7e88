import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort, startNatsServer, type RunningNatsServer } from '@portalchat/hosting';
import {
  encodeBurstChunks,
  encodeEnvelope,
  PROTOCOL_VERSION,
  subjects,
  type DeliveryBatch,
  type NetEvent,
  type SendOp,
  type StateHello,
} from '@portalchat/protocol';
import { publishNumbered, publishEncoded, publishEnvelope, requestEnvelope } from './envelope-publish';
import { serveRequests, subscribeEnvelopes } from './envelope-subscription';
import { createLogger } from './logger';

const logger = createLogger('test', { level: 'silent' });

describe('publishing on typed subjects', () => {
  let nats: RunningNatsServer;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer({ host: '127.0.0.1', port: await freePort('127.0.0.1') });
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc.close();
    await nats.stop();
  });

  async function collect(count: () => number, expected: number): Promise<void> {
    const deadline = Date.now() + 3000;
    while (count() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  it('publishes one envelope that the subscriber gets as the subject’s payload', async () => {
    const subject = subjects.stateHello(2);
    const got: StateHello[] = [];
    const sub = subscribeEnvelopes(nc, subject, logger, (hello) => got.push(hello));
    publishEnvelope(nc, subject, { v: PROTOCOL_VERSION, instance: 'abc', lineage: 'h' });
    await collect(() => got.length, 1);
    sub.unsubscribe();
    expect(got).toEqual([{ v: PROTOCOL_VERSION, instance: 'abc', lineage: 'h' }]);
  });

  it('splits a numbered run over max_payload into several envelopes, each numbered by its first item', async () => {
    const subject = subjects.gatewayOut(2, 'gw1');
    const batches: DeliveryBatch[] = [];
    const sub = subscribeEnvelopes(nc, subject, logger, (batch) => batches.push(batch));
    // 3,000 ops of ~500 bytes: about 1.5 MB, over nats-server's default max_payload of 1 MiB.
    const ops: SendOp[] = Array.from({ length: 3000 }, (_, i) => ({
      type: 'send',
      to: [i],
      line: `${i} ${'x'.repeat(500)}`,
    }));
    publishNumbered(nc, subject, { gi: 'g1', ack: 0 }, 'first', 11, 'ops', ops);
    await collect(() => batches.flatMap((b) => b.ops).length, ops.length);
    sub.unsubscribe();
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap((b) => b.ops)).toEqual(ops);
    expect(batches.map((b) => b.first)).toEqual(
      batches.map((_, i) => 11 + batches.slice(0, i).reduce((n, b) => n + b.ops.length, 0)),
    );
  });

  it('publishes pre-encoded envelopes in order', async () => {
    const subject = subjects.burstReply(2, 'b1');
    const events: NetEvent[] = Array.from({ length: 30 }, (_, i) => ({
      type: 'quit',
      uid: `U${i}`,
      reason: 'x'.repeat(100),
    }));
    const chunks: { events: NetEvent[]; last: boolean }[] = [];
    const sub = subscribeEnvelopes(nc, subject, logger, (chunk) => chunks.push(chunk));
    publishEncoded(nc, subject, encodeBurstChunks(events, 1000));
    await collect(() => (chunks.at(-1)?.last ? 1 : 0), 1);
    sub.unsubscribe();
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flatMap((c) => c.events)).toEqual(events);
  });
});

/**
 * Type-level checks: every line marked @ts-expect-error must fail to compile (`npx nx typecheck
 * service` fails when one compiles). The function is never called; `it` only makes it visible
 * in the test list next to what it guards.
 */
function payloadMismatchesDoNotCompile(nc: NatsConnection): void {
  const hello: StateHello = { v: PROTOCOL_VERSION, instance: 'i', lineage: 'h' };
  // @ts-expect-error a StateHello on a subject of DeliveryBatch
  publishEnvelope(nc, subjects.gatewayOut(1, 'gw1'), hello);
  // @ts-expect-error a DeliveryBatch without its ops
  publishEnvelope(nc, subjects.gatewayOut(1, 'gw1'), { v: PROTOCOL_VERSION });
  // @ts-expect-error a batch field the subject's payload does not have
  publishNumbered(nc, subjects.gatewayOut(1, 'gw1'), { gi: 'g', ack: 0 }, 'first', 1, 'events', []);
  publishNumbered(nc, subjects.gatewayOut(1, 'gw1'), { gi: 'g', ack: 0 }, 'first', 1, 'ops', [
    // @ts-expect-error items of another payload (GatewayEvents on a DeliveryBatch subject)
    { type: 'hello', instance: 'i' },
  ]);
  // @ts-expect-error a batch's head without the fields its payload needs (GatewayBatch's gw)
  publishNumbered(nc, subjects.stateIn(1), { gi: 'g', ack: 0 }, 'seq', 1, 'events', []);
  // @ts-expect-error envelopes encoded as StateHello, published on the burst reply subject
  publishEncoded(nc, subjects.burstReply(1, 'b'), [encodeEnvelope(hello)]);
  // @ts-expect-error a handler that expects another payload than the subject carries
  subscribeEnvelopes(nc, subjects.stateHello(1), logger, (batch: DeliveryBatch) => batch.ops);
  // @ts-expect-error a request that is not the subject's request type (snapshot is a boolean)
  void requestEnvelope(nc, subjects.stateInfo(1), { v: PROTOCOL_VERSION, snapshot: 'yes' }, logger, { timeout: 1 });
  // @ts-expect-error an answer of another type than the subject's reply type
  serveRequests(nc, subjects.stateInfo(1), logger, () => hello);
  // @ts-expect-error a plain subject where a request/reply subject is needed
  void requestEnvelope(nc, subjects.stateHello(1), hello, logger, { timeout: 1 });
}

describe('typed subjects', () => {
  it('refuse a payload of another type at compile time (see payloadMismatchesDoNotCompile)', () => {
    expect(payloadMismatchesDoNotCompile).toBeInstanceOf(Function);
  });
});
