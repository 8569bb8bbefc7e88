import { compareViews, type ServerView, type ViewSnapshot } from './view-compare';

const user = (nick: string, server = 'Chatsrv1', modes = '') => ({ uid: `10U${nick}`, nick, server, modes });
const channel = (name: string, members: string[], modes = 'nt') => ({ name, modes, members });

const snapshot = (over: Partial<ViewSnapshot> = {}): ViewSnapshot => ({
  users: [user('alice'), user('bob', 'Chatsrv2')],
  channels: [channel('#c0', ['@:alice', ':bob'])],
  ...over,
});
const view = (server: string, s: ViewSnapshot): ServerView => ({ server, snapshot: s });

describe('compareViews', () => {
  it('finds nothing in identical views holding exactly the connected users', () => {
    const views = ['Chatsrv1', 'Chatsrv2', 'Chatsrv3'].map((s) => view(s, snapshot()));
    expect(compareViews(views, ['alice', 'BOB'])).toEqual([]);
  });

  it('ignores the order of members', () => {
    const reordered = snapshot({ channels: [channel('#c0', [':bob', '@:alice'])] });
    expect(compareViews([view('A', snapshot()), view('B', reordered)])).toEqual([]);
  });

  it('names users one server has more or fewer of, and users that differ', () => {
    const other = snapshot({ users: [user('alice', 'Chatsrv1', 'i'), user('carol')] });
    expect(compareViews([view('A', snapshot()), view('B', other)])).toEqual([
      'B against A: 1 users more (carol)',
      'B against A: 1 users fewer (bob)',
      'B against A: 1 users that differ (alice)',
    ]);
  });

  it('names channels whose members or modes differ', () => {
    const other = snapshot({ channels: [channel('#c0', ['@:alice'], 'nt')] });
    const moded = snapshot({ channels: [channel('#c0', ['@:alice', ':bob'], 'mnt')] });
    expect(compareViews([view('A', snapshot()), view('B', other), view('C', moded)])).toEqual([
      'B against A: 1 channels that differ (#c0)',
      'C against A: 1 channels that differ (#c0)',
    ]);
  });

  it('names ghosts and missing users against the connected clients, a few by name', () => {
    const views = [view('A', snapshot())];
    expect(compareViews(views, ['alice', 'dave', 'erin', 'frank', 'gina'])).toEqual([
      'A: 1 users not connected (bob)',
      'A: 4 connected users missing (dave, erin, frank, …)',
    ]);
  });

  it('reports a server that gave no view', () => {
    expect(compareViews([view('A', snapshot()), { server: 'B', error: 'no responders' }])).toEqual([
      'B: no view (no responders)',
    ]);
  });
});
