import { Harness, operatorAccount, type ConfigOverrides } from '../testing/harness';

/** An IRCX session (after `IRCX`), its welcome and 800 cleared. */

function setup(overrides: ConfigOverrides = {}) {
  const h = new Harness(overrides);
  const owner = h.connect('owner', { ircx: true });
  const host = h.connect('host', { ircx: true });
  const bob = h.connect('bob', { ircx: true });
  h.addToChannel('#a', owner, 'q');
  h.addToChannel('#a', host, 'o');
  h.addToChannel('#a', bob);
  return { h, owner, host, bob };
}

describe('ACCESS', () => {
  it('is an IRCX command: plain sessions get 421', () => {
    const h = new Harness();
    expect(h.connect('plain').ask('ACCESS #a LIST')).toEqual([':irc.test 421 plain ACCESS :Unknown command']);
  });

  it('adds, lists and deletes channel entries with 801, 803/804/805 and 802', () => {
    const { h, host } = setup();
    expect(host.ask('ACCESS #a ADD DENY bob 10 :no bobs')).toEqual([
      ':irc.test 801 host #a DENY bob!*@*$* 10 host!~host@127.0.2.1 :no bobs',
    ]);
    host.send('ACCESS #a ADD VOICE litware.com');
    h.advance(4 * 60_000 + 1);
    expect(host.ask('ACCESS #a')).toEqual([
      ':irc.test 803 host #a :Start of access entries',
      ':irc.test 804 host #a DENY bob!*@*$* 6 host!~host@127.0.2.1 :no bobs',
      ':irc.test 804 host #a VOICE *!*@litware.com$* 0 host!~host@127.0.2.1 :',
      ':irc.test 805 host #a :End of access entries',
    ]);
    expect(host.ask('ACCESS #a DELETE deny BOB')).toEqual([':irc.test 802 host #a DENY bob!*@*$*']);
    expect(h.state.channel('#a')?.access.map((e) => e.level)).toEqual(['VOICE']);
  });

  it('drops entries whose time ran out', () => {
    const { h, host } = setup();
    host.send('ACCESS #a ADD DENY bob 1');
    h.advance(60_000);
    expect(host.ask('ACCESS #a LIST')).toEqual([
      ':irc.test 803 host #a :Start of access entries',
      ':irc.test 805 host #a :End of access entries',
    ]);
    expect(h.state.channel('#a')?.access).toEqual([]);
  });

  it('answers 914 for a duplicate, 915 for an unknown entry and 916 beyond maxAccessEntries', () => {
    const { host } = setup({ ircx: { maxAccessEntries: 2 } });
    host.send('ACCESS #a ADD DENY bob');
    expect(host.ask('ACCESS #a ADD DENY Bob!*@*$*')).toEqual([':irc.test 914 host :Duplicate access entry']);
    expect(host.ask('ACCESS #a DELETE GRANT bob')).toEqual([':irc.test 915 host :Unknown access entry']);
    host.send('ACCESS #a ADD GRANT bob');
    expect(host.ask('ACCESS #a ADD VOICE carol')).toEqual([':irc.test 916 host :Too many access entries']);
  });

  it('answers 900 for an unknown subcommand, 903 for a bad level, 461 without a level, 924 for no object', () => {
    const { host } = setup();
    expect(host.ask('ACCESS #a FROB')).toEqual([':irc.test 900 host FROB :Bad command']);
    expect(host.ask('ACCESS #a ADD BOSS bob')).toEqual([':irc.test 903 host BOSS :Bad level']);
    expect(host.ask('ACCESS #a ADD')).toEqual([':irc.test 461 host ACCESS :Not enough parameters']);
    expect(host.ask('ACCESS #nope LIST')).toEqual([':irc.test 924 host #nope :No such object found']);
    expect(host.ask('ACCESS ghost LIST')).toEqual([':irc.test 924 host ghost :No such object found']);
  });

  it('lets only hosts and owners near a channel list (913)', () => {
    const { bob } = setup();
    expect(bob.ask('ACCESS #a LIST')).toEqual([':irc.test 913 bob #a :No access']);
    expect(bob.ask('ACCESS #a ADD DENY carol')).toEqual([':irc.test 913 bob #a :No access']);
  });

  it('keeps OWNER and HOST entries for owners, and owner entries safe from hosts', () => {
    const { owner, host } = setup();
    expect(host.ask('ACCESS #a ADD HOST carol')).toEqual([':irc.test 913 host #a :No access']);
    expect(owner.ask('ACCESS #a ADD HOST carol')[0]).toMatch(/ 801 owner #a HOST carol!\*@\*\$\* 0 /);
    owner.send('ACCESS #a ADD DENY dave');
    expect(host.ask('ACCESS #a DELETE DENY dave')).toEqual([':irc.test 913 host #a :No access']);
    host.send('ACCESS #a ADD DENY eve');
    // A host's CLEAR takes only what it may delete.
    expect(host.ask('ACCESS #a CLEAR')).toEqual([':irc.test 802 host #a DENY eve!*@*$*']);
    expect(host.ask('ACCESS #a CLEAR OWNER')).toEqual([':irc.test 913 host #a :No access']);
    expect(owner.ask('ACCESS #a CLEAR DENY')).toEqual([':irc.test 802 owner #a DENY dave!*@*$*']);
    expect(owner.ask('ACCESS #a CLEAR')).toEqual([':irc.test 802 owner #a HOST carol!*@*$*']);
  });

  it('keeps $ and * for sysops, with DENY and GRANT only', () => {
    const h = new Harness({ operators: [operatorAccount('root', 'pw')] });
    const oper = h.connect('oper', { ircx: true });
    const bob = h.connect('bob', { ircx: true });
    expect(bob.ask('ACCESS $ LIST')).toEqual([':irc.test 913 bob $ :No access']);
    expect(bob.ask('ACCESS * ADD DENY x')).toEqual([':irc.test 913 bob * :No access']);
    oper.send('OPER root pw');
    oper.lines(); // the 381: a client waits for it before going on
    expect(oper.ask('ACCESS $ ADD VOICE x')).toEqual([':irc.test 903 oper VOICE :Bad level']);
    expect(oper.ask('ACCESS $ ADD DENY *.bad.example 0 :spam')).toEqual([
      ':irc.test 801 oper $ DENY *!*@*.bad.example$* 0 oper!~oper@127.0.1.1 spam',
    ]);
    expect(oper.ask('ACCESS * ADD DENY evil')[0]).toMatch(/ 801 oper \* DENY evil!\*@\*\$\* 0 /);
    expect(h.state.serverAccess).toHaveLength(1);
    expect(h.state.networkAccess).toHaveLength(1);
  });

  it('refuses new users matching a $ DENY like a K-line (465, ERROR) and leaves connected ones', () => {
    const h = new Harness({ operators: [operatorAccount('root', 'pw')] });
    const oper = h.connect('oper', { ircx: true });
    const bob = h.connect('bob');
    oper.send('OPER root pw');
    oper.lines(); // the 381: a client waits for it before going on
    oper.send('ACCESS $ ADD DENY bob*');
    const again = h.connectUnregistered();
    again.send('NICK bob2');
    again.send('USER bob 0 * :Bob');
    expect(again.lines()).toEqual([
      ':irc.test 465 bob2 :You are banned from this server',
      expect.stringMatching(/^ERROR :Closing Link: \S+ \(Banned\)$/),
    ]);
    expect(again.closed).toBe(true);
    expect(bob.closed).toBe(false);
  });

  it("lets a user manage its own nick's list, and nobody else's", () => {
    const { bob, host } = setup();
    expect(bob.ask('ACCESS bob ADD DENY host')).toEqual([
      ':irc.test 801 bob bob DENY host!*@*$* 0 bob!~bob@127.0.3.1 :',
    ]);
    expect(bob.ask('ACCESS bob ADD HOST host')).toEqual([':irc.test 903 bob HOST :Bad level']);
    expect(host.ask('ACCESS bob LIST')).toEqual([':irc.test 913 host bob :No access']);
  });
});

describe('INVITE and nick ACCESS', () => {
  it('drops an invite from a user the target denies, without telling the inviter', () => {
    const h = new Harness();
    const op = h.connect('op');
    const bob = h.connect('bob', { ircx: true });
    op.send('JOIN #a');
    bob.send('ACCESS bob ADD DENY op');
    bob.lines();
    expect(op.ask('INVITE bob #a')).toEqual([':irc.test 341 op bob #a']);
    expect(bob.lines()).toEqual([]);
    expect(h.state.channel('#a')?.invited.size).toBe(0);
    expect(bob.ask('ACCESS bob CLEAR')).toEqual([':irc.test 802 bob bob DENY op!*@*$*']);
    op.send('INVITE bob #a');
    expect(bob.lines()).toEqual([':op!~op@127.0.1.1 INVITE bob #a']);
  });
});
