import { StateWatch } from './state-watch';

describe('StateWatch', () => {
  let t = 0;
  const now = () => t;
  beforeEach(() => (t = 1000));

  it('gives state the whole bound from the start before taking it for gone', () => {
    const watch = new StateWatch(30_000, now);
    t += 30_000;
    expect(watch.check()).toBeUndefined();
    expect(watch.isAway()).toBe(false);
    t += 1;
    expect(watch.check()).toBe('away');
    expect(watch.isAway()).toBe(true);
  });

  it('reports going away and coming back once each', () => {
    const watch = new StateWatch(5000, now);
    t += 6000;
    expect(watch.check()).toBe('away');
    expect(watch.check()).toBeUndefined();
    watch.heard();
    expect(watch.check()).toBe('back');
    expect(watch.check()).toBeUndefined();
    expect(watch.isAway()).toBe(false);
  });

  it('counts silence from the last time state was heard', () => {
    const watch = new StateWatch(5000, now);
    t += 4000;
    watch.heard();
    t += 4000;
    expect(watch.check()).toBeUndefined();
    expect(watch.silentForMs()).toBe(4000);
  });
});
