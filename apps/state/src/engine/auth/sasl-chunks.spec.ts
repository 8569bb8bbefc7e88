import { appendSaslChunk, SASL_MAX_RESPONSE_BYTES, splitSaslResponse } from './sasl-chunks';

describe('SASL chunk framing', () => {
  it('a chunk under 400 bytes ends the response', () => {
    expect(appendSaslChunk('', 'abcd')).toEqual({ type: 'done', data: 'abcd' });
  });

  it('a chunk of exactly 400 bytes waits for more; + ends it', () => {
    const full = 'A'.repeat(400);
    expect(appendSaslChunk('', full)).toEqual({ type: 'more', buffer: full });
    expect(appendSaslChunk(full, '+')).toEqual({ type: 'done', data: full });
    expect(appendSaslChunk(full, 'BB')).toEqual({ type: 'done', data: `${full}BB` });
  });

  it('+ alone is the empty response', () => {
    expect(appendSaslChunk('', '+')).toEqual({ type: 'done', data: '' });
  });

  it('refuses a chunk over 400 bytes and a response over the limit', () => {
    expect(appendSaslChunk('', 'A'.repeat(401))).toEqual({ type: 'too-long' });
    expect(appendSaslChunk('A'.repeat(SASL_MAX_RESPONSE_BYTES), 'A'.repeat(400))).toEqual({ type: 'too-long' });
  });

  it('splits a server challenge the same way', () => {
    expect(splitSaslResponse('')).toEqual(['+']);
    expect(splitSaslResponse('+')).toEqual(['+']);
    expect(splitSaslResponse('abc')).toEqual(['abc']);
    expect(splitSaslResponse('A'.repeat(400))).toEqual(['A'.repeat(400), '+']);
    expect(splitSaslResponse('A'.repeat(450))).toEqual(['A'.repeat(400), 'A'.repeat(50)]);
  });
});
