import { Harness } from '../testing/harness';

/**
 * IRCX AUDITORIUM (+x): plain members see only themselves and the hosts/owners, their text goes
 * to hosts/owners only, and they get no JOIN/PART/KICK/QUIT of each other. Hosts see everyone.
 */
function setup() {
  const h = new Harness();
  const alice = h.connect('alice'); // host
  const bob = h.connect('bob');
  const carol = h.connect('carol');
  const dave = h.connect('dave');
  h.addToChannel('#x', alice, 'o');
  h.addToChannel('#x', bob);
  h.addToChannel('#x', carol);
  h.state.channel('#x')?.modes.add('x');
  for (const c of [alice, bob, carol, dave]) c.lines();
  return { h, alice, bob, carol, dave };
}

const ALICE = 'alice!~alice@127.0.1.1';
const BOB = 'bob!~bob@127.0.2.1';
const DAVE = 'dave!~dave@127.0.4.1';

describe('auditorium (+x)', () => {
  it('NAMES shows a plain member itself and the hosts; a host sees everyone', () => {
    const { alice, bob } = setup();
    expect(bob.ask('NAMES #x')).toEqual([
      ':irc.test 353 bob = #x :@alice bob',
      ':irc.test 366 bob #x :End of /NAMES list',
    ]);
    expect(alice.ask('NAMES #x')).toEqual([
      ':irc.test 353 alice = #x :@alice bob carol',
      ':irc.test 366 alice #x :End of /NAMES list',
    ]);
  });

  it('an IRCX plain member sees the same', () => {
    const { alice, bob } = setup();
    bob.send('IRCX');
    bob.lines();
    expect(bob.ask('NAMES #x')).toEqual([
      ':irc.test 353 bob = #x :@alice bob',
      ':irc.test 366 bob #x :End of /NAMES list',
    ]);
    alice.send('PRIVMSG #x :to all');
    expect(bob.lines()).toEqual([`:${ALICE} PRIVMSG #x :to all`]);
  });

  it('WHO lists a plain member itself and the hosts only', () => {
    const { bob } = setup();
    const rows = bob
      .ask('WHO #x')
      .filter((l) => / 352 /.test(l))
      .map((l) => l.split(' ')[7]);
    expect(rows).toEqual(['alice', 'bob']);
  });

  it("a plain member's text reaches the hosts only; a host's reaches everyone", () => {
    const { alice, bob, carol } = setup();
    bob.send('PRIVMSG #x :question from the floor');
    expect(alice.lines()).toEqual([`:${BOB} PRIVMSG #x :question from the floor`]);
    expect(carol.lines()).toEqual([]);
    alice.send('PRIVMSG #x :answer from the stage');
    expect(bob.lines()).toEqual([`:${ALICE} PRIVMSG #x :answer from the stage`]);
    expect(carol.lines()).toEqual([`:${ALICE} PRIVMSG #x :answer from the stage`]);
  });

  it('a plain JOIN is shown to the hosts and the joiner only', () => {
    const { alice, bob, dave } = setup();
    const joined = dave.ask('JOIN #x');
    expect(joined[0]).toBe(`:${DAVE} JOIN #x`);
    expect(joined).toContain(':irc.test 353 dave = #x :@alice dave');
    expect(alice.lines()).toEqual([`:${DAVE} JOIN #x`]);
    expect(bob.lines()).toEqual([]);
  });

  it('a plain PART and KICK are shown to the hosts and the member only', () => {
    const { alice, bob, carol } = setup();
    bob.send('PART #x :bye now');
    expect(bob.lines()).toEqual([`:${BOB} PART #x :bye now`]);
    expect(alice.lines()).toEqual([`:${BOB} PART #x :bye now`]);
    expect(carol.lines()).toEqual([]);

    alice.send('KICK #x carol :out you go');
    expect(carol.lines()).toEqual([`:${ALICE} KICK #x carol :out you go`]);
    expect(alice.lines()).toEqual([`:${ALICE} KICK #x carol :out you go`]);
  });

  it('a MODE naming a plain member reaches the hosts and that member; other changes everyone', () => {
    const { alice, bob, carol } = setup();
    alice.send('MODE #x +mv bob');
    expect(alice.lines()).toEqual([`:${ALICE} MODE #x +mv bob`]);
    expect(bob.lines()).toEqual([`:${ALICE} MODE #x +mv bob`]);
    // carol cannot see bob: she learns of +m only.
    expect(carol.lines()).toEqual([`:${ALICE} MODE #x +m`]);
    alice.send('MODE #x -v bob');
    expect(carol.lines()).toEqual([]);
    expect(bob.lines()).toEqual([`:${ALICE} MODE #x -v bob`]);
  });

  it('a plain QUIT reaches the hosts only, and a host QUIT everyone', () => {
    const { alice, bob, carol } = setup();
    bob.send('QUIT :gone');
    expect(alice.lines()).toEqual([`:${BOB} QUIT :Quit: gone`]);
    expect(carol.lines()).toEqual([]);
    alice.send('QUIT :closing');
    expect(carol.lines()).toEqual([`:${ALICE} QUIT :Quit: closing`]);
  });
});
