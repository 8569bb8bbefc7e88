import { Harness } from '../testing/harness';
import { defined } from '@portalchat/testkit';

function setup() {
  const h = new Harness();
  const alice = h.connect('alice', { ip: '127.0.0.10', realname: 'Alice Liddell' });
  const bob = h.connect('bob', { ip: '127.0.0.11' });
  return { h, alice, bob };
}

describe('WHOIS', () => {
  it('answers 311 319 312 317 318 for a plain user', () => {
    const { h, alice, bob } = setup();
    h.addToChannel('#a', bob, 'o');
    h.addToChannel('#b', bob, 'v');
    h.advance(42_000);
    const signon = Math.floor(bob.user.signonAt / 1000);
    expect(alice.ask('WHOIS bob')).toEqual([
      ':irc.test 311 alice bob ~bob 127.0.0.11 * :bob test',
      ':irc.test 319 alice bob :@#a +#b',
      ':irc.test 312 alice bob irc.test :Test server',
      `:irc.test 317 alice bob 42 ${signon} :seconds idle, signon time`,
      ':irc.test 318 alice bob :End of /WHOIS list',
    ]);
  });

  it('shows 313 for operators and 301 for away users', () => {
    const { h, alice, bob } = setup();
    h.engine.state.setUserMode(bob.user, 'o', true);
    bob.send('AWAY :lunch');
    const lines = alice.ask('WHOIS bob');
    expect(lines).toContain(':irc.test 313 alice bob :is an IRC operator');
    expect(lines).toContain(':irc.test 301 alice bob lunch');
  });

  it('shows every prefix to multi-prefix clients', () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: ['multi-prefix'] });
    const bob = h.connect('bob');
    h.addToChannel('#a', bob, 'ov');
    expect(alice.ask('WHOIS bob')).toContain(':irc.test 319 alice bob @+#a');
  });

  it('hides +s and +p channels the asker is not in', () => {
    const { h, alice, bob } = setup();
    h.addToChannel('#secret', bob);
    h.addToChannel('#private', bob);
    h.addToChannel('#shared', bob);
    h.addToChannel('#shared', alice);
    defined(h.state.channel('#secret'), '#secret').modes.add('s');
    defined(h.state.channel('#private'), '#private').modes.add('p');
    defined(h.state.channel('#shared'), '#shared').modes.add('s');
    expect(alice.ask('WHOIS bob')).toContain(':irc.test 319 alice bob #shared');
  });

  it('answers 401 per unknown nick and one 318 for a comma list', () => {
    const { alice } = setup();
    const lines = alice.ask('WHOIS nobody,bob');
    expect(lines[0]).toBe(':irc.test 401 alice nobody :No such nick/channel');
    expect(lines[1]).toMatch(/ 311 alice bob /);
    expect(lines.at(-1)).toBe(':irc.test 318 alice nobody,bob :End of /WHOIS list');
    expect(lines.filter((l) => / 318 /.test(l))).toHaveLength(1);
  });

  it('accepts the server form and `WHOIS nick nick`', () => {
    const { alice } = setup();
    expect(alice.ask('WHOIS irc.test bob')[0]).toMatch(/ 311 alice bob /);
    expect(alice.ask('WHOIS bob BOB')[0]).toMatch(/ 311 alice bob /);
  });

  it('answers 402 for another server', () => {
    const { alice } = setup();
    expect(alice.ask('WHOIS other.server bob')).toEqual([':irc.test 402 alice other.server :No such server']);
  });

  it('answers 431 without a nick', () => {
    const { alice } = setup();
    expect(alice.ask('WHOIS')).toEqual([':irc.test 431 alice :No nickname given']);
  });

  it('resets idle time only for messages', () => {
    const { h, alice, bob } = setup();
    h.advance(10_000);
    bob.send('WHOIS alice');
    expect(alice.ask('WHOIS bob').find((l) => / 317 /.test(l))).toMatch(/ 317 alice bob 10 /);
  });
});

describe('WHOWAS', () => {
  it('answers 314 and 312 for a nick that left, newest first, then 369', () => {
    const { h, alice, bob } = setup();
    bob.send('NICK robert');
    h.advance(1000);
    h.connect('bob', { ip: '127.0.0.12' }).send('QUIT');
    const lines = alice.ask('WHOWAS bob');
    expect(lines).toEqual([
      ':irc.test 314 alice bob ~bob 127.0.0.12 * :bob test',
      ':irc.test 312 alice bob irc.test :Tue, 02 Jan 2024 03:04:06 GMT',
      ':irc.test 314 alice bob ~bob 127.0.0.11 * :bob test',
      ':irc.test 312 alice bob irc.test :Tue, 02 Jan 2024 03:04:05 GMT',
      ':irc.test 369 alice bob :End of WHOWAS',
    ]);
  });

  it('limits the entries to the count param', () => {
    const { h, alice, bob } = setup();
    bob.send('NICK robert');
    h.connect('bob').send('QUIT');
    expect(alice.ask('WHOWAS bob 1').filter((l) => / 314 /.test(l))).toHaveLength(1);
  });

  it('answers 406 for an unknown nick and 431 without one', () => {
    const { alice } = setup();
    expect(alice.ask('WHOWAS ghost')).toEqual([
      ':irc.test 406 alice ghost :There was no such nickname',
      ':irc.test 369 alice ghost :End of WHOWAS',
    ]);
    expect(alice.ask('WHOWAS')).toEqual([':irc.test 431 alice :No nickname given']);
  });
});
