import { Harness, operatorAccount, type TestClient } from '../testing/harness';

/**
 * IRCX levels on channels, as each personality sees them: owner (+q) shown `.` to IRCX sessions
 * and `~` to plain ones, who may change which mode, and KICK between owners and hosts.
 */

function connectIrcx(h: Harness, nick: string, options: { caps?: string[] } = {}): TestClient {
  const c = h.connect(nick, options);
  c.send('IRCX');
  c.lines();
  return c;
}

/** #a with owner alice (IRCX), host bob (plain), members carol (IRCX) and dave (plain). */
function setup(overrides = {}) {
  const h = new Harness(overrides);
  const alice = connectIrcx(h, 'alice');
  const bob = h.connect('bob');
  const carol = connectIrcx(h, 'carol');
  const dave = h.connect('dave');
  h.addToChannel('#a', alice, 'q');
  h.addToChannel('#a', bob, 'o');
  h.addToChannel('#a', carol);
  h.addToChannel('#a', dave);
  for (const c of [alice, bob, carol, dave]) c.lines();
  return { h, alice, bob, carol, dave };
}

const A = 'alice!~alice@127.0.1.1';
const B = 'bob!~bob@127.0.2.1';

describe('owner prefix per personality', () => {
  it('NAMES: IRCX sessions see .alice, plain sessions ~alice', () => {
    const { carol, dave } = setup();
    expect(carol.ask('NAMES #a')).toEqual([
      ':irc.test 353 carol = #a :.alice @bob carol dave',
      ':irc.test 366 carol #a :End of /NAMES list',
    ]);
    expect(dave.ask('NAMES #a')).toEqual([
      ':irc.test 353 dave = #a :~alice @bob carol dave',
      ':irc.test 366 dave #a :End of /NAMES list',
    ]);
  });

  it('NAMES with multi-prefix shows every level of an owner who is also host', () => {
    const h = new Harness();
    const alice = connectIrcx(h, 'alice', { caps: ['multi-prefix'] });
    const bob = h.connect('bob', { caps: ['multi-prefix'] });
    h.addToChannel('#a', alice, 'qo');
    h.addToChannel('#a', bob);
    expect(alice.ask('NAMES #a')[0]).toBe(':irc.test 353 alice = #a :.@alice bob');
    expect(bob.ask('NAMES #a')[0]).toBe(':irc.test 353 bob = #a :~@alice bob');
  });

  it("WHO flags and WHOX f carry the viewer's owner symbol", () => {
    const { carol, dave } = setup();
    expect(carol.ask('WHO alice')).toEqual([
      ':irc.test 352 carol * ~alice 127.0.1.1 irc.test alice H :0 alice test',
      ':irc.test 315 carol alice :End of WHO list',
    ]);
    expect(carol.ask('WHO #a')[0]).toBe(':irc.test 352 carol #a ~alice 127.0.1.1 irc.test alice H. :0 alice test');
    expect(dave.ask('WHO #a')[0]).toBe(':irc.test 352 dave #a ~alice 127.0.1.1 irc.test alice H~ :0 alice test');
    expect(carol.ask('WHO #a %nf')[0]).toBe(':irc.test 354 carol alice H.');
    expect(dave.ask('WHO #a %nf')[0]).toBe(':irc.test 354 dave alice H~');
  });

  it("WHOIS 319 carries the viewer's owner symbol", () => {
    const { carol, dave } = setup();
    expect(carol.ask('WHOIS alice')).toContain(':irc.test 319 carol alice .#a');
    expect(dave.ask('WHOIS alice')).toContain(':irc.test 319 dave alice ~#a');
  });
});

describe('channel MODE rights', () => {
  it('lets only owners give +q; a host gets 482 (both personalities)', () => {
    const { alice, bob, carol, dave } = setup();
    expect(bob.ask('MODE #a +q dave')).toEqual([":irc.test 482 bob #a :You're not channel owner"]);
    expect(alice.ask('MODE #a +q carol')).toEqual([`:${A} MODE #a +q carol`]);
    expect(carol.lines()).toEqual([`:${A} MODE #a +q carol`]);
    expect(dave.lines()).toEqual([`:${A} MODE #a +q carol`]);
  });

  it('refuses +q to an IRCX host with the same 482', () => {
    const h = new Harness();
    const owner = h.connect('owner');
    const host = connectIrcx(h, 'host');
    h.addToChannel('#a', owner, 'q');
    h.addToChannel('#a', host, 'o');
    expect(host.ask('MODE #a +q host')).toEqual([":irc.test 482 host #a :You're not channel owner"]);
  });

  it('lets a host op and deop others but not deop, devoice or deown an owner', () => {
    const { bob } = setup();
    expect(bob.ask('MODE #a +v dave')).toEqual([`:${B} MODE #a +v dave`]);
    expect(bob.ask('MODE #a -o alice')).toEqual([":irc.test 482 bob #a :You're not channel owner"]);
    expect(bob.ask('MODE #a -q alice')).toEqual([":irc.test 482 bob #a :You're not channel owner"]);
    expect(bob.ask('MODE #a -v alice')).toEqual([":irc.test 482 bob #a :You're not channel owner"]);
    // What is allowed in the same line still goes through.
    expect(bob.ask('MODE #a -q+o alice dave')).toEqual([
      ":irc.test 482 bob #a :You're not channel owner",
      `:${B} MODE #a +o dave`,
    ]);
  });

  it('lets anyone drop their own q, o or v', () => {
    const { h, alice, bob, dave } = setup();
    h.state.channel('#a')?.members.get(dave.user.uid)?.modes.add('v');
    expect(dave.ask('MODE #a -v dave')).toEqual([':dave!~dave@127.0.4.1 MODE #a -v dave']);
    expect(bob.ask('MODE #a -o bob')).toEqual([`:${B} MODE #a -o bob`]);
    expect(alice.ask('MODE #a -q alice')).toEqual([`:${A} MODE #a -q alice`]);
    expect(dave.ask('MODE #a +v dave')).toEqual([":irc.test 482 dave #a :You're not channel operator"]);
  });

  it('lets owners deop owners and hosts', () => {
    const { h, alice, carol } = setup();
    h.state.channel('#a')?.members.get(carol.user.uid)?.modes.add('q');
    expect(alice.ask('MODE #a -q-o carol bob')).toEqual([`:${A} MODE #a -qo carol bob`]);
  });

  it('answers a member 482 once, whatever it tried', () => {
    const { carol, dave } = setup();
    expect(dave.ask('MODE #a +mnt')).toEqual([":irc.test 482 dave #a :You're not channel operator"]);
    expect(carol.ask('MODE #a +o')).toEqual([":irc.test 482 carol #a :You're not channel operator"]);
  });

  it('keeps p, h and s exclusive: setting one drops the others in the same line', () => {
    const { h, bob, dave } = setup();
    expect(bob.ask('MODE #a +s')).toEqual([`:${B} MODE #a +s`]);
    expect(bob.ask('MODE #a +p')).toEqual([`:${B} MODE #a +p-s`]);
    expect(dave.lines()).toEqual([`:${B} MODE #a +s`, `:${B} MODE #a +p-s`]);
    expect(bob.ask('MODE #a +h')).toEqual([`:${B} MODE #a +h-p`]);
    expect(bob.ask('MODE #a +ps')).toEqual([`:${B} MODE #a -h+s`]);
    expect([...(h.state.channel('#a')?.modes ?? [])].filter((m) => 'phs'.includes(m))).toEqual(['s']);
  });

  it('lets hosts set a u w h', () => {
    const { bob } = setup();
    expect(bob.ask('MODE #a +auwh')).toEqual([`:${B} MODE #a +auwh`]);
  });

  it('refuses x (CREATE only), z (server only) and f (sysop managers) to an owner', () => {
    const { alice } = setup();
    expect(alice.ask('MODE #a +x')).toEqual([':irc.test 482 alice #a :Mode x can only be set with CREATE']);
    expect(alice.ask('MODE #a +z')).toEqual([':irc.test 482 alice #a :Mode z can only be set by the server']);
    expect(alice.ask('MODE #a +f')).toEqual([':irc.test 482 alice #a :Mode f can only be changed by a sysop manager']);
    expect(alice.ask('MODE #a +r')).toEqual([':irc.test 482 alice #a :Mode r can only be changed by a sysop']);
  });

  it('lets owners set d but not hosts', () => {
    const { alice, bob } = setup();
    expect(bob.ask('MODE #a +d')).toEqual([":irc.test 482 bob #a :You're not channel owner"]);
    expect(alice.ask('MODE #a +d')).toEqual([`:${A} MODE #a +d`]);
  });

  it('shows `e` in 324 to IRCX sessions only, on a clone', () => {
    const { h, carol, dave } = setup();
    const channel = h.state.channel('#a');
    if (channel) channel.cloneOf = '#a';
    expect(carol.ask('MODE #a')[0]).toBe(':irc.test 324 carol #a +e');
    expect(dave.ask('MODE #a')[0]).toBe(':irc.test 324 dave #a +');
  });
});

describe('sysop powers on channels', () => {
  function withOpers(sysopIsOwner = false) {
    const admin = { ...operatorAccount('boss', 'pw'), level: 'admin' as const };
    const sysop = operatorAccount('sys', 'pw');
    const ctx = setup({ operators: [admin, sysop], ircx: { sysopIsOwner } });
    const root = ctx.h.connect('root');
    root.send('OPER boss pw');
    const ops = ctx.h.connect('ops');
    ops.send('OPER sys pw');
    root.lines();
    ops.lines();
    return { ...ctx, root, ops };
  }

  it('lets a sysop manager act as owner in a channel it is not in (MODE, KICK, TOPIC)', () => {
    const { h, root, alice } = withOpers();
    const R = 'root!~root@127.0.5.1';
    expect(root.ask('MODE #a +q dave')).toEqual([`:${R} MODE #a +q dave`]);
    expect(alice.lines()).toEqual([`:${R} MODE #a +q dave`]);
    expect(root.ask('MODE #a +fr')).toEqual([`:${R} MODE #a +fr`]);
    expect(h.state.channel('#a')?.registered).toBe(true);
    expect(h.state.dirtyRegistered.has('#a')).toBe(true);
    expect(root.ask('KICK #a alice :bye')).toEqual([`:${R} KICK #a alice bye`]);
    expect(root.ask('TOPIC #a :new')).toEqual([`:${R} TOPIC #a new`]);
  });

  it('gives a plain sysop no channel rights but r and d', () => {
    const { ops } = withOpers();
    const S = 'ops!~ops@127.0.6.1';
    expect(ops.ask('MODE #a +m')).toEqual([":irc.test 482 ops #a :You're not channel operator"]);
    expect(ops.ask('KICK #a alice')).toEqual([":irc.test 442 ops #a :You're not on that channel"]);
    expect(ops.ask('MODE #a +rd')).toEqual([`:${S} MODE #a +rd`]);
    expect(ops.ask('MODE #a -r')).toEqual([`:${S} MODE #a -r`]);
  });

  it('makes a sysop an owner everywhere under sysopIsOwner', () => {
    const { ops } = withOpers(true);
    const S = 'ops!~ops@127.0.6.1';
    expect(ops.ask('MODE #a -q alice')).toEqual([`:${S} MODE #a -q alice`]);
    expect(ops.ask('MODE #a +f')).toEqual([':irc.test 482 ops #a :Mode f can only be changed by a sysop manager']);
  });
});

describe('KICK between levels', () => {
  it('refuses a host kicking an owner (482) and lets an owner kick a host', () => {
    const { alice, bob } = setup();
    expect(bob.ask('KICK #a alice')).toEqual([":irc.test 482 bob #a :You're not channel owner"]);
    expect(bob.ask('KICK #a carol :out')).toEqual([`:${B} KICK #a carol out`]);
    expect(alice.ask('KICK #a bob :out')).toEqual([`:${A} KICK #a bob out`]);
  });

  it('lets an owner kick another owner', () => {
    const { h, alice, carol } = setup();
    h.state.channel('#a')?.members.get(carol.user.uid)?.modes.add('q');
    expect(alice.ask('KICK #a carol :out')).toEqual([`:${A} KICK #a carol out`]);
  });

  it('lets owners set the topic of a +t channel and invite to +i', () => {
    const { h, alice } = setup();
    h.state.channel('#a')?.modes.add('t');
    h.state.channel('#a')?.modes.add('i');
    expect(alice.ask('TOPIC #a :hi')).toEqual([`:${A} TOPIC #a hi`]);
    h.connect('eve');
    expect(alice.ask('INVITE eve #a')).toEqual([':irc.test 341 alice eve #a']);
  });
});
