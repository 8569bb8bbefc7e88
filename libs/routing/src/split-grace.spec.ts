import { SplitGrace } from './split-grace';

describe('SplitGrace', () => {
  it('holds each server from when it first vanished; holding it again keeps that deadline', () => {
    const grace = new SplitGrace(1000);
    expect(grace.hold([11], 'S12 S11', 100).map((p) => p.deadline)).toEqual([1100]);
    expect(grace.hold([11, 13], 'S12 S13', 600).map((p) => [p.serverId, p.deadline])).toEqual([[13, 1600]]);
    expect(grace.nextDeadline()).toBe(1100);
    expect(grace.expire(1099)).toEqual({ groups: [], holdEnded: false });
    expect(grace.expire(1100).groups.map((g) => g.map((p) => p.serverId))).toEqual([[11]]);
    expect(grace.heldIds()).toEqual([13]);
    expect(grace.nextDeadline()).toBe(1600);
  });

  it('releases only the servers reachable again', () => {
    const grace = new SplitGrace(1000);
    grace.hold([11, 13], undefined, 0);
    expect(grace.release((id) => id === 13).map((p) => p.serverId)).toEqual([13]);
    expect(grace.heldIds()).toEqual([11]);
    expect(grace.isHeld(13)).toBe(false);
  });

  it('holds everything after a start until its grace is over, and nothing at all without a grace', () => {
    const grace = new SplitGrace(500);
    grace.holdAll(1000);
    expect(grace.holdingAll).toBe(true);
    expect(grace.nextDeadline()).toBe(1500);
    expect(grace.expire(1500)).toEqual({ groups: [], holdEnded: true });
    expect(grace.holdingAll).toBe(false);

    const none = new SplitGrace(0);
    none.holdAll(1000);
    expect(none.enabled).toBe(false);
    expect(none.holdingAll).toBe(false);
    expect(none.nextDeadline()).toBeUndefined();
  });
});
