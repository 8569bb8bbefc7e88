import { Harness } from '../testing/harness';

describe('AWAY', () => {
  it('marks the user away (306) and back (305)', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.ask('AWAY :at lunch')).toEqual([':irc.test 306 alice :You have been marked as being away']);
    expect(alice.user.away).toBe('at lunch');
    expect(alice.ask('AWAY')).toEqual([':irc.test 305 alice :You are no longer marked as being away']);
    expect(alice.user.away).toBeUndefined();
  });

  it('truncates the message to AWAYLEN', () => {
    const h = new Harness({ limits: { awayLength: 5 } });
    const alice = h.connect('alice');
    alice.send('AWAY :abcdefgh');
    expect(alice.user.away).toBe('abcde');
  });

  it('notifies channel peers with away-notify, once each, and nobody else', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const watcher = h.connect('watcher', { caps: ['away-notify'] });
    const plain = h.connect('plain');
    h.addToChannel('#a', alice);
    h.addToChannel('#b', alice);
    for (const c of [watcher, plain]) {
      h.addToChannel('#a', c);
      h.addToChannel('#b', c);
    }
    const prefix = `alice!~alice@${alice.user.hostname}`;
    alice.send('AWAY :brb');
    expect(watcher.lines()).toEqual([`:${prefix} AWAY brb`]);
    alice.send('AWAY');
    expect(watcher.lines()).toEqual([`:${prefix} AWAY`]);
    expect(plain.lines()).toEqual([]);
  });
});

describe('ISON', () => {
  it('answers 303 with the online nicks as they are spelled', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.connect('Bob');
    expect(alice.ask('ISON bob ghost ALICE')).toEqual([':irc.test 303 alice :Bob alice']);
    expect(alice.ask('ISON :bob ghost')).toEqual([':irc.test 303 alice Bob']);
  });

  it('answers 461 without nicks', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('ISON')).toEqual([':irc.test 461 alice ISON :Not enough parameters']);
  });
});

describe('USERHOST', () => {
  it('answers 302 with * for operators and -/+ for away/here, at most 5 nicks', () => {
    const h = new Harness();
    const alice = h.connect('alice', { ip: '127.0.0.10' });
    const bob = h.connect('bob', { ip: '127.0.0.11' });
    h.engine.state.setUserMode(bob.user, 'o', true);
    bob.send('AWAY :gone');
    expect(alice.ask('USERHOST bob alice ghost')).toEqual([
      ':irc.test 302 alice :bob*=-~bob@127.0.0.11 alice=+~alice@127.0.0.10',
    ]);
    const six = alice.ask('USERHOST a b c d e alice');
    expect(six).toEqual([':irc.test 302 alice :']);
  });
});
