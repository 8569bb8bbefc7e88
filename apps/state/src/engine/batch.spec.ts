import { Harness } from '../testing/harness';
import { batchMessage, beginBatch, endBatch, OpenBatches, takesBatches } from './batch';

/** The batch helpers other handlers use (chathistory, netsplit/netjoin). */
describe('batch helpers', () => {
  function client(caps: string[]) {
    const h = new Harness();
    const c = h.connect('alice', { caps });
    const conn = h.state.connection(c.gateway, c.conn);
    if (!conn) throw new Error('alice has no connection');
    return { h, c, conn };
  }

  it('opens, fills and closes a batch with a reference unique to the connection', () => {
    const { h, c, conn } = client(['batch', 'server-time']);
    const ref = beginBatch(h.engine.out, 'irc.test', conn, 'chathistory', ['#a']);
    batchMessage(
      h.engine.out,
      conn,
      ref,
      { prefix: 'bob!b@h', command: 'PRIVMSG', params: ['#a', 'old'] },
      { time: 0 },
    );
    endBatch(h.engine.out, 'irc.test', conn, ref);
    const second = beginBatch(h.engine.out, 'irc.test', conn, 'chathistory', ['#b'], { label: 'x y' });
    expect(second).not.toBe(ref);
    expect(c.lines()).toEqual([
      `:irc.test BATCH +${ref} chathistory #a`,
      `@batch=${ref};time=1970-01-01T00:00:00.000Z :bob!b@h PRIVMSG #a old`,
      `:irc.test BATCH -${ref}`,
      `@label=x\\sy :irc.test BATCH +${second} chathistory #b`,
    ]);
  });

  it('OpenBatches opens a batch only for batch clients, once each, and closes them all', () => {
    const { h, conn } = client(['batch']);
    const plain = client([]);
    expect(takesBatches(conn)).toBe(true);
    const batches = new OpenBatches(h.engine.out, 'irc.test', 'netsplit', ['a.test', 'b.test']);
    const ref = batches.refFor(conn);
    expect(batches.refFor(conn)).toBe(ref);
    expect(batches.refFor(plain.conn)).toBeUndefined();
    batches.closeAll();
    expect(batches.refFor(conn)).not.toBe(ref);
  });
});
