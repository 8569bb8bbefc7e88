import { Harness } from '../testing/harness';

function setup(overrides = {}) {
  const h = new Harness(overrides);
  const op = h.connect('op');
  const bob = h.connect('bob');
  op.send('JOIN #a');
  bob.send('JOIN #a');
  op.lines();
  bob.lines();
  return { h, op, bob };
}

describe('channel MODE', () => {
  it('shows the modes (324) and creation time in seconds (329)', () => {
    const { h, op, bob } = setup();
    op.send('MODE #a +kl key 5');
    expect(op.ask('MODE #a')).toEqual([
      ':irc.test 324 op #a +ntkl key 5',
      `:irc.test 329 op #a ${Math.floor(h.now / 1000)}`,
    ]);
    // Members see the key; outsiders only that there is one.
    expect(bob.ask('MODE #a')[0]).toBe(':irc.test 324 bob #a +ntkl key 5');
    expect(h.connect('carol').ask('MODE #a')[0]).toBe(':irc.test 324 carol #a +ntkl * 5');
  });

  it('answers 403 for an unknown channel', () => {
    const { op } = setup();
    expect(op.ask('MODE #nope')).toEqual([':irc.test 403 op #nope :No such channel']);
  });

  it('broadcasts the applied changes as one MODE line', () => {
    const { op, bob } = setup();
    expect(op.ask('MODE #a +ov-t bob bob')).toEqual([':op!~op@127.0.1.1 MODE #a +ov-t bob bob']);
    expect(bob.lines()).toEqual([':op!~op@127.0.1.1 MODE #a +ov-t bob bob']);
  });

  it('drops changes that change nothing', () => {
    const { op } = setup();
    expect(op.ask('MODE #a +nt-m')).toEqual([]);
    expect(op.ask('MODE #a +m-n+n')).toEqual([':op!~op@127.0.1.1 MODE #a +m-n+n']);
  });

  it('sets and removes the key, showing -k as *', () => {
    const { h, op } = setup();
    expect(op.ask('MODE #a +k sesame')).toEqual([':op!~op@127.0.1.1 MODE #a +k sesame']);
    expect(h.state.channel('#a')?.key).toBe('sesame');
    expect(op.ask('MODE #a -k sesame')).toEqual([':op!~op@127.0.1.1 MODE #a -k *']);
    expect(h.state.channel('#a')?.key).toBeUndefined();
  });

  it('refuses a malformed key with 525', () => {
    const { op } = setup();
    expect(op.ask('MODE #a +k a,b')).toEqual([':irc.test 525 op #a :Key is not well-formed']);
  });

  it('sets a limit only to a positive integer (696 otherwise)', () => {
    const { h, op } = setup();
    expect(op.ask('MODE #a +l 10')).toEqual([':op!~op@127.0.1.1 MODE #a +l 10']);
    expect(op.ask('MODE #a +l 0')).toEqual([':irc.test 696 op #a l 0 :Invalid limit: must be a positive integer']);
    expect(op.ask('MODE #a +l abc')[0]).toMatch(/ 696 op #a l abc /);
    expect(op.ask('MODE #a -l')).toEqual([':op!~op@127.0.1.1 MODE #a -l']);
    expect(h.state.channel('#a')?.limit).toBeUndefined();
  });

  it('reports a missing parameter with 696', () => {
    const { op } = setup();
    expect(op.ask('MODE #a +o')).toEqual([':irc.test 696 op #a o * :You must specify a parameter for the o mode']);
  });

  it('refuses changes from non-operators with 482', () => {
    const { bob } = setup();
    expect(bob.ask('MODE #a +m')).toEqual([":irc.test 482 bob #a :You're not channel operator"]);
    expect(bob.ask('MODE #a +o bob')).toEqual([":irc.test 482 bob #a :You're not channel operator"]);
  });

  it('answers 401 and 441 for o/v on unknown or absent nicks', () => {
    const { h, op } = setup();
    h.connect('carol');
    expect(op.ask('MODE #a +vo ghost carol')).toEqual([
      ':irc.test 401 op ghost :No such nick/channel',
      ":irc.test 441 op carol #a :They aren't on that channel",
    ]);
  });

  it('answers 472 once per unknown letter', () => {
    const { op } = setup();
    expect(op.ask('MODE #a +XYX')).toEqual([
      ':irc.test 472 op X :is unknown mode char to me',
      ':irc.test 472 op Y :is unknown mode char to me',
    ]);
  });

  it('applies at most modesPerCommand parametrised changes', () => {
    const { op } = setup({ limits: { modesPerCommand: 2 } });
    expect(op.ask('MODE #a +bbbm a b c')).toEqual([':op!~op@127.0.1.1 MODE #a +bbm a!*@* b!*@*']);
  });

  describe('lists', () => {
    it.each([
      ['b', '367', '368', 'End of channel ban list'],
      ['e', '348', '349', 'End of channel exception list'],
      ['I', '346', '347', 'End of channel invite list'],
    ])('+%s adds normalised masks and the list query shows them', (mode, entry, end, text) => {
      const { h, op, bob } = setup();
      expect(op.ask(`MODE #a +${mode} foo`)).toEqual([`:op!~op@127.0.1.1 MODE #a +${mode} foo!*@*`]);
      expect(op.ask(`MODE #a +${mode} FOO`)).toEqual([]);
      expect(bob.ask(`MODE #a ${mode}`)).toEqual([
        `:irc.test ${entry} bob #a foo!*@* op!~op@127.0.1.1 ${Math.floor(h.now / 1000)}`,
        `:irc.test ${end} bob #a :${text}`,
      ]);
      expect(op.ask(`MODE #a -${mode} foo!*@*`)).toEqual([`:op!~op@127.0.1.1 MODE #a -${mode} foo!*@*`]);
      expect(op.ask(`MODE #a -${mode} foo`)).toEqual([]);
    });

    it('refuses entries beyond maxListEntries with 478', () => {
      const { op } = setup({ limits: { maxListEntries: 1 } });
      op.send('MODE #a +b one');
      expect(op.ask('MODE #a +b two')).toEqual([':irc.test 478 op #a b :Channel list is full']);
    });

    it('lets non-operators read the lists', () => {
      const { bob } = setup();
      expect(bob.ask('MODE #a +b')).toEqual([':irc.test 368 bob #a :End of channel ban list']);
    });
  });

  it('hands non-channel targets to the user mode handler', () => {
    const { op } = setup();
    expect(op.ask('MODE op')[0]).toMatch(/ 221 op \+/);
  });
});

describe('client input that cannot be a middle param', () => {
  it.each([
    ['KICK #a :x y', ':irc.test 401 op * :No such nick/channel'],
    ['MODE #a +:', ':irc.test 472 op * :is unknown mode char to me'],
    ['JOIN :#x y', ':irc.test 403 op * :No such channel'],
  ])('%s is answered with * in its place', (line, expected) => {
    const { op } = setup();
    expect(op.ask(line)).toEqual([expected]);
  });

  it('ignores list masks that could not be shown back', () => {
    const { op } = setup();
    expect(op.ask('MODE #a +b :x y')).toEqual([]);
  });
});
