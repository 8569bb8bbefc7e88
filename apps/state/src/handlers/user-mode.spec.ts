import { Harness } from '../testing/harness';
import { applyUserModes } from './user-mode';

describe('user MODE', () => {
  it('answers 221 with the current modes', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('MODE alice')).toEqual([':irc.test 221 alice +']);
    alice.send('MODE alice +wi');
    expect(alice.ask('MODE ALICE')).toEqual([':irc.test 221 alice +iw']);
  });

  it('sets and unsets i, w and s and echoes only what changed', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('MODE alice +iw')).toEqual([':alice MODE alice +iw']);
    expect(alice.ask('MODE alice +i-w+s')).toEqual([':alice MODE alice -w+s']);
    expect(alice.ask('MODE alice +i')).toEqual([]);
  });

  it('ignores +o silently and allows -o', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.ask('MODE alice +o')).toEqual([]);
    expect(alice.user.modes.has('o')).toBe(false);
    h.engine.state.setUserMode(alice.user, 'o', true);
    expect(alice.ask('MODE alice -o')).toEqual([':alice MODE alice -o']);
    expect(alice.user.modes.has('o')).toBe(false);
    expect(alice.registrations.at(-1)).toEqual({ nick: 'alice', floodExempt: false });
  });

  it('answers 501 for unknown flags and still applies the known ones', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('MODE alice +xiz')).toEqual([':irc.test 501 alice :Unknown MODE flag', ':alice MODE alice +i']);
  });

  it('answers 502 for another user and 401 for an unknown nick', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.connect('bob');
    expect(alice.ask('MODE bob +i')).toEqual([":irc.test 502 alice :Can't change mode for other users"]);
    expect(alice.ask('MODE bob')).toEqual([":irc.test 502 alice :Can't view modes for other users"]);
    expect(alice.ask('MODE ghost')).toEqual([':irc.test 401 alice ghost :No such nick/channel']);
  });
});

describe('applyUserModes', () => {
  it('reports unknown letters and groups applied changes by sign', () => {
    const h = new Harness();
    const user = h.connect('alice').user;
    expect(applyUserModes(h.engine.state, user, '+i+w-q')).toEqual({ applied: '+iw', unknown: true });
  });
});
