import { oidOf } from '../engine/channel-props';
import { eventLine, eventSubscriber } from '../testing/event-subscriber';
import { Harness } from '../testing/harness';

/** Cloneable channels (+d): the overflow of a full channel into #name1…#name99. */

const OID = (name: string) => oidOf({ name });

/** #chat: +d, limit 2, owner (IRCX) and a plain host in it, a topic, a property and an ACCESS entry. */
function setup(name = '#chat') {
  const h = new Harness();
  const owner = h.connect('owner').ircx();
  owner.send(`CREATE ${name} dl 2`);
  owner.send(`TOPIC ${name} :Chat here`);
  owner.send(`ACCESS ${name} ADD DENY troll`);
  const phost = h.connect('phost');
  h.addToChannel(name, phost, 'o');
  const parent = h.state.channel(name);
  if (!parent) throw new Error(`no ${name}`);
  parent.props.set('LANGUAGE', 'en');
  owner.lines();
  phost.lines();
  return { h, owner, phost, parent };
}

describe('JOIN of a full +d channel', () => {
  it('puts the joiner in a new clone, tells the IRCX owners and hosts with CLONE', () => {
    const { h, owner, phost, parent } = setup();
    const carol = h.connect('carol');
    expect(carol.ask('JOIN #chat')).toEqual([
      ':carol!~carol@127.0.3.1 JOIN #chat1',
      ':irc.test 332 carol #chat1 :Chat here',
      expect.stringMatching(/^:irc.test 333 carol #chat1 owner!~owner@127.0.1.1 \d+$/),
      ':irc.test 353 carol = #chat1 carol',
      ':irc.test 366 carol #chat1 :End of /NAMES list',
    ]);
    expect(owner.lines()).toEqual([`:irc.test CLONE #chat1 ${OID('#chat1')}`]);
    expect(phost.lines()).toEqual([]); // plain sessions never see CLONE
    const clone = h.state.channel('#chat1');
    expect(clone?.cloneOf).toBe('#chat');
    expect([...(clone?.modes ?? [])].sort().join('')).toBe('nt');
    expect(clone?.limit).toBe(2);
    expect(clone?.props.get('LANGUAGE')).toBe('en');
    expect(clone?.access.map((e) => e.mask)).toEqual(['troll!*@*$*']);
    expect(parent.members.size).toBe(2);
  });

  it('fills the first clone with room before making the next', () => {
    const { h, owner } = setup();
    h.connect('carol').send('JOIN #chat');
    expect(h.connect('dave').ask('JOIN #chat')[0]).toBe(':dave!~dave@127.0.4.1 JOIN #chat1');
    owner.lines();
    expect(h.connect('eve').ask('JOIN #chat')[0]).toBe(':eve!~eve@127.0.5.1 JOIN #chat2');
    expect(owner.lines()).toEqual([`:irc.test CLONE #chat2 ${OID('#chat2')}`]);
  });

  it('keeps the parent rules: a DENY on the parent still refuses, with no clone made', () => {
    const { h } = setup();
    expect(h.connect('troll').ask('JOIN #chat')).toEqual([':irc.test 474 troll #chat :Cannot join channel (+b)']);
    expect(h.state.channel('#chat1')).toBeUndefined();
  });

  it('removes a dynamic channel squatting the name: its members are kicked by the server', () => {
    const { h } = setup();
    const mallory = h.connect('mallory');
    mallory.send('JOIN #chat1');
    mallory.lines();
    h.connect('carol').send('JOIN #chat');
    expect(mallory.lines()).toEqual([':irc.test KICK #chat1 mallory :Channel taken over by clone']);
    const clone = h.state.channel('#chat1');
    expect(clone?.cloneOf).toBe('#chat');
    expect([...(clone?.members.values() ?? [])].map((m) => m.user.nick)).toEqual(['carol']);
  });

  it("reports the squatter removed on the EVENT feed: CHANNEL DESTROY, then the clone's CREATE", () => {
    const { h } = setup();
    const watcher = eventSubscriber(h, 'CHANNEL');
    h.connect('mallory').send('JOIN #chat1');
    expect(watcher.lines()).toEqual([eventLine(h, 'CHANNEL CREATE #chat1 +nt mallory!~mallory@127.0.4.1$irc.test')]);
    h.connect('carol').send('JOIN #chat');
    expect(watcher.lines()).toEqual([
      eventLine(h, 'CHANNEL DESTROY #chat1'),
      eventLine(h, 'CHANNEL CREATE #chat1 +nt carol!~carol@127.0.5.1$irc.test'),
    ]);
  });

  it('skips a registered channel of that name', () => {
    const { h } = setup();
    const { channel } = h.state.ensureChannel('#chat1', h.now);
    channel.registered = true;
    expect(h.connect('carol').ask('JOIN #chat')[0]).toBe(':carol!~carol@127.0.3.1 JOIN #chat2');
  });

  it('never clones a channel whose name ends in a digit: 471', () => {
    const { h } = setup('#room5');
    expect(h.connect('carol').ask('JOIN #room5')).toEqual([':irc.test 471 carol #room5 :Cannot join channel (+l)']);
  });

  it('lets owners and hosts into the parent past the limit', () => {
    const { h, parent } = setup();
    parent.props.set('HOSTKEY', 'badge');
    expect(h.connect('carol').ask('JOIN #chat badge')[0]).toBe(':carol!~carol@127.0.3.1 JOIN #chat');
  });
});
