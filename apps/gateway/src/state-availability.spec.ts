import { StateAvailability, Unavailable } from './state-availability';

describe('StateAvailability', () => {
  it('is unavailable before state was ever heard from', () => {
    expect(new StateAvailability(5000).status(0, true)).toEqual({ available: false, reason: Unavailable.state });
    expect(new StateAvailability(5000).status(0, false)).toEqual({ available: false, reason: Unavailable.nats });
  });

  it('is available for awayMs after state was heard from, then not', () => {
    const a = new StateAvailability(5000);
    a.heard(1000);
    expect(a.status(6000, true)).toEqual({ available: true });
    expect(a.status(6001, true)).toEqual({ available: false, reason: 'state service not answering' });
  });

  it('stays available while NATS is briefly away (a restart), and says NATS once the grace is over', () => {
    const a = new StateAvailability(5000);
    a.heard(1000);
    expect(a.status(2000, false)).toEqual({ available: true });
    expect(a.status(6001, false)).toEqual({ available: false, reason: 'not connected to NATS' });
  });
});
