import { Harness } from '../testing/harness';

/** A registered client switched to IRCX, its welcome and 800 cleared. */

/**
 * #c with alice (IRCX, host), bob (IRCX), carol (plain) and dave (plain, message-tags); eve is
 * elsewhere. Memberships are put straight in the state so the channel has exactly these modes.
 */
function setup(aliceCaps: string[] = []) {
  const h = new Harness();
  const alice = h.connect('alice', { caps: aliceCaps, ircx: true });
  const bob = h.connect('bob', { ircx: true });
  const carol = h.connect('carol');
  const dave = h.connect('dave', { caps: ['message-tags'] });
  const eve = h.connect('eve');
  h.addToChannel('#c', alice, 'o');
  for (const c of [bob, carol, dave]) h.addToChannel('#c', c);
  for (const c of [alice, bob, carol, dave, eve]) c.lines();
  return { h, alice, bob, carol, dave, eve };
}

const ALICE = 'alice!~alice@127.0.1.1';
const BOB = 'bob!~bob@127.0.2.1';

describe('WHISPER', () => {
  it('reaches IRCX members as WHISPER and plain members as a PRIVMSG with the channel context', () => {
    const { alice, bob, carol, dave, eve } = setup();
    expect(alice.ask('WHISPER #c bob,carol,dave :psst, listen')).toEqual([]);
    expect(bob.lines()).toEqual([`:${ALICE} WHISPER #c bob,carol,dave :psst, listen`]);
    expect(carol.lines()).toEqual([`:${ALICE} PRIVMSG carol :psst, listen`]);
    expect(dave.lines()).toEqual([
      expect.stringMatching(
        new RegExp(`^@\\+draft/channel-context=#c;msgid=\\S+ :${ALICE} PRIVMSG dave :psst, listen$`),
      ),
    ]);
    expect(eve.lines()).toEqual([]);
  });

  it('is refused to plain sessions with 421', () => {
    const { carol } = setup();
    expect(carol.ask('WHISPER #c dave :hi')).toEqual([':irc.test 421 carol WHISPER :Unknown command']);
  });

  it.each([
    ['WHISPER #c bob', ':irc.test 461 alice WHISPER :Not enough parameters'],
    ['WHISPER #nope bob :x', ':irc.test 403 alice #nope :No such channel'],
    ['WHISPER #c ghost :x', ':irc.test 401 alice ghost :No such nick/channel'],
    ['WHISPER #c eve :x', ":irc.test 441 alice eve #c :They aren't on that channel"],
  ])('%s → error', (line, expected) => {
    const { alice } = setup();
    expect(alice.ask(line)).toEqual([expected]);
  });

  it('needs the sender in the channel (442)', () => {
    const { h, eve } = setup();
    eve.send('IRCX');
    eve.lines();
    expect(eve.ask('WHISPER #c bob :x')).toEqual([":irc.test 442 eve #c :You're not on that channel"]);
    expect(h.state.channel('#c')).toBeDefined();
  });

  it('refuses more targets than TARGMAX allows (407)', () => {
    const { h, alice } = setup();
    const max = h.config.limits.maxTargets;
    const nicks = Array.from({ length: max + 1 }, (_, i) => `n${i}`).join(',');
    expect(alice.ask(`WHISPER #c ${nicks} :x`)).toEqual([`:irc.test 407 alice n${max} :Too many recipients`]);
  });

  it('is refused with 404 when the sender could not speak (+m)', () => {
    const { h, bob, carol } = setup();
    h.state.channel('#c')?.modes.add('m');
    expect(bob.ask('WHISPER #c carol :x')).toEqual([':irc.test 404 bob #c :Cannot send to channel (+m)']);
    expect(carol.lines()).toEqual([]);
  });

  it('+w blocks whispers between plain members (923) but not to or from a host', () => {
    const { h, alice, bob, carol } = setup();
    h.state.channel('#c')?.modes.add('w');
    expect(bob.ask('WHISPER #c carol :x')).toEqual([':irc.test 923 bob #c :Channel does not permit whispers']);
    expect(carol.lines()).toEqual([]);
    expect(bob.ask('WHISPER #c alice :to the host')).toEqual([]);
    expect(alice.lines()).toEqual([`:${BOB} WHISPER #c alice :to the host`]);
    alice.send('WHISPER #c carol :from the host');
    expect(carol.lines()).toEqual([`:${ALICE} PRIVMSG carol :from the host`]);
  });

  it('may be sent to oneself, which delivers once even with echo-message', () => {
    const { alice } = setup(['echo-message']);
    expect(alice.ask('WHISPER #c alice :note to self')).toEqual([`:${ALICE} WHISPER #c alice :note to self`]);
  });

  it('echoes the WHISPER, with its msgid, to an echo-message sender', () => {
    const { alice, bob } = setup(['echo-message', 'message-tags']);
    const echo = alice.ask('WHISPER #c bob :hi there');
    expect(echo).toEqual([expect.stringMatching(new RegExp(`^@msgid=\\S+ :${ALICE} WHISPER #c bob :hi there$`))]);
    expect(bob.lines()).toEqual([`:${ALICE} WHISPER #c bob :hi there`]);
  });

  it('from a gagged user reaches nobody, and the sender sees only its echo', () => {
    const { h, alice, bob, carol } = setup(['echo-message']);
    h.state.setUserMode(alice.user, 'z', true);
    expect(alice.ask('WHISPER #c bob,carol :hidden words')).toEqual([`:${ALICE} WHISPER #c bob,carol :hidden words`]);
    expect(bob.lines()).toEqual([]);
    expect(carol.lines()).toEqual([]);
  });
});

describe('PRIVMSG <channel> <nicks> (IRCX channel context)', () => {
  it('reaches only the named members, as a PRIVMSG to each with the channel context', () => {
    const { alice, bob, carol, dave } = setup();
    expect(alice.ask('PRIVMSG #c bob,dave :just you two')).toEqual([]);
    expect(bob.lines()).toEqual([`:${ALICE} PRIVMSG bob :just you two`]);
    expect(dave.lines()).toEqual([
      expect.stringMatching(
        new RegExp(`^@\\+draft/channel-context=#c;msgid=\\S+ :${ALICE} PRIVMSG dave :just you two$`),
      ),
    ]);
    expect(carol.lines()).toEqual([]);
  });

  it('keeps NOTICE as NOTICE and answers no error', () => {
    const { alice, bob } = setup();
    expect(alice.ask('NOTICE #c bob,ghost :a notice')).toEqual([]);
    expect(bob.lines()).toEqual([`:${ALICE} NOTICE bob :a notice`]);
  });

  it('keeps the RFC reading for plain sessions (the extra param is ignored)', () => {
    const { alice, carol } = setup();
    carol.send('PRIVMSG #c bob :hello');
    expect(alice.lines()).toEqual([':carol!~carol@127.0.3.1 PRIVMSG #c bob']);
  });
});
