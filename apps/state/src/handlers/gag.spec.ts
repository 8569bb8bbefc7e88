import { Harness } from '../testing/harness';

/**
 * Gag (user mode +z, set by sysops): everything the user sends to others is dropped silently,
 * and the user is never told: with echo-message it still gets its own echo.
 */
function setup() {
  const h = new Harness();
  const gagged = h.connect('mute', { caps: ['echo-message', 'message-tags'] });
  const bob = h.connect('bob', { caps: ['message-tags'] });
  const carol = h.connect('carol');
  carol.send('IRCX');
  h.addToChannel('#c', gagged);
  h.addToChannel('#c', bob);
  h.addToChannel('#c', carol);
  h.state.setUserMode(gagged.user, 'z', true);
  for (const c of [gagged, bob, carol]) c.lines();
  return { h, gagged, bob, carol };
}

const MUTE = 'mute!~mute@127.0.1.1';

describe('gag (+z)', () => {
  it.each([
    ['PRIVMSG #c :hello channel', 'PRIVMSG #c :hello channel'],
    ['NOTICE #c :hello channel', 'NOTICE #c :hello channel'],
    ['PRIVMSG bob :hello you', 'PRIVMSG bob :hello you'],
    ['NOTICE bob :hello you', 'NOTICE bob :hello you'],
    ['@+draft/react=x TAGMSG #c', 'TAGMSG #c'],
    ['@+draft/react=x TAGMSG bob', 'TAGMSG bob'],
  ])('%s reaches nobody; the sender gets its echo', (line, echoed) => {
    const { gagged, bob, carol } = setup();
    const echo = gagged.ask(line);
    expect(echo).toHaveLength(1);
    expect(echo[0]).toMatch(new RegExp(`^@\\S+ :${MUTE} ${echoed.replace(/[+]/g, '\\+')}$`));
    expect(bob.lines()).toEqual([]);
    expect(carol.lines()).toEqual([]);
  });

  it('without echo-message the sender gets nothing at all, as after any message', () => {
    const h = new Harness();
    const gagged = h.connect('mute');
    const bob = h.connect('bob');
    h.state.setUserMode(gagged.user, 'z', true);
    expect(gagged.ask('PRIVMSG bob :anyone?')).toEqual([]);
    expect(bob.lines()).toEqual([]);
  });

  it('DATA of a gagged IRCX user reaches nobody', () => {
    const { h, carol } = setup();
    const dan = h.connect('dan');
    dan.send('IRCX');
    h.addToChannel('#c', dan);
    h.state.setUserMode(dan.user, 'z', true);
    dan.lines();
    expect(dan.ask('DATA #c ORG.test :payload')).toEqual([]);
    expect(dan.ask('DATA carol ORG.test :payload')).toEqual([]);
    expect(carol.lines()).toEqual([]);
  });
});

describe('ACCESS on the target nick', () => {
  function blocked() {
    const h = new Harness();
    const bob = h.connect('bob');
    const plain = h.connect('plain');
    const ircx = h.connect('ircxer');
    ircx.send('IRCX');
    bob.user.access.push({
      level: 'DENY',
      mask: '*!*@*$*',
      expiresAt: 0,
      setBy: 'bob',
      setAt: h.now,
      reason: '',
      byOwner: false,
    });
    for (const c of [bob, plain, ircx]) c.lines();
    return { bob, plain, ircx };
  }

  it('blocks a private message: 913 for an IRCX sender, nothing for a plain one', () => {
    const { bob, plain, ircx } = blocked();
    expect(ircx.ask('PRIVMSG bob :let me in')).toEqual([':irc.test 913 ircxer bob :No access']);
    expect(plain.ask('PRIVMSG bob :let me in')).toEqual([]);
    expect(bob.lines()).toEqual([]);
  });
});
