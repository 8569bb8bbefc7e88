import { isValidNick } from '@portalchat/protocol';
import { makeUid, uidCounterStart } from './ids';

describe('makeUid', () => {
  it('is a valid nick, so a nick collision loser can be renamed to it', () => {
    expect(makeUid(10, 1)).toBe('U10A000001');
    expect(isValidNick(makeUid(4095, uidCounterStart(Date.UTC(2030, 0, 1)) + 99_999), 30)).toBe(true);
  });

  it('gives a restarted instance IDs the previous one did not use', () => {
    const first = uidCounterStart(Date.UTC(2026, 10, 25, 12, 0, 0));
    const restarted = uidCounterStart(Date.UTC(2026, 10, 25, 12, 0, 2));
    // The first instance registered 1,500 users in its two seconds: still below the next start.
    expect(makeUid(10, first + 1500)).not.toBe(makeUid(10, restarted + 1));
    expect(restarted).toBeGreaterThan(first + 1500);
  });
});
