import { decodeEnvelope, EnvelopeError, encodeEnvelope, PROTOCOL_VERSION, type GatewayBatch } from './envelopes';

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
