import { connect, type NatsConnection } from '@nats-io/transport-node';
import { encodeEnvelope, PROTOCOL_VERSION } from '@portalchat/protocol';
import { eventually, startTestNats, type TestNats } from '@portalchat/testkit';
import { createLogger } from './logger';
import { subscribeEnvelopes } from './envelope-subscription';

describe('subscribeEnvelopes', () => {
  let nats: TestNats;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startTestNats();
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc.close();
    await nats.stop();
  });

  it('drops undecodable envelopes and survives a throwing handler, delivering the rest in order', async () => {
    const seen: number[] = [];
    const sub = subscribeEnvelopes<{ v: number; n: number }>(nc, 'test.envelopes', 'Test', createLogger('test', { level: 'silent' }), (e) => {
      if (e.n === 2) throw new Error('handler bug');
      seen.push(e.n);
    });
    nc.publish('test.envelopes', encodeEnvelope({ v: PROTOCOL_VERSION, n: 1 } as { v: number }));
    nc.publish('test.envelopes', 'not json');
    nc.publish('test.envelopes', JSON.stringify({ v: 999, n: 9 }));
    nc.publish('test.envelopes', encodeEnvelope({ v: PROTOCOL_VERSION, n: 2 } as { v: number }));
    nc.publish('test.envelopes', encodeEnvelope({ v: PROTOCOL_VERSION, n: 3 } as { v: number }));
    await nc.flush();
    // The last envelope is handled last: once two are seen, all five were.
    await eventually('two envelopes handled', () => seen.length >= 2, { timeoutMs: 2000 });
    sub.unsubscribe();
    expect(seen).toEqual([1, 3]);
  });
});
