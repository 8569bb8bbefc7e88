import { Harness } from '../testing/harness';
import { parseWhoOptions } from './who';
import { defined } from '@portalchat/testkit';
import { setAccount } from '../engine/presence-changes';

function setup() {
  const h = new Harness();
  const alice = h.connect('alice', { ip: '127.0.0.10', realname: 'Alice Liddell' });
  const bob = h.connect('bob', { ip: '127.0.0.11', realname: 'Bob Builder' });
  const carol = h.connect('carol', { ip: '127.0.0.12' });
  return { h, alice, bob, carol };
}

describe('WHO', () => {
  it('lists channel members with flags and prefixes, then 315', () => {
    const { h, alice, bob } = setup();
    h.addToChannel('#a', alice, 'o');
    h.addToChannel('#a', bob, 'v');
    bob.send('AWAY :out');
    expect(alice.ask('WHO #a')).toEqual([
      ':irc.test 352 alice #a ~alice 127.0.0.10 irc.test alice H@ :0 Alice Liddell',
      ':irc.test 352 alice #a ~bob 127.0.0.11 irc.test bob G+ :0 Bob Builder',
      ':irc.test 315 alice #a :End of WHO list',
    ]);
  });

  it('marks operators with * and filters them with the o flag', () => {
    const { h, alice, bob } = setup();
    h.engine.state.setUserMode(bob.user, 'o', true);
    expect(alice.ask('WHO * o')).toEqual([
      ':irc.test 352 alice * ~bob 127.0.0.11 irc.test bob H* :0 Bob Builder',
      ':irc.test 315 alice * :End of WHO list',
    ]);
  });

  it('matches masks against nick, user, host, server and realname', () => {
    const { alice } = setup();
    const nicks = (mask: string) =>
      alice
        .ask(`WHO ${mask}`)
        .filter((l) => / 352 /.test(l))
        .map((l) => l.split(' ')[7]);
    expect(nicks('b*')).toEqual(['bob']);
    expect(nicks('127.0.0.1[12]')).toEqual([]); // no character classes in IRC globs
    expect(nicks('127.0.0.12')).toEqual(['carol']);
    expect(nicks(':*builder')).toEqual(['bob']);
    expect(nicks('irc.test')).toEqual(['alice', 'bob', 'carol']);
  });

  it('hides invisible users from mask searches unless they share a channel', () => {
    const { h, alice, bob, carol } = setup();
    h.engine.state.setUserMode(bob.user, 'i', true);
    h.engine.state.setUserMode(carol.user, 'i', true);
    h.addToChannel('#a', alice);
    h.addToChannel('#a', carol);
    const nicks = alice
      .ask('WHO *')
      .filter((l) => / 352 /.test(l))
      .map((l) => l.split(' ')[7]);
    expect(nicks).toEqual(['alice', 'carol']);
  });

  it('shows an invisible user asked for by exact nick', () => {
    const { h, alice, bob } = setup();
    h.engine.state.setUserMode(bob.user, 'i', true);
    expect(alice.ask('WHO bob')[0]).toMatch(/ 352 alice \* ~bob /);
  });

  it('shows only visible members of a channel the asker is not in, and nothing of a secret one', () => {
    const { h, alice, bob, carol } = setup();
    h.addToChannel('#a', bob);
    h.addToChannel('#a', carol);
    h.engine.state.setUserMode(carol.user, 'i', true);
    expect(alice.ask('WHO #a').filter((l) => / 352 /.test(l))).toHaveLength(1);
    defined(h.state.channel('#a'), '#a').modes.add('s');
    expect(alice.ask('WHO #a')).toEqual([':irc.test 315 alice #a :End of WHO list']);
  });

  it('answers only 315 for an unknown channel or no match', () => {
    const { alice } = setup();
    expect(alice.ask('WHO #nowhere')).toEqual([':irc.test 315 alice #nowhere :End of WHO list']);
    expect(alice.ask('WHO zed*')).toEqual([':irc.test 315 alice zed* :End of WHO list']);
  });

  it('answers WHOX with the requested fields in canonical order', () => {
    const { h, alice, bob } = setup();
    h.addToChannel('#a', bob, 'o');
    expect(alice.ask('WHO #a %nuhcrfta,42')).toEqual([
      ':irc.test 354 alice 42 #a ~bob 127.0.0.11 bob H@ 0 :Bob Builder',
      ':irc.test 315 alice #a :End of WHO list',
    ]);
  });

  it('answers the WHOX account field with the account of a logged-in user, 0 otherwise', () => {
    const { h, alice, bob } = setup();
    const { engine } = h;
    const changes = {
      state: engine.state,
      out: engine.out,
      network: engine.network,
      now: 0,
      nextMsgId: () => engine.nextMsgId(),
    };
    setAccount(changes, bob.user, 'bob-acct');
    expect(alice.ask('WHO bob %na')[0]).toBe(':irc.test 354 alice bob bob-acct');
    expect(alice.ask('WHO carol %na')[0]).toBe(':irc.test 354 alice carol 0');
  });

  it("hides other users' IPs in WHOX but shows your own", () => {
    const { alice } = setup();
    expect(alice.ask('WHO bob %ni')[0]).toBe(':irc.test 354 alice 255.255.255.255 bob');
    expect(alice.ask('WHO alice %ni')[0]).toBe(':irc.test 354 alice 127.0.0.10 alice');
  });
});

describe('parseWhoOptions', () => {
  it.each([
    [undefined, { operatorsOnly: false, whoxToken: '0' }],
    ['o', { operatorsOnly: true, whoxToken: '0' }],
    ['%cn', { operatorsOnly: false, whoxFields: 'cn', whoxToken: '0' }],
    ['o%tn,7', { operatorsOnly: true, whoxFields: 'tn', whoxToken: '7' }],
    ['%tn,abcd', { operatorsOnly: false, whoxFields: 'tn', whoxToken: '0' }],
  ])('parses %j', (param, expected) => {
    expect(parseWhoOptions(param)).toEqual(expected);
  });
});
