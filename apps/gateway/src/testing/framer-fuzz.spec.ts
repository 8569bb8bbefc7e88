import { writeFileSync } from 'node:fs';
import { fuzzFramer } from './framer-fuzz';

/** The seeded small run of the framer fuzz kept in `npm test`; `node tools/fuzz.js` runs more. */
const lines = Number(process.env['FUZZ_LINES'] ?? 5000);
const seed = Number(process.env['FUZZ_SEED'] ?? 12);

describe('hostile byte streams through the line framer', () => {
  it(`about ${lines} lines in random chunks: the same lines as the whole stream, bounded, parseable`, () => {
    const figures = fuzzFramer({ seed, lines });
    const report = process.env['FUZZ_REPORT'];
    if (report) writeFileSync(report, JSON.stringify(figures));
    expect(figures.lines).toBeGreaterThan(lines / 2);
  }, 600_000);
});
