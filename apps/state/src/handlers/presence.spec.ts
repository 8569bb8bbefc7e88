import { Harness, operatorAccount } from '../testing/harness';
import { A, B, twoServers } from '../testing/networks';
import { setAccount } from '../engine/presence-changes';

describe('MONITOR', () => {
  it('says who is online and offline when nicks are added, then follows them', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.connect('bob', { ip: '10.0.0.2' });
    expect(alice.ask('MONITOR + Bob,carol')).toEqual([
      ':irc.test 730 alice bob!~bob@10.0.0.2',
      ':irc.test 731 alice carol',
    ]);
    const carol = h.connect('carol', { ip: '10.0.0.3' });
    expect(alice.lines()).toEqual([':irc.test 730 alice carol!~carol@10.0.0.3']);
    carol.send('NICK CAROL');
    expect(alice.lines()).toEqual([]);
    carol.send('NICK dave');
    expect(alice.lines()).toEqual([':irc.test 731 alice CAROL']);
    carol.send('NICK carol');
    expect(alice.lines()).toEqual([':irc.test 730 alice carol!~carol@10.0.0.3']);
    carol.send('QUIT :bye');
    expect(alice.lines()).toEqual([':irc.test 731 alice carol']);
  });

  it('lists, reports status, removes and clears without output', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.connect('bob', { ip: '10.0.0.2' });
    alice.ask('MONITOR + bob,carol');
    expect(alice.ask('MONITOR L')).toEqual([
      ':irc.test 732 alice bob,carol',
      ':irc.test 733 alice :End of MONITOR list',
    ]);
    expect(alice.ask('MONITOR S')).toEqual([':irc.test 730 alice bob!~bob@10.0.0.2', ':irc.test 731 alice carol']);
    expect(alice.ask('MONITOR - bob')).toEqual([]);
    expect(alice.ask('MONITOR L')).toEqual([':irc.test 732 alice carol', ':irc.test 733 alice :End of MONITOR list']);
    expect(alice.ask('MONITOR C')).toEqual([]);
    expect(alice.ask('MONITOR L')).toEqual([':irc.test 733 alice :End of MONITOR list']);
    h.connect('carol');
    expect(alice.lines()).toEqual([]);
  });

  it('skips masks, refuses a full list with 734 and needs targets for +', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.ask('MONITOR + *!user@host')).toEqual([]);
    expect(alice.ask('MONITOR +')).toEqual([':irc.test 461 alice MONITOR :Not enough parameters']);
    const many = Array.from({ length: 100 }, (_, i) => `n${i}`).join(',');
    alice.ask(`MONITOR + ${many}`);
    expect(alice.ask('MONITOR + x1,x2')).toEqual([':irc.test 734 alice 100 x1,x2 :Monitor list is full.']);
  });

  it('stops when the watcher disconnects', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.ask('MONITOR + bob');
    alice.send('QUIT');
    h.connect('bob');
    expect(h.state.monitorWatchers('bob')).toBeUndefined();
  });

  it('follows a user of another server through connect, split, netjoin and quit', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    alice.ask('MONITOR + bob');
    const bob = net.server(B).connect('bob', { ip: '10.0.0.2' });
    expect(alice.lines()).toEqual([':a.test 730 alice bob!~bob@10.0.0.2']);
    net.unlink(A, B);
    expect(alice.lines()).toEqual([':a.test 731 alice bob']);
    net.link(A, B);
    expect(alice.lines()).toEqual([':a.test 730 alice bob!~bob@10.0.0.2']);
    bob.send('QUIT');
    expect(alice.lines()).toEqual([':a.test 731 alice bob']);
  });

  it('extended-monitor: AWAY, SETNAME and ACCOUNT of a monitored user reach watchers with the caps', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: ['draft/extended-monitor', 'away-notify', 'setname'] });
    const plain = net.server(A).connect('plain', { caps: ['away-notify', 'setname'] });
    alice.ask('MONITOR + bob');
    plain.ask('MONITOR + bob');
    const bob = net.server(B).connect('bob', { ip: '10.0.0.2' });
    alice.lines();
    plain.lines();
    bob.send('AWAY afk');
    expect(alice.lines()).toEqual([':bob!~bob@10.0.0.2 AWAY afk']);
    bob.send('SETNAME :Bob B');
    expect(alice.lines()).toEqual([':bob!~bob@10.0.0.2 SETNAME :Bob B']);
    expect(plain.lines()).toEqual([]);
  });
});

describe('SETNAME', () => {
  it('changes the realname, echoes to the user and shows to setname peers on both servers', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice', { caps: ['setname'] });
    const bob = net.server(B).connect('bob', { caps: ['setname'] });
    const carol = net.server(B).connect('carol');
    for (const c of [alice, bob, carol]) c.send('JOIN #c');
    for (const c of [alice, bob, carol]) c.lines();
    alice.send('SETNAME :New Name');
    expect(alice.lines()).toEqual([expect.stringMatching(/^:alice!\S+ SETNAME :New Name$/)]);
    expect(bob.lines()).toEqual([expect.stringMatching(/^:alice!\S+ SETNAME :New Name$/)]);
    expect(carol.lines()).toEqual([]);
    expect(bob.ask('WHOIS alice')[0]).toMatch(/ 311 bob alice ~alice \S+ \* :New Name$/);
  });

  it('refuses an empty or too long realname with FAIL SETNAME INVALID_REALNAME', () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: ['setname'] });
    expect(alice.ask(`SETNAME :${'x'.repeat(151)}`)).toEqual([
      ':irc.test FAIL SETNAME INVALID_REALNAME :Realname is not valid',
    ]);
    expect(alice.ask('SETNAME :')).toEqual([':irc.test FAIL SETNAME INVALID_REALNAME :Realname is not valid']);
  });
});

describe('CHGHOST', () => {
  it('a sysop changes a remote user’s host; chghost peers see CHGHOST from the old prefix', () => {
    const net = twoServers();
    const oper = net.server(A).connect('oper');
    const bob = net.server(B).connect('bob', { ip: '10.0.0.2', caps: ['chghost'] });
    const carol = net.server(A).connect('carol', { caps: ['chghost'] });
    const dave = net.server(A).connect('dave');
    for (const c of [bob, carol, dave]) c.send('JOIN #c');
    for (const c of [bob, carol, dave]) c.lines();
    net.server(A).state.setUserMode(oper.user, 'o', true);
    oper.send('CHGHOST bob vhost.example');
    expect(carol.lines()).toEqual([':bob!~bob@10.0.0.2 CHGHOST ~bob vhost.example']);
    expect(bob.lines()).toEqual([':bob!~bob@10.0.0.2 CHGHOST ~bob vhost.example']);
    expect(dave.lines()).toEqual([]);
    expect(net.server(A).state.userByNick('bob')?.hostname).toBe('vhost.example');
    expect(net.server(B).state.userByNick('bob')?.realHost).toBe('10.0.0.2');
  });

  it('is for operators only and checks the host', () => {
    const h = new Harness({ operators: [operatorAccount('root', 'pw')] });
    const alice = h.connect('alice');
    expect(alice.ask('CHGHOST alice x.y')).toEqual([expect.stringMatching(/ 481 alice /)]);
    h.state.setUserMode(alice.user, 'o', true);
    expect(alice.ask('CHGHOST alice *.evil')).toEqual([':irc.test FAIL CHGHOST INVALID_HOST *.evil :Invalid host']);
    expect(alice.ask('CHGHOST nobody x.y')).toEqual([':irc.test 401 alice nobody :No such nick/channel']);
  });
});

describe('BOT mode', () => {
  it('+B shows in WHOIS (335) and WHO (flag B) and tags messages across servers', () => {
    const net = twoServers();
    const bot = net.server(A).connect('bot');
    const user = net.server(B).connect('user', { caps: ['message-tags'] });
    expect(bot.ask('MODE bot +B')).toEqual([':bot MODE bot +B']);
    bot.send('JOIN #c');
    user.send('JOIN #c');
    user.lines();
    expect(user.ask('WHOIS bot')).toContain(':b.test 335 user bot :is a bot on TestNet');
    expect(user.ask('WHO #c')).toContainEqual(expect.stringMatching(/ 352 user #c ~bot \S+ a\.test bot HB@? :1 /));
    bot.send('PRIVMSG #c :beep');
    expect(user.lines()).toEqual([expect.stringMatching(/^@msgid=\S+;draft\/bot;bot :bot!\S+ PRIVMSG #c beep$/)]);
  });
});

describe('account-tag and account-notify', () => {
  it('messages of a logged-in user carry its account to account-tag clients; ACCOUNT changes travel', () => {
    const net = twoServers();
    const alice = net.server(A).connect('alice');
    const bob = net.server(B).connect('bob', { caps: ['account-tag', 'account-notify'] });
    alice.send('JOIN #c');
    bob.send('JOIN #c');
    bob.lines();
    const { engine } = net.server(A);
    setAccount(
      { state: engine.state, out: engine.out, network: engine.network, now: 0, nextMsgId: () => engine.nextMsgId() },
      alice.user,
      'alice-acct',
    );
    expect(bob.lines()).toEqual([expect.stringMatching(/^@account=alice-acct :alice!\S+ ACCOUNT alice-acct$/)]);
    alice.send('PRIVMSG #c :hi');
    expect(bob.lines()).toEqual([expect.stringMatching(/^@account=alice-acct :alice!\S+ PRIVMSG #c hi$/)]);
  });
});

describe('MONITOR across a restart of state', () => {
  it('the lists are in the recovery data and keep notifying', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.ask('MONITOR + bob');
    const sent: string[] = [];
    const restarted = new Harness({}, { onSend: (op) => sent.push(op.line) });
    restarted.now = h.now;
    restarted.engine.restoreData(structuredClone(h.engine.captureData()));
    const watcher = [...(restarted.state.monitorWatchers('BOB') ?? [])];
    expect(watcher.map((conn) => conn.user?.nick)).toEqual(['alice']);
    expect(restarted.state.connections.get(watcher[0]?.key ?? '')).toBe(watcher[0]);
    restarted.connect('bob', { ip: '10.0.0.2' });
    expect(sent).toContain(':irc.test 730 alice bob!~bob@10.0.0.2');
  });
});
