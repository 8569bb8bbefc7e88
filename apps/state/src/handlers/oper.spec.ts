import { Harness, operatorAccount } from '../testing/harness';

function setup() {
  const h = new Harness({
    operators: [operatorAccount('root', 'hunter2'), operatorAccount('local', 'pw', '~*@127.0.0.99')],
  });
  const alice = h.connect('alice', { ip: '127.0.0.10' });
  const bob = h.connect('bob', { ip: '127.0.0.11' });
  return { h, alice, bob };
}

describe('OPER', () => {
  it('makes the user an operator: 381, MODE +o, flood exemption', () => {
    const { alice } = setup();
    expect(alice.ask('OPER root hunter2')).toEqual([
      ':irc.test 381 alice :You are now an IRC operator',
      ':alice MODE alice +o',
    ]);
    expect(alice.user.modes.has('o')).toBe(true);
    expect(alice.user.operName).toBe('root');
    expect(alice.registrations.at(-1)).toEqual({ nick: 'alice', floodExempt: true });
  });

  it('answers 464 for a wrong password', () => {
    const { alice } = setup();
    expect(alice.ask('OPER root wrong')).toEqual([':irc.test 464 alice :Password incorrect']);
    expect(alice.user.modes.has('o')).toBe(false);
  });

  it('answers 491 for an unknown account or a hostmask mismatch', () => {
    const { alice } = setup();
    expect(alice.ask('OPER nobody hunter2')).toEqual([':irc.test 491 alice :No O-lines for your host']);
    expect(alice.ask('OPER local pw')).toEqual([':irc.test 491 alice :No O-lines for your host']);
  });

  it('accepts a matching hostmask', () => {
    const { h } = setup();
    const carol = h.connect('carol', { ip: '127.0.0.99' });
    expect(carol.ask('OPER local pw')[0]).toMatch(/ 381 carol /);
  });

  it('answers 461 with too few params', () => {
    const { alice } = setup();
    expect(alice.ask('OPER root')).toEqual([':irc.test 461 alice OPER :Not enough parameters']);
  });
});

describe('KILL', () => {
  it('disconnects the victim, who sees KILL then ERROR; peers see the QUIT reason', () => {
    const { h, alice, bob } = setup();
    const carol = h.connect('carol');
    h.addToChannel('#a', bob);
    h.addToChannel('#a', carol);
    alice.send('OPER root hunter2');
    alice.lines();
    expect(alice.ask('KILL bob :spamming')).toEqual([]);
    expect(bob.lines()).toEqual([
      ':alice!~alice@127.0.0.10 KILL bob spamming',
      'ERROR :Closing Link: 127.0.0.11 (Killed (alice (spamming)))',
    ]);
    expect(bob.closed).toBe(true);
    expect(carol.lines()).toEqual([':bob!~bob@127.0.0.11 QUIT :Killed (alice (spamming))']);
    expect(h.state.userByNick('bob')).toBeUndefined();
  });

  it('answers 481 to non-operators and 401 for unknown nicks', () => {
    const { alice } = setup();
    expect(alice.ask('KILL bob :x')).toEqual([":irc.test 481 alice :Permission Denied- You're not an IRC operator"]);
    alice.send('OPER root hunter2');
    alice.lines();
    expect(alice.ask('KILL ghost :x')).toEqual([':irc.test 401 alice ghost :No such nick/channel']);
  });
});

describe('WALLOPS', () => {
  it('reaches every local user with +w, the sender included', () => {
    const { h, alice, bob } = setup();
    const carol = h.connect('carol');
    alice.send('OPER root hunter2');
    alice.send('MODE alice +w');
    bob.send('MODE bob +w');
    for (const c of [alice, bob, carol]) c.lines();
    alice.send('WALLOPS :maintenance at noon');
    const expected = [':alice!~alice@127.0.0.10 WALLOPS :maintenance at noon'];
    expect(alice.lines()).toEqual(expected);
    expect(bob.lines()).toEqual(expected);
    expect(carol.lines()).toEqual([]);
  });

  it('answers 481 to non-operators', () => {
    const { alice } = setup();
    expect(alice.ask('WALLOPS :hi')).toEqual([":irc.test 481 alice :Permission Denied- You're not an IRC operator"]);
  });
});
