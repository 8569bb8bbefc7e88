import { Harness } from '../testing/harness';

/** #c with alice (IRCX, host), bob (IRCX) and carol (plain). */
function setup() {
  const h = new Harness();
  const alice = h.connect('alice').ircx();
  const bob = h.connect('bob').ircx();
  const carol = h.connect('carol');
  h.addToChannel('#c', alice, 'o');
  h.addToChannel('#c', bob);
  h.addToChannel('#c', carol);
  for (const c of [alice, bob, carol]) c.lines();
  return { h, alice, bob, carol };
}

const ALICE = 'alice!~alice@127.0.1.1';
const BOB = 'bob!~bob@127.0.2.1';

describe('DATA / REQUEST / REPLY', () => {
  it('to a channel reaches its IRCX members only', () => {
    const { alice, bob, carol } = setup();
    expect(alice.ask('DATA #c ORG.game.move :e2 e4')).toEqual([]);
    expect(bob.lines()).toEqual([`:${ALICE} DATA #c ORG.game.move :e2 e4`]);
    expect(carol.lines()).toEqual([]);
  });

  it('to a nick reaches an IRCX session, never a plain one', () => {
    const { alice, bob, carol } = setup();
    bob.send('REQUEST alice ORG.ver :which version?');
    expect(alice.lines()).toEqual([`:${BOB} REQUEST alice ORG.ver :which version?`]);
    alice.send('REPLY bob ORG.ver :1.0 beta');
    expect(bob.lines()).toEqual([`:${ALICE} REPLY bob ORG.ver :1.0 beta`]);
    expect(bob.ask('DATA carol ORG.x :hi there')).toEqual([]);
    expect(carol.lines()).toEqual([]);
  });

  it('to some members of a channel names each recipient', () => {
    const { alice, bob, carol } = setup();
    alice.send('DATA #c bob,carol ORG.x :for two');
    expect(bob.lines()).toEqual([`:${ALICE} DATA #c bob ORG.x :for two`]);
    expect(carol.lines()).toEqual([]);
  });

  it.each(['1abc', 'has_underscore', 'ORG.waytoolongtag', 'a-b'])('refuses the bad tag %s with 904', (tag) => {
    const { alice } = setup();
    expect(alice.ask(`DATA #c ${tag} :x y`)).toEqual([`:irc.test 904 alice ${tag} :Bad message tag`]);
  });

  it('reserves ADM, SYS, OWN and HST tags for those levels (904 otherwise)', () => {
    const { h, alice, bob } = setup();
    expect(bob.ask('DATA #c HSTnote :x y')).toEqual([':irc.test 904 bob HSTnote :Bad message tag']);
    expect(alice.ask('DATA #c HSTnote :x y')).toEqual([]);
    expect(bob.lines()).toEqual([`:${ALICE} DATA #c HSTnote :x y`]);
    expect(alice.ask('DATA #c OWNnote :x y')).toEqual([':irc.test 904 alice OWNnote :Bad message tag']);
    expect(alice.ask('DATA #c SYSnote :x y')).toEqual([':irc.test 904 alice SYSnote :Bad message tag']);
    h.state.setUserMode(alice.user, 'o', true);
    expect(alice.ask('DATA #c SYSnote :x y')).toEqual([]);
    expect(alice.ask('DATA #c ADMnote :x y')).toEqual([':irc.test 904 alice ADMnote :Bad message tag']);
  });

  it.each([
    ['DATA #c ORG.x', ':irc.test 461 alice DATA :Not enough parameters'],
    ['DATA #nope ORG.x :y z', ':irc.test 403 alice #nope :No such channel'],
    ['DATA ghost ORG.x :y z', ':irc.test 401 alice ghost :No such nick/channel'],
  ])('%s → error', (line, expected) => {
    const { alice } = setup();
    expect(alice.ask(line)).toEqual([expected]);
  });

  it('is 421 for plain sessions', () => {
    const { carol } = setup();
    expect(carol.ask('DATA #c ORG.x :y z')).toEqual([':irc.test 421 carol DATA :Unknown command']);
  });
});
