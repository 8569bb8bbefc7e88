import { connect, type NatsConnection } from '@nats-io/transport-node';
import { encodeEnvelope, PROTOCOL_VERSION, subjects, type StateHello, type StateInfo } from '@portalchat/protocol';
import { requestEnvelope } from './envelope-publish';
import { serveRequests, subscribeEnvelopes } from './envelope-subscription';
import { eventually, startTestNats, type TestNats } from '@portalchat/testkit';
import { createLogger } from './logger';

const logger = createLogger('test', { level: 'silent' });

// One nats-server for the whole file: each test uses subjects of its own.
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

describe('subscribeEnvelopes', () => {
  it('drops undecodable envelopes and survives a throwing handler, delivering the rest in order', async () => {
    const subject = subjects.stateHello(1);
    const seen: string[] = [];
    const raws: string[] = [];
    const sub = subscribeEnvelopes(nc, subject, logger, (hello, raw) => {
      if (hello.instance === 'b') throw new Error('handler bug');
      seen.push(hello.instance);
      raws.push(raw);
    });
    const hello = (instance: string): StateHello => ({ v: PROTOCOL_VERSION, instance, lineage: 'h' });
    nc.publish(subject.name, encodeEnvelope(hello('a')));
    nc.publish(subject.name, 'not json');
    nc.publish(subject.name, JSON.stringify({ v: 999, instance: 'other version' }));
    nc.publish(subject.name, JSON.stringify({ v: PROTOCOL_VERSION, instanceId: 'no instance field' }));
    nc.publish(subject.name, encodeEnvelope(hello('b')));
    nc.publish(subject.name, encodeEnvelope(hello('c')));
    await nc.flush();
    // The last envelope is handled last: once two are seen, all six were.
    await eventually('two envelopes handled', () => seen.length >= 2, { timeoutMs: 2000 });
    sub.unsubscribe();
    expect(seen).toEqual(['a', 'c']);
    // The handler also gets the envelope's JSON as it came (state journals it as is).
    expect(raws).toEqual([encodeEnvelope(hello('a')), encodeEnvelope(hello('c'))]);
  });
});

describe('serveRequests / requestEnvelope', () => {
  const subject = subjects.stateInfo(1);
  const info = (snapshot: boolean | undefined): StateInfo => ({
    v: PROTOCOL_VERSION,
    instance: 'i',
    lineage: 'h',
    serverName: 'irc.test',
    serverId: 1,
    users: 0,
    channels: 0,
    snapshot,
  });

  it('answers a request with the decoded reply, and an undecodable request with undefined as the request', async () => {
    const sub = serveRequests(nc, subject, logger, (request) => info(request?.snapshot));
    const reply = await requestEnvelope(nc, subject, { v: PROTOCOL_VERSION, snapshot: true }, logger, {
      timeout: 1000,
    });
    expect(reply).toEqual(info(true));
    const raw = await nc.request(subject.name, 'not json', { timeout: 1000 });
    expect(JSON.parse(raw.string())).toEqual(info(undefined));
    sub.unsubscribe();
  });

  it('gives undefined for a reply that does not decode, and keeps serving after an answer threw', async () => {
    let calls = 0;
    const sub = serveRequests(nc, subject, logger, () => {
      if (++calls === 1) throw new Error('answer bug');
      return { ...info(false), users: 'many' } as unknown as StateInfo;
    });
    await expect(requestEnvelope(nc, subject, { v: PROTOCOL_VERSION }, logger, { timeout: 200 })).rejects.toThrow();
    await expect(
      requestEnvelope(nc, subject, { v: PROTOCOL_VERSION }, logger, { timeout: 1000 }),
    ).resolves.toBeUndefined();
    sub.unsubscribe();
  });
});
