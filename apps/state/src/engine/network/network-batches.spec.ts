import { A, B, C, threeServerStar, twoServers } from '../../testing/networks';

/** Netsplit and netjoin batches (https://ircv3.net/specs/extensions/batch/netsplit, …/netjoin). */
describe('network: netsplit and netjoin batches', () => {
  it('a batch client gets the QUITs of a split as one netsplit batch; a plain client, plain QUITs', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice', { caps: ['batch'] });
    const plain = net.server(A).connect('plain');
    const bob = net.server(B).connect('bob');
    const bea = net.server(B).connect('bea');
    for (const c of [alice, plain, bob, bea]) c.send('JOIN #shared');
    for (const c of [alice, plain, bob, bea]) c.lines();
    net.unlink(B, C);
    expect(alice.lines()).toEqual([
      ':a.test BATCH +b1 netsplit c.test b.test',
      '@batch=b1 :bob!~bob@127.0.1.1 QUIT :c.test b.test',
      '@batch=b1 :bea!~bea@127.0.2.1 QUIT :c.test b.test',
      ':a.test BATCH -b1',
    ]);
    expect(plain.lines()).toEqual([
      ':bob!~bob@127.0.1.1 QUIT :c.test b.test',
      ':bea!~bea@127.0.2.1 QUIT :c.test b.test',
    ]);
  });

  it('the batch carries the tags the client asked for inside it', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: ['batch', 'server-time'] });
    const bob = net.server(B).connect('bob');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    alice.lines();
    net.unlink(A, B);
    const lines = alice.lines();
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^@batch=b1;time=\S+ :bob!\S+ QUIT /);
  });

  it('no batch is opened for a client who sees nobody leave', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: ['batch'] });
    net.server(B).connect('bob');
    alice.lines();
    net.unlink(A, B);
    expect(alice.lines()).toEqual([]);
  });

  it('a batch client sees the JOINs a netjoin brings as a netjoin batch', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: ['batch', 'extended-join'] });
    const plain = net.server(A).connect('plain');
    const bob = net.server(B).connect('bob');
    for (const c of [alice, plain, bob]) c.send('JOIN #c');
    net.unlink(A, B);
    for (const c of [alice, plain, bob]) c.lines();
    net.link(A, B);
    // The mode difference follows as the server's MODE lines, outside the batch.
    expect(alice.lines()).toEqual([
      ':a.test BATCH +b2 netjoin a.test b.test',
      '@batch=b2 :bob!~bob@127.0.1.1 JOIN #c * :bob test',
      ':a.test BATCH -b2',
      ':b.test MODE #c +o bob',
    ]);
    expect(plain.lines()).toEqual([':bob!~bob@127.0.1.1 JOIN #c', ':b.test MODE #c +o bob']);
  });
});
