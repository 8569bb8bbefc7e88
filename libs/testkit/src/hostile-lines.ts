import fc from 'fast-check';

/**
 * fast-check generators of what a hostile or broken client sends, shared by the fuzz specs of the
 * gateway (framer), protocol (parser) and state (engine). Mostly valid commands with odd
 * parameters (so the input gets past the parser into the handlers), mixed with tags, prefixes,
 * CTCP, overlong parts, and bytes that are not UTF-8 or are NUL, CR and LF.
 */

/** The names a run's lines aim at, so commands hit real users and channels, not only misses. */
export interface LineVocabulary {
  /** Command verbs (e.g. the state's registry keys). */
  verbs: readonly string[];
  nicks: readonly string[];
  channels: readonly string[];
}

const BAD_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe],
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong '/'
  [0x80], // lone continuation byte
  [0xe2, 0x82], // truncated euro sign
  [0xed, 0xa0, 0x80], // UTF-16 surrogate encoded in UTF-8
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0x00],
  [0x0d],
  [0x0a],
  [0x01],
];

const symbols = fc.stringMatching(/^[#%&$*!@.,:+\-'^?\\~=;/a-zA-Z0-9]{1,12}$/);
const number = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-1', '4294967296', '99999999999999999999', '1e309', 'NaN', '0x10', '+5', ''),
);
const unicode = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s]/g, '_'));
const long = fc
  .tuple(fc.constantFrom('a', '#', '*', 'é', ','), fc.integer({ min: 100, max: 1200 }))
  .map(([c, n]) => c.repeat(n));
const modeString = fc
  .array(
    fc.constantFrom(
      '+',
      '-',
      'o',
      'v',
      'q',
      'b',
      'e',
      'I',
      'k',
      'l',
      'i',
      'm',
      'n',
      't',
      's',
      'p',
      'x',
      'w',
      'a',
      'h',
      'u',
      'z',
      'r',
      'g',
      'f',
      'd',
      'c',
    ),
    {
      minLength: 1,
      maxLength: 16,
    },
  )
  .map((chars) => chars.join(''));

function middle(vocab: LineVocabulary): fc.Arbitrary<string> {
  const nick = fc.constantFrom(...vocab.nicks);
  const channel = fc.constantFrom(...vocab.channels);
  return fc.oneof(
    { weight: 4, arbitrary: nick },
    { weight: 4, arbitrary: channel },
    { weight: 1, arbitrary: fc.array(fc.oneof(channel, nick), { minLength: 2, maxLength: 5 }).map((l) => l.join(',')) },
    { weight: 1, arbitrary: fc.constantFrom('*', '$', '*!*@*', '*!*@127.*', 'nick!user@host', '%#uni', '0', '*.*') },
    { weight: 2, arbitrary: modeString },
    { weight: 2, arbitrary: number },
    { weight: 3, arbitrary: symbols },
    { weight: 1, arbitrary: unicode },
    { weight: 1, arbitrary: long },
  );
}

const ctcp = fc
  .tuple(
    fc.constantFrom('ACTION', 'VERSION', 'PING', 'TIME', 'DCC SEND', 'CLIENTINFO', 'FINGER', ''),
    fc.string({ maxLength: 60 }),
    fc.boolean(),
  )
  .map(([verb, rest, closed]) => `\x01${verb}${rest ? ` ${rest}` : ''}${closed ? '\x01' : ''}`);

const trailing = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: ctcp },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', ':', '\x02bold\x0f \x0304,12colour\x03', '\x16\x1d\x1f') },
  { weight: 1, arbitrary: long },
);

const tagKey = fc.oneof(
  fc.constantFrom('label', '+draft/reply', 'batch', 'time', 'msgid', '+typing', 'account', '=', ''),
  fc.stringMatching(/^[+/a-zA-Z0-9.=\\-]{1,20}$/),
);
const tagValue = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/\s/g, '\\s')),
  fc.constantFrom('\\', '\\:\\s\\\\\\r\\n', 'x'.repeat(5000)),
);
const tags = fc
  .array(fc.tuple(tagKey, fc.option(tagValue, { nil: undefined })), { minLength: 1, maxLength: 6 })
  .map((pairs) => `@${pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join(';')}`);

const prefix = fc.constantFrom(':nick!user@host', ':irc.example.org', ':', ':x');

/** One command line as a string (no line terminator): mostly valid shapes, odd parameters. */
export function hostileLine(vocab: LineVocabulary): fc.Arbitrary<string> {
  const verb = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...vocab.verbs) },
    { weight: 2, arbitrary: fc.constantFrom(...vocab.verbs).map((v) => v.toLowerCase()) },
    { weight: 2, arbitrary: fc.constantFrom('PRIVMSG', 'NOTICE') },
    { weight: 1, arbitrary: fc.constantFrom('001', '999', '', 'CAP', 'AUTHENTICATE', 'IRCX', 'ISIRCX') },
    { weight: 1, arbitrary: symbols },
  );
  return fc
    .record({
      tags: fc.option(tags, { freq: 8, nil: undefined }),
      prefix: fc.option(prefix, { freq: 12, nil: undefined }),
      verb,
      middles: fc.array(middle(vocab), { maxLength: 8 }),
      trailing: fc.option(trailing, { freq: 2, nil: undefined }),
      gap: fc.constantFrom(' ', ' ', ' ', '  ', '\t'),
    })
    .map(({ tags: t, prefix: p, verb: v, middles, trailing: last, gap }) =>
      [t, p, v, ...middles, ...(last === undefined ? [] : [`:${last}`])].filter((s) => s !== undefined).join(gap),
    );
}

/**
 * A line as the bytes a client sends: a hostile line in UTF-8, sometimes with invalid UTF-8,
 * NUL, CR or LF put in at random places, sometimes plain random bytes. No terminator added.
 */
export function hostileLineBytes(vocab: LineVocabulary): fc.Arbitrary<Buffer> {
  const injected = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BAD_UTF8)), { maxLength: 3 });
  return fc.oneof(
    { weight: 10, arbitrary: hostileLine(vocab).map((line) => Buffer.from(line, 'utf8')) },
    {
      weight: 3,
      arbitrary: fc.tuple(hostileLine(vocab), injected).map(([line, bad]) => {
        let bytes = Buffer.from(line, 'utf8');
        for (const [at, seq] of bad) {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(seq), bytes.subarray(i)]);
        }
        return bytes;
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)) },
  );
}

/**
 * The lines the gateway's framer makes of `bytes` followed by a terminator: split at CR and LF,
 * empty ones skipped, decoded as UTF-8 (invalid sequences become U+FFFD). For specs that feed
 * state directly; the gateway's framer spec checks that the real framer does the same.
 */
export function framedLines(bytes: Buffer): string[] {
  return bytes
    .toString('latin1')
    .split(/[\r\n]/)
    .filter((part) => part.length > 0)
    .map((part) => Buffer.from(part, 'latin1').toString('utf8'));
}

/** How a fuzz target is run: its seed, how many lines (or frames), and what counts as a hang. */
export interface FuzzOptions {
  seed: number;
  /** Lines to send in all (at least; a run's last step may add a few). */
  lines: number;
  /** A line slower than this (ms) counts as a hang. */
  hangMs?: number;
}

/** What a fuzz run of any target reports (the spec asserts on it, `tools/fuzz.js` prints it). */
export interface FuzzFigures {
  target: string;
  seed: number;
  lines: number;
  runs: number;
  seconds: number;
  maxLineMs: number;
}
