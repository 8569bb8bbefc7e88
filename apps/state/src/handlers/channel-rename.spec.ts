import { Harness } from '../testing/harness';
import { A, B, twoServers } from '../testing/networks';

const RENAME_CAP = 'draft/channel-rename';

/** op (with the cap) made #a; bob (without it) joined; inboxes cleared. */
function setup() {
  const h = new Harness();
  const op = h.connect('op', { caps: [RENAME_CAP] });
  const bob = h.connect('bob');
  op.send('JOIN #a');
  op.send('TOPIC #a :the topic');
  bob.send('JOIN #a');
  op.lines();
  bob.lines();
  return { h, op, bob };
}

describe('RENAME (draft/channel-rename)', () => {
  it('offers draft/channel-rename in CAP LS', () => {
    const client = new Harness().connectUnregistered();
    expect(client.ask('CAP LS 302').join(' ')).toContain(RENAME_CAP);
  });

  it('sends RENAME to members with the cap, PART and JOIN with topic and NAMES to the others', () => {
    const { h, op, bob } = setup();
    expect(op.ask('RENAME #a #b :no reason')).toEqual([':op!~op@127.0.1.1 RENAME #a #b :no reason']);
    expect(bob.lines()).toEqual([
      ':bob!~bob@127.0.2.1 PART #a :Channel renamed: no reason',
      ':bob!~bob@127.0.2.1 JOIN #b',
      ':irc.test 332 bob #b :the topic',
      expect.stringMatching(/^:irc\.test 333 bob #b op!~op@127\.0\.1\.1 \d+$/),
      ':irc.test 353 bob = #b :@op bob',
      ':irc.test 366 bob #b :End of /NAMES list',
    ]);
    // Everything stays with the channel; the old name is free.
    const channel = h.state.channel('#b');
    expect(channel?.topic?.text).toBe('the topic');
    expect(channel?.members.size).toBe(2);
    expect(h.state.channel('#a')).toBeUndefined();
    expect(bob.ask('NAMES #b')).toContain(':irc.test 353 bob = #b :@op bob');
    expect(bob.ask('JOIN #a')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #a');
    expect(bob.ask('MODE #a +k beer')).toEqual([':bob!~bob@127.0.2.1 MODE #a +k beer']);
    bob.send('PART #b');
    expect(bob.ask('WHOIS bob').join('\n')).not.toContain('#b');
  });

  it('refuses a name in use, another channel type and bad names with FAIL RENAME', () => {
    const { op } = setup();
    op.send('JOIN #taken');
    op.lines();
    expect(op.ask('RENAME #a #taken')).toEqual([
      ':irc.test FAIL RENAME CHANNEL_NAME_IN_USE #a #taken :Channel already exists',
    ]);
    expect(op.ask('RENAME #a &a')).toEqual([
      ':irc.test FAIL RENAME CANNOT_RENAME #a &a :You cannot change a channel type',
    ]);
    expect(op.ask('RENAME #a #a,b')).toEqual([':irc.test FAIL RENAME CANNOT_RENAME #a #a,b :Illegal channel name']);
  });

  it('refuses members who are not hosts or owners (482), and unknown channels (403)', () => {
    const { bob } = setup();
    expect(bob.ask('RENAME #a #b')).toEqual([":irc.test 482 bob #a :You're not channel operator"]);
    expect(bob.ask('RENAME #nope #b')).toEqual([':irc.test 403 bob #nope :No such channel']);
    expect(bob.ask('RENAME #a')).toEqual([':irc.test 461 bob RENAME :Not enough parameters']);
  });

  it('reaches members on another server, who see it the same way', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: [RENAME_CAP] });
    const bob = net.server(B).connect('bob', { caps: [RENAME_CAP] });
    const carol = net.server(B).connect('carol');
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    carol.send('JOIN #c');
    for (const c of [alice, bob, carol]) c.lines();
    expect(alice.ask('RENAME #c #d :moving')).toEqual([':alice!~alice@127.0.1.1 RENAME #c #d moving']);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 RENAME #c #d moving']);
    expect(carol.lines().slice(0, 2)).toEqual([
      ':carol!~carol@127.0.2.1 PART #c :Channel renamed: moving',
      ':carol!~carol@127.0.2.1 JOIN #d',
    ]);
    expect(net.server(B).state.channel('#d')?.members.size).toBe(3);
    expect(net.server(B).state.channel('#c')).toBeUndefined();
    // Messages to the new name cross the network.
    bob.send('PRIVMSG #d :hello');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.1.1 PRIVMSG #d hello']);
  });
});
