import { envelopeKinds } from './envelope-kinds';
import {
  decodeEnvelope,
  EnvelopeError,
  encodeBurstChunks,
  encodeEnvelope,
  encodeEnvelopes,
  encodeNumberedEnvelopes,
  PROTOCOL_VERSION,
  type DeliveryBatch,
  type EnvelopeKind,
  type GatewayBatch,
  type SendOp,
} from './envelopes';
import type { NetEvent } from './network-events';

describe('encodeEnvelope / decodeEnvelope', () => {
  it('round-trips a batch', () => {
    const batch: GatewayBatch = {
      v: PROTOCOL_VERSION,
      gw: 'gw1',
      gi: 'g1',
      seq: 1,
      ack: 0,
      events: [
        { type: 'hello', instance: 'i1' },
        { type: 'open', conn: 1, ip: '127.0.0.1', port: 5000, localIp: '127.110.1.43', localPort: 6667, tls: false },
        { type: 'line', conn: 1, line: 'PRIVMSG #a :hé 😀' },
        { type: 'closed', conn: 1, reason: 'Ping timeout' },
      ],
    };
    expect(decodeEnvelope(envelopeKinds.gatewayBatch, encodeEnvelope(batch))).toEqual(batch);
  });

  it.each<[string, string]>([
    ['invalid JSON', '{nope'],
    ['a JSON string', '"x"'],
    ['null', 'null'],
    ['an object without a version', '{"gw":"a"}'],
    ['another version', JSON.stringify({ v: PROTOCOL_VERSION + 1 })],
    ['a version as a string', JSON.stringify({ v: String(PROTOCOL_VERSION) })],
  ])('rejects %s with EnvelopeError', (_name, data) => {
    expect(() => decodeEnvelope(envelopeKinds.stateHello, data)).toThrow(EnvelopeError);
  });

  // Each row decodes `{"v":1,...fields}` as one kind.
  const as =
    <T extends { v: number }>(kind: EnvelopeKind<T>) =>
    (fields: object) =>
      decodeEnvelope(kind, JSON.stringify({ v: PROTOCOL_VERSION, ...fields }));
  it.each<[string, (fields: object) => unknown, object, string]>([
    [
      'a delivery batch without ops',
      as(envelopeKinds.deliveryBatch),
      { gi: 'g1', first: 1, ack: 0 },
      'DeliveryBatch envelope has a bad or missing field "ops"',
    ],
    [
      'a delivery batch without the number of its first op',
      as(envelopeKinds.deliveryBatch),
      { gi: 'g1', ack: 0, ops: [] },
      'DeliveryBatch envelope has a bad or missing field "first"',
    ],
    [
      'a gateway batch whose events are not a list',
      as(envelopeKinds.gatewayBatch),
      { gw: 'gw1', gi: 'g1', seq: 1, ack: 0, events: {} },
      'GatewayBatch envelope has a bad or missing field "events"',
    ],
    [
      'a gateway batch without its sequence number',
      as(envelopeKinds.gatewayBatch),
      { gw: 'gw1', gi: 'g1', ack: 0, events: [] },
      'GatewayBatch envelope has a bad or missing field "seq"',
    ],
    [
      'a gateway batch without its gateway',
      as(envelopeKinds.gatewayBatch),
      { events: [] },
      'GatewayBatch envelope has a bad or missing field "gw"',
    ],
    [
      'a hello without an instance',
      as(envelopeKinds.stateHello),
      { instance: 7 },
      'StateHello envelope has a bad or missing field "instance"',
    ],
    [
      'a burst request without replyTo',
      as(envelopeKinds.burstRequest),
      { excludeServers: [] },
      'BurstRequest envelope has a bad or missing field "replyTo"',
    ],
    [
      'a burst request with an empty replyTo',
      as(envelopeKinds.burstRequest),
      { replyTo: '', excludeServers: [] },
      'BurstRequest envelope has a bad or missing field "replyTo"',
    ],
    [
      'a burst chunk without its last flag',
      as(envelopeKinds.burstChunk),
      { events: [] },
      'BurstChunk envelope has a bad or missing field "last"',
    ],
    [
      'an info request whose snapshot flag is no boolean',
      as(envelopeKinds.stateInfoRequest),
      { snapshot: 'yes' },
      'StateInfoRequest envelope has a bad or missing field "snapshot"',
    ],
    [
      'an info answer without its user count',
      as(envelopeKinds.stateInfo),
      { instance: 'a', lineage: 'h', serverName: 's', serverId: 1, channels: 0 },
      'StateInfo envelope has a bad or missing field "users"',
    ],
    [
      'a map report whose pending servers are not numbers (#14)',
      as(envelopeKinds.portalMapReport),
      { serverId: 10, at: 1, servers: [], pending: ['11'], edges: [], links: [] },
      'PortalMapReport envelope has a bad or missing field "pending"',
    ],
    [
      'a map report without its links (#14)',
      as(envelopeKinds.portalMapReport),
      { serverId: 10, at: 1, servers: [], pending: [], edges: [] },
      'PortalMapReport envelope has a bad or missing field "links"',
    ],
    [
      'a census without its servers (#14)',
      as(envelopeKinds.stateCensus),
      {},
      'StateCensus envelope has a bad or missing field "servers"',
    ],
  ])('rejects %s, naming the kind and the field', (_name, decode, fields, message) => {
    expect(() => decode(fields)).toThrow(new EnvelopeError(message));
  });

  it('accepts optional fields left out and extra fields', () => {
    expect(decodeEnvelope(envelopeKinds.stateInfoRequest, `{"v":${PROTOCOL_VERSION}}`)).toEqual({
      v: PROTOCOL_VERSION,
    });
    expect(
      decodeEnvelope(envelopeKinds.stateHello, `{"v":${PROTOCOL_VERSION},"instance":"a","lineage":"h","later":1}`),
    ).toMatchObject({ instance: 'a' });
  });

  it('keeps the JSON error as the cause', () => {
    try {
      decodeEnvelope(envelopeKinds.stateHello, '{nope');
      throw new Error('expected decodeEnvelope to throw');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvelopeError);
      expect((err as EnvelopeError).name).toBe('EnvelopeError');
      expect((err as EnvelopeError).cause).toBeInstanceOf(SyntaxError);
    }
  });
});

describe('encodeEnvelopes', () => {
  const send = (i: number, line = `PRIVMSG #c :ünïcode ${i}`): SendOp => ({ type: 'send', to: [i], line });
  const opsOf = (payloads: string[]) => payloads.map((p) => decodeEnvelope(envelopeKinds.deliveryBatch, p).ops);

  it('keeps a small batch in one envelope that decodes to the batch', () => {
    const events: GatewayBatch['events'] = [
      { type: 'hello', instance: 'i1' },
      { type: 'line', conn: 1, line: 'é' },
    ];
    const [only, ...rest] = encodeEnvelopes<GatewayBatch>(
      { gw: 'gw1', gi: 'g1', seq: 1, ack: 0 },
      'events',
      events,
      1000,
    );
    expect(rest).toEqual([]);
    expect(decodeEnvelope(envelopeKinds.gatewayBatch, only as string)).toEqual({
      v: PROTOCOL_VERSION,
      gw: 'gw1',
      gi: 'g1',
      seq: 1,
      ack: 0,
      events,
    });
  });

  it('splits a batch so no envelope exceeds the byte limit, keeping order', () => {
    const items = Array.from({ length: 500 }, (_, i) => send(i));
    const payloads = encodeEnvelopes<DeliveryBatch>({ gi: 'g1', first: 1, ack: 0 }, 'ops', items, 2000);
    expect(payloads.length).toBeGreaterThan(10);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2000);
    expect(opsOf(payloads).flat()).toEqual(items);
  });

  it('sends an item larger than the limit alone rather than dropping it', () => {
    const big = send(2, 'x'.repeat(300));
    const payloads = encodeEnvelopes<DeliveryBatch>(
      { gi: 'g1', first: 1, ack: 0 },
      'ops',
      [send(1), big, send(3)],
      100,
    );
    expect(opsOf(payloads)).toEqual([[send(1)], [big], [send(3)]]);
  });

  it.each([200, 300, 400, 500, 600, 700])(
    'keeps every envelope of 3-byte characters within %i bytes, near the one-envelope boundary',
    (limit) => {
      const items = Array.from({ length: 6 }, (_, i) => send(i, '€'.repeat(20)));
      const payloads = encodeEnvelopes<DeliveryBatch>({ gi: 'g1', first: 1, ack: 0 }, 'ops', items, limit);
      for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(limit);
      expect(opsOf(payloads).flat()).toEqual(items);
    },
  );

  it('gives nothing for an empty batch', () => {
    expect(encodeEnvelopes<DeliveryBatch>({ gi: 'g1', first: 1, ack: 0 }, 'ops', [], 100)).toEqual([]);
  });
});

describe('encodeNumberedEnvelopes', () => {
  const send = (i: number): SendOp => ({ type: 'send', to: [i], line: `PRIVMSG #c :ünïcode ${i}` });

  it('numbers each envelope by its own first item, within the byte limit, in order', () => {
    const items = Array.from({ length: 300 }, (_, i) => send(i));
    const payloads = encodeNumberedEnvelopes<DeliveryBatch, 'first'>(
      { gi: 'g1', ack: 7 },
      'first',
      98,
      'ops',
      items,
      2000,
    );
    expect(payloads.length).toBeGreaterThan(5);
    let expected = 98;
    for (const p of payloads) {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2000);
      const batch = decodeEnvelope(envelopeKinds.deliveryBatch, p);
      expect(batch).toMatchObject({ gi: 'g1', ack: 7, first: expected });
      expected += batch.ops.length;
    }
    expect(payloads.flatMap((p) => decodeEnvelope(envelopeKinds.deliveryBatch, p).ops)).toEqual(items);
  });

  it("uses the JSON a sender made already for an item, and counts its bytes, not the item's", () => {
    const items = [send(1), send(2)];
    const made = '{"type":"send","to":[1],"line":"made before"}';
    const payloads = encodeNumberedEnvelopes<DeliveryBatch, 'first'>(
      { gi: 'g1', ack: 0 },
      'first',
      1,
      'ops',
      items,
      // Room for the head and one made item only: the second item goes in an envelope of its own.
      Buffer.byteLength(`{"v":1,"gi":"g1","ack":0,"first":9,"ops":[]}`) + made.length + 1,
      (op) => (op === items[0] ? made : JSON.stringify(op)),
    );
    expect(payloads.map((p) => decodeEnvelope(envelopeKinds.deliveryBatch, p).ops)).toEqual([
      [JSON.parse(made)],
      [items[1]],
    ]);
  });
});

describe('encodeBurstChunks', () => {
  const event = (n: number): NetEvent => ({ type: 'quit', uid: `U${n}`, reason: 'x'.repeat(50) });
  const decode = (chunk: string) => decodeEnvelope(envelopeKinds.burstChunk, chunk);

  it('splits into chunks within the size limit and marks only the final one last', () => {
    const events = Array.from({ length: 40 }, (_, i) => event(i));
    const chunks = encodeBurstChunks(events, 1000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(1000);
    const decoded = chunks.map(decode);
    expect(decoded.map((c) => c.last)).toEqual([...Array<boolean>(chunks.length - 1).fill(false), true]);
    expect(decoded.flatMap((c) => c.events)).toEqual(events);
  });

  it('an empty burst is one empty final chunk', () => {
    expect(encodeBurstChunks([], 1000).map(decode)).toEqual([{ v: 1, events: [], last: true }]);
  });
});
