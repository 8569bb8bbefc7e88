import { formatTable, ratioToBestPeer } from './report';

describe('ratioToBestPeer', () => {
  it('divides ours by the highest peer when higher is better', () => {
    expect(
      ratioToBestPeer({ metric: 'rate', better: 'higher', values: { portalchat: 150, ngircd: 100, inspircd: 200 } }),
    ).toBe(0.75);
  });

  it('divides ours by the lowest peer when lower is better', () => {
    expect(
      ratioToBestPeer({ metric: 'p99', better: 'lower', values: { portalchat: 10, ngircd: 40, inspircd: 5 } }),
    ).toBe(2);
  });

  it('has no ratio without ours or without a peer', () => {
    expect(ratioToBestPeer({ metric: 'x', better: 'higher', values: { ngircd: 1 } })).toBeUndefined();
    expect(ratioToBestPeer({ metric: 'x', better: 'higher', values: { portalchat: 1 } })).toBeUndefined();
  });
});

describe('formatTable', () => {
  it('prints one Markdown row per metric with the ratio and a dash for missing figures', () => {
    const text = formatTable(
      {
        title: 'connect',
        rows: [{ metric: 'time ms', better: 'lower', values: { portalchat: 1500, inspircd: 3000 } }],
        notes: ['a note'],
      },
      ['portalchat', 'ngircd', 'inspircd'],
    );
    expect(text).toContain('### connect');
    expect(text).toContain('| metric | portalchat | ngircd | inspircd | ours ÷ best peer |');
    expect(text).toContain('| time ms ↓ | 1,500 | – | 3,000 | 0.50× |');
    expect(text).toContain('- a note');
  });

  it('prints the given columns instead of systems, with no ratio', () => {
    const text = formatTable(
      {
        title: 'restart',
        columns: ['state', 'portal'],
        rows: [{ metric: 'lost', better: 'lower', values: { state: 12, portal: 0 } }],
      },
      ['portalchat', 'ngircd'],
    );
    expect(text).toContain('| metric | state | portal |');
    expect(text).toContain('| lost ↓ | 12 | 0 |');
  });
});
