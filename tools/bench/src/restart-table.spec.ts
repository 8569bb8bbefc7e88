import { EMPTY_TALLY } from './generator/sequence-log';
import { QUICK_SIZES } from './options';
import { formatTable } from './report';
import { restartTable } from './restart-table';
import { FAULTS, type FaultResult } from './scenarios/restart';

function faultAt(i: number) {
  const fault = FAULTS[i];
  if (!fault) throw new Error(`no fault ${i}`);
  return fault;
}

const measured = (over: Partial<FaultResult>): FaultResult => ({
  fault: faultAt(0),
  clients: 150,
  disconnected: 0,
  delivery: { ...EMPTY_TALLY, pairs: 140, expected: 1400 },
  backMs: 600,
  convergedMs: 900,
  beforeProblems: [],
  afterProblems: [],
  ...over,
});

describe('restartTable', () => {
  it('has a column per fault and shows a failed view check as 0 and as a note', () => {
    const table = restartTable({
      sizes: QUICK_SIZES.restart,
      faults: [
        measured({ disconnected: 50, delivery: { ...EMPTY_TALLY, expected: 900, lost: 12, longestPauseMs: 2400.4 } }),
        measured({
          fault: faultAt(1),
          convergedMs: undefined,
          afterProblems: ['Chatsrv1: 2 users not connected (b1, b2)'],
        }),
      ],
      failures: [{ fault: faultAt(2), error: 'the launcher exited (1)\nmore' }],
    });
    const text = formatTable(table, ['portalchat']);
    expect(text).toContain('| metric | Chatsrv1 state | Chatsrv1 NATS |');
    expect(text).toContain('| clients disconnected ↓ | 50 | 0 |');
    expect(text).toContain('| messages lost ↓ | 12 | 0 |');
    expect(text).toContain('| longest pause ms (from the kill on) ↓ | 2,400 | 0 |');
    expect(text).toContain('| time to convergence ms ↓ | 900 | – |');
    expect(text).toContain('| views identical after settling (1 yes, 0 no) ↑ | 1 | 0 |');
    expect(text).toContain(
      '- Chatsrv1 NATS: VIEWS DIFFER after the settle period: Chatsrv1: 2 users not connected (b1, b2)',
    );
    expect(text).toContain('- Chatsrv1 NATS: the views never converged');
    expect(text).toContain('- Chatsrv1 portal: not measured: the launcher exited (1)');
  });
});
