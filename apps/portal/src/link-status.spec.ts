import { LinkState, PortalStatuses } from './link-status';

const portal = {
  name: 'P3',
  address: '127.0.0.1',
  port: 6665,
  serverId: 12,
  uplink: true,
  secret: 's',
  insecure: false,
};

describe('PortalStatuses', () => {
  it('starts every configured portal down', () => {
    const statuses = new PortalStatuses([portal], 5);
    expect(statuses.list()).toEqual([
      expect.objectContaining({ name: 'P3', state: 'down', since: 5, reason: 'not connected yet' }),
    ]);
  });

  it('keeps a refusal and its reason through the down that follows it', () => {
    const statuses = new PortalStatuses([portal], 0);
    statuses.move('P3', LinkState.handshake, 1);
    statuses.move('P3', LinkState.refused, 2, 'secret proof does not match (wrong secret)');
    statuses.move('P3', LinkState.down, 3, 'the peer closed the link');
    expect(statuses.get('P3')).toMatchObject({
      state: 'refused',
      reason: 'secret proof does not match (wrong secret)',
      since: 2,
    });
    statuses.move('P3', LinkState.handshake, 4);
    statuses.move('P3', LinkState.up, 5);
    expect(statuses.get('P3')).toMatchObject({ state: 'up', reason: undefined, since: 5 });
  });

  it('keeps the last five refused strangers, newest first', () => {
    const statuses = new PortalStatuses([], 0);
    for (let i = 1; i <= 7; i++) statuses.stranger({ serverId: i, name: `S${i}`, reason: 'r', at: i });
    expect(statuses.refusedStrangers().map((s) => s.serverId)).toEqual([7, 6, 5, 4, 3]);
  });
});
