import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort, startNatsServer, type RunningNatsServer } from '@portalchat/hosting';
import { encodeEnvelope, PROTOCOL_VERSION } from '@portalchat/protocol';
import { createLogger } from './logger';
import { subscribeEnvelopes } from './envelope-subscription';

describe('subscribeEnvelopes', () => {
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
    const deadline = Date.now() + 2000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    sub.unsubscribe();
    expect(seen).toEqual([1, 3]);
  });
});
