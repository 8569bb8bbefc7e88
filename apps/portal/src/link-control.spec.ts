import type { NetOutItem } from '@portalchat/protocol';
import { endedBySquit, HeldLinks, squitReason, takeLinkControls, type LinkControl } from './link-control';

const squit: LinkControl = {
  type: 'link-control',
  action: 'squit',
  portal: 'Portal_to_B',
  by: 'op!~op@h',
  reason: 'maint',
};

describe('takeLinkControls', () => {
  it('hands SQUIT/CONNECT items to the handler and keeps the rest, in order', () => {
    const quit: NetOutItem = { event: { type: 'quit', uid: 'u1', reason: 'bye' } };
    const away: NetOutItem = { event: { type: 'away', uid: 'u1' }, targets: [11] };
    const handled: LinkControl[] = [];
    expect(takeLinkControls([quit, { event: squit, targets: [] }, away], (c) => handled.push(c))).toEqual([quit, away]);
    expect(handled).toEqual([squit]);
  });
});

describe('SQUIT reasons', () => {
  it('name the operator, and are recognised on both sides of the link', () => {
    expect(squitReason(squit)).toBe('SQUIT by op!~op@h: maint');
    expect(endedBySquit(squitReason(squit))).toBe(true);
    expect(endedBySquit(`refused by peer: ${squitReason(squit)}`)).toBe(true);
    expect(endedBySquit('Ping timeout: nothing heard for 3.6 s')).toBe(false);
  });
});

describe('HeldLinks', () => {
  it('holds a portal down until released', () => {
    const held = new HeldLinks();
    held.hold('Portal_to_B', 'SQUIT by op: maint');
    expect(held.reasonFor('Portal_to_B')).toBe('link closed by an operator (SQUIT by op: maint); it waits for CONNECT');
    expect(held.reasonFor('Portal_to_C')).toBeUndefined();
    expect(held.release('Portal_to_B')).toBe(true);
    expect(held.reasonFor('Portal_to_B')).toBeUndefined();
  });
});
