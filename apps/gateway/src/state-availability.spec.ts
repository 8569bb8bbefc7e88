import { StateAvailability, Unavailable } from './state-availability';

describe('StateAvailability', () => {
  it('is unavailable before state was ever heard from', () => {
    expect(new StateAvailability(5000).status(0, true)).toEqual({ available: false, reason: Unavailable.state });
  });

  it('is available for maxAgeMs after state was heard from, then not', () => {
    const a = new StateAvailability(5000);
    a.heard(1000);
    expect(a.status(6000, true)).toEqual({ available: true });
    expect(a.status(6001, true)).toEqual({ available: false, reason: 'state service not answering' });
  });

  it('is unavailable at once when state is known to be gone', () => {
    const a = new StateAvailability(5000);
    a.heard(1000);
    a.lost();
    expect(a.status(1001, true)).toEqual({ available: false, reason: Unavailable.state });
    a.heard(1500);
    expect(a.status(1501, true)).toEqual({ available: true });
  });

  it('reports NATS first: without it state cannot be reached at all', () => {
    const a = new StateAvailability(5000);
    a.heard(1000);
    expect(a.status(1001, false)).toEqual({ available: false, reason: 'not connected to NATS' });
  });
});
