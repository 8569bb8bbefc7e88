import { decodeEnvelope, EnvelopeError, encodeEnvelope, encodeEnvelopes, PROTOCOL_VERSION, type GatewayBatch } from './envelopes';

describe('encodeEnvelope / decodeEnvelope', () => {
  it('round-trips a batch', () => {
    const batch: GatewayBatch = {
      v: PROTOCOL_VERSION,
      gw: 'gw1',
      events: [
        { type: 'hello', instance: 'i1' },
        { type: 'open', conn: 1, ip: '127.0.0.1', port: 5000, localIp: '127.110.1.43', localPort: 6667, tls: false },
        { type: 'line', conn: 1, line: 'PRIVMSG #a :hé 😀' },
        { type: 'closed', conn: 1, reason: 'Ping timeout' },
      ],
    };
    expect(decodeEnvelope<GatewayBatch>(encodeEnvelope(batch))).toEqual(batch);
  });

  it.each<[string, string]>([
    ['invalid JSON', '{nope'],
    ['a JSON string', '"x"'],
    ['null', 'null'],
    ['an object without a version', '{"gw":"a"}'],
    ['another version', JSON.stringify({ v: PROTOCOL_VERSION + 1 })],
    ['a version as a string', JSON.stringify({ v: String(PROTOCOL_VERSION) })],
  ])('rejects %s with EnvelopeError', (_name, data) => {
    expect(() => decodeEnvelope(data)).toThrow(EnvelopeError);
  });

  it('keeps the JSON error as the cause', () => {
    try {
      decodeEnvelope('{nope');
      throw new Error('expected decodeEnvelope to throw');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvelopeError);
      expect((err as EnvelopeError).name).toBe('EnvelopeError');
      expect((err as EnvelopeError).cause).toBeInstanceOf(SyntaxError);
    }
  });
});

describe('encodeEnvelopes', () => {
  it('keeps a small batch in one envelope that decodes to the batch', () => {
    const [only, ...rest] = encodeEnvelopes({ gw: 'gw1' }, 'events', [{ a: 1 }, { b: 'é' }], 1000);
    expect(rest).toEqual([]);
    expect(decodeEnvelope(only as string)).toEqual({ v: PROTOCOL_VERSION, gw: 'gw1', events: [{ a: 1 }, { b: 'é' }] });
  });

  it('splits a batch so no envelope exceeds the byte limit, keeping order', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ type: 'send', to: [i], line: `PRIVMSG #c :ünïcode ${i}` }));
    const payloads = encodeEnvelopes({}, 'ops', items, 2000);
    expect(payloads.length).toBeGreaterThan(10);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2000);
    const decoded = payloads.flatMap((p) => decodeEnvelope<{ v: number; ops: unknown[] }>(p).ops);
    expect(decoded).toEqual(items);
  });

  it('sends an item larger than the limit alone rather than dropping it', () => {
    const big = { line: 'x'.repeat(300) };
    const payloads = encodeEnvelopes({}, 'ops', [{ a: 1 }, big, { b: 2 }], 100);
    expect(payloads.map((p) => decodeEnvelope<{ v: number; ops: unknown[] }>(p).ops)).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
  });

  it('gives nothing for an empty batch', () => {
    expect(encodeEnvelopes({}, 'ops', [], 100)).toEqual([]);
  });
});
