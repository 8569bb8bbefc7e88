import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { FuzzFigures, FuzzOptions } from '@portalchat/testkit';
import { NET_EVENT_TYPES } from '@portalchat/protocol';
import { readWireEvent } from '@portalchat/routing';
import { frameProblem } from '../frame-check';
import { frameBody } from '../frames';

/**
 * Fuzzes what a portal reads from a peer (issue 12): generated frames, mostly of the right kind
 * with fields missing, mistyped, NaN, huge or nested, through frameBody and frameProblem, and
 * every event of a frame that passes through readWireEvent (the per-event JSON check). Nothing
 * may throw or take longer than `hangMs`, and a frame that passes the check must be readable as
 * its type says (the fields the link's code uses have their types). Used by frame-fuzz.spec.ts
 * and `node tools/fuzz.js`.
 */

const odd = fc.oneof(
  fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64, null, '', '1', true, [], {}),
  fc.integer({ min: 1, max: 5000 }),
  fc.string({ maxLength: 20 }),
  fc.anything({ maxDepth: 2 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: odd });

const eventJson = fc.oneof(
  fc
    .record({ type: maybe(fc.constantFrom(...NET_EVENT_TYPES)) }, { requiredKeys: [] })
    .chain((base) => fc.dictionary(fc.string({ maxLength: 8 }), odd, { maxKeys: 6 }).map((d) => ({ ...d, ...base })))
    .map((e) => JSON.stringify(e)),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('{', '[]', 'null', '{"type":"quit","uid":1}', '{"__proto__":{"type":"quit"}}', '"x"'),
);
const wireEvent = fc.record(
  {
    origin: maybe(fc.integer({ min: 1, max: 100 })),
    epoch: maybe(fc.nat()),
    seq: maybe(fc.integer({ min: 1, max: 1e9 })),
    targets: maybe(fc.array(maybe(fc.integer({ min: 1, max: 100 })), { maxLength: 4 })),
    json: maybe(eventJson),
  },
  { requiredKeys: [] },
);
const serverRecord = fc.record(
  {
    serverId: maybe(fc.integer({ min: 1, max: 100 })),
    name: maybe(fc.string({ maxLength: 20 })),
    description: maybe(fc.string({ maxLength: 20 })),
    epoch: maybe(fc.nat()),
    version: maybe(fc.nat()),
    neighbours: maybe(fc.array(maybe(fc.integer({ min: 1, max: 100 })), { maxLength: 4 })),
  },
  { requiredKeys: [] },
);
const value = (kind: string): fc.Arbitrary<unknown> => {
  switch (kind) {
    case 'events':
      return fc.record({ events: maybe(fc.array(maybe(wireEvent), { maxLength: 5 })) }, { requiredKeys: [] });
    case 'topology':
      return fc.record({ servers: maybe(fc.array(maybe(serverRecord), { maxLength: 4 })) }, { requiredKeys: [] });
    case 'ping':
    case 'pong':
      return fc.record({ sentAt: maybe(fc.nat()) }, { requiredKeys: [] });
    case 'burst':
      return fc.record({ end: maybe(fc.boolean()), events: maybe(fc.nat()) }, { requiredKeys: [] });
    default:
      return fc.dictionary(fc.string({ maxLength: 8 }), odd, { maxKeys: 4 });
  }
};
const KINDS = ['hello', 'auth', 'ready', 'refusal', 'ping', 'pong', 'topology', 'events', 'burst', 'nope', ''];
const rawFrame: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(...KINDS).chain((kind) => maybe(value(kind)).map((v) => ({ body: kind, [kind]: v }))),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** The oracle: what the link's code reads of a frame that passed frameProblem, undefined when fine. */
function unreadable(raw: unknown): string | undefined {
  const body = frameBody(raw);
  if (!body || frameProblem(body) !== undefined) return undefined;
  switch (body.kind) {
    case 'events':
      for (const e of body.value.events) {
        if (![e.origin, e.epoch, e.seq].every(isNum) || !Array.isArray(e.targets) || typeof e.json !== 'string')
          return 'an accepted event without its stamp, targets or JSON';
        readWireEvent(e);
      }
      return undefined;
    case 'topology':
      return body.value.servers.every((s) => Array.isArray(s.neighbours) && typeof s.name === 'string')
        ? undefined
        : 'an accepted topology record without neighbours or name';
    case 'ping':
    case 'pong':
      return isNum(body.value.sentAt) ? undefined : 'an accepted ping without a time';
    default:
      return undefined;
  }
}

export function fuzzFrames(options: FuzzOptions): FuzzFigures {
  const hangMs = options.hangMs ?? 1000;
  const started = performance.now();
  let maxLineMs = 0;
  let runs = 0;
  fc.assert(
    fc.property(rawFrame, (raw) => {
      const t0 = performance.now();
      const problem = unreadable(raw);
      const ms = performance.now() - t0;
      runs++;
      maxLineMs = Math.max(maxLineMs, ms);
      if (problem) throw new Error(problem);
      if (ms > hangMs) throw new Error(`a frame took ${ms.toFixed(0)} ms`);
    }),
    { numRuns: options.lines, seed: options.seed, endOnFailure: options.lines > 100_000 },
  );
  const seconds = (performance.now() - started) / 1000;
  return { target: 'portal frame check', seed: options.seed, lines: runs, runs, seconds, maxLineMs };
}
