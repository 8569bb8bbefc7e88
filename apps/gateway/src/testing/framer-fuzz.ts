import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { MAX_LINE_BYTES, MAX_TAGS_BYTES, MessageParseError, parseMessage } from '@portalchat/protocol';
import { hostileLineBytes, type FuzzFigures, type FuzzOptions, type LineVocabulary } from '@portalchat/testkit';
import { exceedsLineLimits, labelOfOversized, LineFramer, type FramedItem } from '../line-framer';

/**
 * Fuzzes the gateway's line framer (issue 12): a client's byte stream made of hostile lines
 * (invalid UTF-8, NUL, tags, CTCP, overlong lines, runs of kilobytes without a terminator) with
 * every kind of terminator, cut into chunks of random sizes as TCP would. Checks that nothing
 * throws or hangs, that the framer never holds more than one line's limits, and that what it
 * yields is exactly what a model gives for the whole stream at once (split at CR and LF, empty
 * lines skipped, lines over the limits reported as oversized, the rest decoded as UTF-8), so
 * chunk boundaries never change the lines. Every line then goes through the parser. Used by
 * framer-fuzz.spec.ts and `node tools/fuzz.js`.
 */

/** The framer's figures also count the bytes it was fed. */
export interface FramerFuzzFigures extends FuzzFigures {
  bytes: number;
}

const VOCABULARY: LineVocabulary = {
  verbs: ['PRIVMSG', 'NOTICE', 'JOIN', 'NICK', 'USER', 'CAP', 'AUTHENTICATE', 'IRCX', 'PROP', 'WHISPER', 'MODE'],
  nicks: ['alice', 'bob', "'大"],
  channels: ['#a', '%#uni'],
};

/** The most the framer may hold of an unfinished line: the tag section plus the body. */
const MAX_HELD = MAX_TAGS_BYTES + MAX_LINE_BYTES;

const terminator = fc.constantFrom('\r\n', '\r\n', '\n', '\r', '\n\n', '\r\r\n', '');
const piece = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(hostileLineBytes(VOCABULARY), terminator) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc
        .tuple(fc.constantFrom('a', '@', '@k=', 'PRIVMSG #a :'), fc.integer({ min: 500, max: 40_000 }))
        .map(([head, n]) => Buffer.concat([Buffer.from(head), Buffer.alloc(n, 0x78)])),
      terminator,
    ),
  },
);
const stream = fc
  .tuple(
    fc.array(piece, { minLength: 1, maxLength: 30 }),
    fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1 }),
  )
  .map(([pieces, cuts]) => ({
    // A final LF ends the last line, so the model and the framer see the same complete lines.
    bytes: Buffer.concat([...pieces.flatMap(([b, t]) => [b, Buffer.from(t)]), Buffer.from('\n')]),
    cuts,
  }));

function model(bytes: Buffer): FramedItem[] {
  const out: FramedItem[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0d && bytes[i] !== 0x0a) continue;
    const line = bytes.subarray(start, i);
    start = i + 1;
    if (line.length === 0) continue;
    const label = labelOfOversized(line);
    if (!exceedsLineLimits(line)) out.push({ kind: 'line', line: line.toString('utf8') });
    else out.push(label === undefined ? { kind: 'oversized' } : { kind: 'oversized', label });
  }
  return out;
}

export function fuzzFramer(options: FuzzOptions): FramerFuzzFigures {
  const hangMs = options.hangMs ?? 1000;
  const started = performance.now();
  let lines = 0;
  let runs = 0;
  let bytesIn = 0;
  let maxLineMs = 0;
  const numRuns = Math.max(1, Math.ceil(options.lines / 4));
  fc.assert(
    fc.property(stream, ({ bytes, cuts }) => {
      const framer = new LineFramer();
      const got: FramedItem[] = [];
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const size = cuts[i % cuts.length] ?? 1;
        const t0 = performance.now();
        got.push(...framer.push(bytes.subarray(at, at + size)));
        const ms = performance.now() - t0;
        maxLineMs = Math.max(maxLineMs, ms);
        if (ms > hangMs) throw new Error(`a chunk took ${ms.toFixed(0)} ms`);
        if (framer.bufferedBytes > MAX_HELD) throw new Error(`the framer holds ${framer.bufferedBytes} bytes`);
        at += size;
      }
      expect(got).toEqual(model(bytes));
      for (const item of got) {
        if (item.kind !== 'line') continue;
        if (/[\r\n]/.test(item.line)) throw new Error('a framed line holds CR or LF');
        try {
          parseMessage(item.line);
        } catch (err) {
          if (!(err instanceof MessageParseError)) throw err;
        }
      }
      lines += got.length;
      bytesIn += bytes.length;
      runs++;
    }),
    { numRuns, seed: options.seed, endOnFailure: numRuns > 10_000 },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    target: 'gateway line framer + parser',
    seed: options.seed,
    lines,
    runs,
    seconds,
    maxLineMs,
    bytes: bytesIn,
  };
}
