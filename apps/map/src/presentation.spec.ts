import type { MapEdge, MapNode } from '@portalchat/protocol';
import { edgeClasses, edgeFigures, edgeLabel, nodeClasses, nodeLabel } from './presentation';

const node = (over: Partial<MapNode> = {}): MapNode => ({
  id: 10,
  name: 'Chatsrv1',
  description: '',
  state: 'up',
  self: false,
  users: 1,
  channels: 3,
  ...over,
});

const edge = (over: Partial<MapEdge> = {}): MapEdge => ({
  id: '10-12',
  a: 10,
  b: 12,
  state: 'up',
  portal: 'Portal_to_Chatsrv3',
  rttMs: 1.5,
  rateAB: 4,
  rateBA: 0.5,
  burst: false,
  reason: null,
  ...over,
});

const names: Record<number, string> = { 10: 'Chatsrv1', 12: 'Chatsrv3' };
const nameOf = (id: number) => names[id] ?? String(id);

describe('presentation', () => {
  it.each<[Partial<MapNode>, string]>([
    [{}, 'Chatsrv1\n1 user · 3 channels'],
    [{ users: 2, channels: 1 }, 'Chatsrv1\n2 users · 1 channel'],
    [{ users: null, channels: null }, 'Chatsrv1\nusers unknown'],
    [{ state: 'pending' }, 'Chatsrv1 (split pending)\n1 user · 3 channels'],
    [{ state: 'split' }, 'Chatsrv1 (split)\n1 user · 3 channels'],
  ])('labels a host %j as %j', (over, label) => {
    expect(nodeLabel(node(over))).toBe(label);
  });

  it.each<[Partial<MapEdge>, string]>([
    [{}, 'RTT 1.5 ms · →Chatsrv3 4/s · →Chatsrv1 0.5/s'],
    [{ rateAB: null, rateBA: null, rttMs: null }, 'RTT …'],
    [{ burst: true }, 'RTT 1.5 ms · →Chatsrv3 4/s · →Chatsrv1 0.5/s · burst'],
    [{ portal: null, rttMs: null }, 'up · RTT unknown'],
    [{ state: 'pending-split' }, 'lost, split pending'],
    [{ state: 'down' }, 'down'],
  ])('describes a portal %j as %j', (over, text) => {
    expect(edgeFigures(edge(over), nameOf)).toBe(text);
  });

  it.each<[Partial<MapEdge>, string]>([
    [{}, '1.5 ms'],
    [{ portal: null, rttMs: null }, ''],
    [{ burst: true }, 'burst'],
    [{ state: 'down' }, 'down'],
  ])('draws a portal %j with the short label %j', (over, label) => {
    expect(edgeLabel(edge(over))).toBe(label);
  });

  it('classes what the style sheet colours', () => {
    expect(edgeClasses(edge({ burst: true }))).toEqual(['up', 'burst', 'own']);
    expect(edgeClasses(edge({ state: 'down', portal: null }))).toEqual(['down']);
    expect(nodeClasses(node({ self: true, state: 'split' }))).toEqual(['split', 'self']);
  });
});
