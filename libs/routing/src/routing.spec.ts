import { isForUs, routeLinks, type RouteLink } from './routing';

// Seen from 12, the hub of the reference star: link a to 10, link b to 11 (behind it 13).
const links: RouteLink<string>[] = [
  { key: 'a', peerId: 10, reach: new Set([10]) },
  { key: 'b', peerId: 11, reach: new Set([11, 13]) },
];

describe('routeLinks', () => {
  it('sends an untargeted event on every link but the one it came from', () => {
    expect(routeLinks(links, undefined, 12)).toEqual(['a', 'b']);
    expect(routeLinks(links, undefined, 10, 'a')).toEqual(['b']);
  });

  it('sends a targeted event only towards its targets', () => {
    expect(routeLinks(links, [13], 12)).toEqual(['b']);
    expect(routeLinks(links, [10, 13], 12)).toEqual(['a', 'b']);
    expect(routeLinks(links, [12], 10, 'a')).toEqual([]);
  });

  it('sends nothing, untargeted events included, on a link whose peer has not sent its records yet', () => {
    const justUp: RouteLink<string> = { key: 'c', peerId: 14, reach: new Set() };
    expect(routeLinks([...links, justUp], undefined, 12)).toEqual(['a', 'b']);
    expect(routeLinks([...links, justUp], [14], 12)).toEqual([]);
  });

  it('never sends an event back to its origin server', () => {
    expect(routeLinks(links, undefined, 11, 'x')).toEqual(['a']);
  });
});

describe('isForUs', () => {
  it('is true without targets or when listed', () => {
    expect(isForUs(undefined, 12)).toBe(true);
    expect(isForUs([10, 12], 12)).toBe(true);
    expect(isForUs([10], 12)).toBe(false);
  });
});
