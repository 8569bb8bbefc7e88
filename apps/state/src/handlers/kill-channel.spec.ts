import { Harness } from '../testing/harness';

function setup() {
  const h = new Harness();
  const op = h.connect('op');
  h.state.setUserMode(op.user, 'o', true);
  const alice = h.connect('alice');
  alice.send('IRCX');
  const bob = h.connect('bob');
  h.addToChannel('#c', alice, 'o');
  h.addToChannel('#c', bob);
  for (const c of [op, alice, bob]) c.lines();
  return { h, op, alice, bob };
}

describe('KILL <channel>', () => {
  it('removes every member as if kicked by the server; a dynamic channel vanishes', () => {
    const { h, op, alice, bob } = setup();
    expect(op.ask('KILL #c :spam channel')).toEqual([]);
    expect(alice.lines()).toEqual([':irc.test KICK #c alice :spam channel']);
    expect(bob.lines()).toEqual([':irc.test KICK #c bob :spam channel']);
    expect(h.state.channel('#c')).toBeUndefined();
    expect(alice.user.channels.size).toBe(0);
  });

  it('leaves a registered channel in place, empty', () => {
    const { h, op, bob } = setup();
    const channel = h.state.channel('#c');
    if (channel) channel.registered = true;
    op.send('KILL #c');
    expect(bob.lines()).toEqual([':irc.test KICK #c bob :<No reason given>']);
    expect(h.state.channel('#c')?.members.size).toBe(0);
  });

  it('answers 403 for an unknown channel and 481 to non-operators', () => {
    const { op, bob } = setup();
    expect(op.ask('KILL #nope :x')).toEqual([':irc.test 403 op #nope :No such channel']);
    expect(bob.ask('KILL #c :x')).toEqual([":irc.test 481 bob :Permission Denied- You're not an IRC operator"]);
  });
});
