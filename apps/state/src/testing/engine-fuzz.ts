import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { MessageParseError, parseMessage, type SendOp } from '@portalchat/protocol';
import {
  framedLines,
  hostileLineBytes,
  type FuzzFigures,
  type FuzzOptions,
  type LineVocabulary,
} from '@portalchat/testkit';
import { COMMANDS } from '../commands/registry';
import { Harness, operatorAccount, type TestClient } from './harness';
import { outputLineProblem, stateProblems } from './invariants';

/**
 * Fuzzes the protocol parser and the state engine with generated lines (issue 12): each run is a
 * fresh state with a mixed population (unregistered connections, plain and IRCX users, opers of
 * both kinds, all sharing channels), then a sequence of hostile lines from random clients, with
 * the clock moving. After every line: nothing threw, the line took less than `hangMs`, every
 * line sent out is well formed (outputLineProblem), and the state's indexes and counts agree
 * (stateProblems). A closed client is replaced by a fresh unregistered one, so QUIT and KILL do
 * not empty the run. Used by the seeded spec (engine-fuzz.spec.ts) and by `node tools/fuzz.js`.
 */

const STEPS_PER_RUN = 40;

export const VOCABULARY: LineVocabulary = {
  verbs: [...Object.keys(COMMANDS), 'IRCX', 'ISIRCX'],
  nicks: ['alice', 'bob', 'carol', 'ircx', 'boss', 'dave', 'Alice', 'n3w', "'大", '^e5a4a7', 'x'.repeat(40), '-'],
  channels: ['#a', '#b', '#room', '%#uni', '&local', '#', '%#', '#ÄhM', '#a,#b', '0', `#${'c'.repeat(300)}`],
};

const OPERATOR = { ...operatorAccount('boss', 'pw'), level: 'admin' as const };
const ACCOUNT = { ...operatorAccount('member', 'pw'), level: 'user' as const, certFingerprints: [] };

interface Step {
  who: number;
  bytes: Buffer;
  advanceMs: number;
}

const step = fc.record({
  who: fc.nat(7),
  bytes: hostileLineBytes(VOCABULARY),
  advanceMs: fc.oneof(fc.constant(0), fc.nat(2000), fc.nat(400_000)),
});

class FuzzRun {
  readonly h: Harness;
  readonly clients: TestClient[];
  lines = 0;
  maxLineMs = 0;
  private readonly outputProblems: string[] = [];

  constructor() {
    this.h = new Harness({ operators: [OPERATOR], accounts: [ACCOUNT] }, { onSend: (op) => this.checkOutput(op) });
    const h = this.h;
    const alice = h.connect('alice');
    const bob = h.connect('bob', { caps: ['message-tags', 'server-time', 'echo-message', 'multi-prefix'] });
    const ircx = h.connect('ircx', { ircx: true });
    const carol = h.connect('carol', { ircx: true });
    const boss = h.connect('boss', { ircx: true });
    boss.send('OPER boss pw');
    const dave = h.connect('dave');
    dave.send('OPER boss pw');
    const fresh = h.connectUnregistered();
    const capping = h.connectUnregistered();
    capping.send('CAP LS 302');
    this.clients = [alice, bob, ircx, carol, boss, dave, fresh, capping];
    for (const c of [alice, bob, ircx, carol, boss, dave]) c.send('JOIN #a,#b');
    for (const c of [ircx, carol, boss]) c.send('JOIN %#uni');
    boss.send('CREATE #room');
    this.drain();
    this.check('setup');
  }

  run(s: Step, hangMs: number): void {
    const index = s.who % this.clients.length;
    let client = this.clients[index];
    if (client === undefined || client.closed) {
      client = this.h.connectUnregistered();
      this.clients[index] = client;
    }
    for (const line of framedLines(s.bytes)) {
      const started = performance.now();
      try {
        parseMessage(line);
      } catch (err) {
        if (!(err instanceof MessageParseError)) throw err;
      }
      client.send(line);
      this.h.pump();
      const ms = performance.now() - started;
      this.maxLineMs = Math.max(this.maxLineMs, ms);
      if (ms > hangMs) throw new Error(`a line took ${ms.toFixed(0)} ms: ${JSON.stringify(line.slice(0, 200))}`);
      this.lines++;
      this.check(line);
    }
    this.h.advance(s.advanceMs);
    this.drain();
  }

  private drain(): void {
    for (const c of this.clients) c.lines();
  }

  private checkOutput(op: SendOp): void {
    const lines = op.line.split('\r\n');
    if (lines.length !== (op.lines ?? 1)) this.outputProblems.push(`an op of ${lines.length} lines says ${op.lines}`);
    for (const line of lines) {
      const problem = outputLineProblem(line);
      if (problem) this.outputProblems.push(`${problem}: ${JSON.stringify(line.slice(0, 200))}`);
    }
  }

  private check(after: string): void {
    const problems = [...this.outputProblems.splice(0), ...stateProblems(this.h.state)];
    if (problems.length > 0)
      throw new Error(`after ${JSON.stringify(after.slice(0, 200))}:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
}

/** Runs the fuzz; throws (with fast-check's seed, path and counterexample) on the first failure. */
export function fuzzEngine(options: FuzzOptions): FuzzFigures {
  const hangMs = options.hangMs ?? 1000;
  const started = performance.now();
  let lines = 0;
  let runs = 0;
  let maxLineMs = 0;
  const numRuns = Math.max(1, Math.ceil(options.lines / STEPS_PER_RUN));
  fc.assert(
    fc.property(fc.array(step, { minLength: STEPS_PER_RUN, maxLength: STEPS_PER_RUN }), (steps) => {
      const run = new FuzzRun();
      try {
        for (const s of steps) run.run(s, hangMs);
      } finally {
        lines += run.lines;
        runs++;
        maxLineMs = Math.max(maxLineMs, run.maxLineMs);
      }
    }),
    { numRuns, seed: options.seed, endOnFailure: numRuns > 1000 },
  );
  const seconds = (performance.now() - started) / 1000;
  return { target: 'parser + state engine', seed: options.seed, lines, runs, seconds, maxLineMs };
}
