import { formatTable } from './report';
import { checkFloor } from './scenarios/floors';
import { LINK_FLOORS, type LinkResult } from './scenarios/link';
import { tablesFor } from './tables';

describe('tablesFor link', () => {
  it('shows the link figures for Portalchat and every floor as a note', () => {
    const result: LinkResult = {
      burst: { users: 1000, totalMs: 950, senderMs: 120, receiverMs: 130 },
      events: { count: 100_000, seconds: 2.5, perSec: 40_000 },
      floors: [checkFloor(LINK_FLOORS.burst, 950), checkFloor(LINK_FLOORS.events, 4000)],
    };
    const [table] = tablesFor('link', { portalchat: result });
    if (!table) throw new Error('tablesFor link gave no table');
    const text = formatTable(table, ['portalchat']);
    expect(text).toContain('| events/s through one link ↑ | 40,000 | – |');
    expect(text).toContain('- floor: burst of 1,000 users, portal start to the peer state ≤ 10,000 ms: 950 ms, met');
    expect(text).toContain('- floor: events through one link ≥ 5,000 events/s: 4,000 events/s, MISSED');
  });

  it('has no notes when Portalchat did not run', () => {
    expect(tablesFor('link', {}).at(0)?.notes).toEqual([]);
  });
});
