import fc from 'fast-check';
import type { IrcMessage } from './message-types';
import { parseMessage, serializeMessage } from './message';
import { escapeTagValue, unescapeTagValue } from './tags';

// Characters that make IRC framing interesting, mixed into otherwise arbitrary Unicode text.
const trickyChar = fc.constantFrom(' ', ':', ';', '\\', '=', '@', '!', '\t', 'é', '😀');
const anyChar = fc.oneof(trickyChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
const text = (maxLength: number) => fc.string({ unit: anyChar, maxLength }).filter((s) => !/[\0\r\n]/.test(s));

const tagKey = fc.stringMatching(/^\+?([a-z0-9.-]{1,10}\/)?[A-Za-z0-9-]{1,12}$/);
const tagValue = fc.oneof(
  fc.constant(''),
  fc.string({ unit: fc.oneof(trickyChar, anyChar, fc.constantFrom('\r', '\n')), maxLength: 40 }),
);
const tags = fc.dictionary(
  tagKey,
  tagValue.filter((v) => !v.includes('\0')),
  { minKeys: 1, maxKeys: 5 },
);
const prefix = fc.stringMatching(/^[^\s\0:][^\s\0]{0,40}$/);
const command = fc.oneof(fc.stringMatching(/^[A-Z]{1,12}$/), fc.stringMatching(/^[0-9]{3}$/));
const middle = text(20).filter((p) => p !== '' && !p.includes(' ') && !p.startsWith(':'));
const last = text(200);

const message: fc.Arbitrary<IrcMessage> = fc
  .record(
    {
      tags,
      prefix,
      command,
      middles: fc.array(middle, { maxLength: 14 }),
      last: fc.option(last, { nil: undefined }),
    },
    { requiredKeys: ['command', 'middles'] },
  )
  .map(({ tags: t, prefix: p, command: c, middles, last: l }) => {
    const msg: IrcMessage = { command: c, params: l === undefined ? middles : [...middles, l] };
    if (t) msg.tags = t;
    if (p) msg.prefix = p;
    return msg;
  })
  // Stay within the 510-byte body limit; the tag limit is far above what the generator makes.
  .filter((msg) => new TextEncoder().encode(serializeMessage({ ...msg, tags: undefined })).length <= 510);

describe('parseMessage ∘ serializeMessage (property)', () => {
  it('gives back every valid message', () => {
    fc.assert(
      fc.property(message, (msg) => {
        expect(parseMessage(serializeMessage(msg))).toEqual(msg);
      }),
      { numRuns: 2000 },
    );
  });

  it('never writes CR, LF or NUL', () => {
    fc.assert(
      fc.property(message, (msg) => {
        expect(serializeMessage(msg)).not.toMatch(/[\0\r\n]/);
      }),
    );
  });

  it('is a fixed point: serialising a parsed line again gives the same line', () => {
    fc.assert(
      fc.property(message, (msg) => {
        const line = serializeMessage(msg);
        expect(serializeMessage(parseMessage(line))).toBe(line);
      }),
    );
  });
});

describe('parseMessage (property)', () => {
  it('either parses or throws MessageParseError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyChar, maxLength: 600 }), (line) => {
        try {
          const msg = parseMessage(line);
          expect(msg.command).not.toBe('');
          for (const p of msg.params.slice(0, -1)) expect(p === '' || p.includes(' ')).toBe(false);
        } catch (err) {
          expect((err as Error).name).toBe('MessageParseError');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unescapeTagValue ∘ escapeTagValue (property)', () => {
  it('gives back every value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(trickyChar, anyChar, fc.constantFrom('\r', '\n')) }), (v) => {
        expect(unescapeTagValue(escapeTagValue(v))).toBe(v);
      }),
    );
  });

  it('escaped values never hold a space, ";", CR or LF', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(trickyChar, anyChar, fc.constantFrom('\r', '\n')) }), (v) => {
        expect(escapeTagValue(v)).not.toMatch(/[ ;\r\n]/);
      }),
    );
  });
});
