import { writeFileSync } from 'node:fs';
import { fuzzFrames } from './frame-fuzz';

/** The seeded small run of the frame fuzz kept in `npm test`; `node tools/fuzz.js` runs more. */
const lines = Number(process.env['FUZZ_LINES'] ?? 5000);
const seed = Number(process.env['FUZZ_SEED'] ?? 12);

describe('generated frames through the portal frame check', () => {
  it(`${lines} frames: no throw, no hang, and what passes the check is readable`, () => {
    const figures = fuzzFrames({ seed, lines });
    const report = process.env['FUZZ_REPORT'];
    if (report) writeFileSync(report, JSON.stringify(figures));
    expect(figures.lines).toBe(lines);
  }, 600_000);
});
