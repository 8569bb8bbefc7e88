import { writeFileSync } from 'node:fs';
import { fuzzEngine } from './engine-fuzz';

/**
 * The seeded, small run of the engine fuzz that `npm test` keeps (a few seconds); `node
 * tools/fuzz.js` runs a million lines and more seeds. FUZZ_LINES and FUZZ_SEED override both.
 */
const lines = Number(process.env['FUZZ_LINES'] ?? 4000);
const seed = Number(process.env['FUZZ_SEED'] ?? 12);

describe('hostile lines through the parser and the state engine', () => {
  it(`${lines} lines: no throw, no hang, well-formed output, consistent state`, () => {
    const figures = fuzzEngine({ seed, lines });
    const report = process.env['FUZZ_REPORT'];
    if (report) writeFileSync(report, JSON.stringify(figures));
    expect(figures.lines).toBeGreaterThanOrEqual(lines * 0.8);
  }, 600_000);
});
