import { adminChannels, adminUsers } from './admin-command';
import { Harness, operatorAccount } from '../testing/harness';

function setup() {
  const h = new Harness(
    { operators: [operatorAccount('root', 'hunter2'), { ...operatorAccount('boss', 'pw'), level: 'admin' }] },
    { network: true },
  );
  const alice = h.connect('alice');
  const bob = h.connect('bob');
  return { h, alice, bob };
}

describe('StateEngine.adminCommand (issue 14)', () => {
  it('KILLs as the operator would: the victim sees KILL and ERROR, its channel peers the QUIT, the network a kill', () => {
    const { h, alice, bob } = setup();
    alice.send('JOIN #a');
    bob.send('JOIN #a');
    h.pump();
    alice.lines();
    bob.lines();
    h.engine.network.drain();
    const { hostname, uid } = bob.user;
    expect(h.engine.adminCommand('root', 'KILL bob :spamming')).toEqual([]);
    h.pump();
    expect(bob.lines()).toEqual([
      ':root!admin@irc.test KILL bob spamming',
      `ERROR :Closing Link: ${hostname} (Killed (root (spamming)))`,
    ]);
    expect(alice.lines()).toEqual([`:bob!~bob@${hostname} QUIT :Killed (root (spamming))`]);
    expect(h.engine.network.drain().map((item) => item.event)).toEqual([
      { type: 'kill', uid, by: 'root', reason: 'spamming' },
    ]);
  });

  it("answers what the command answered the operator: 401 for a nick that isn't there", () => {
    const { h } = setup();
    expect(h.engine.adminCommand('root', 'KILL nobody :x')).toEqual([
      ':irc.test 401 root nobody :No such nick/channel',
    ]);
  });

  it('refuses an operator account the host file does not have', () => {
    const { h } = setup();
    expect(h.engine.adminCommand('ghost', 'WALLOPS :hi')).toBeUndefined();
  });

  it('registers a channel with MODE +r and lists it, with its users', () => {
    const { h, alice } = setup();
    alice.send('JOIN #lobby');
    h.pump();
    h.engine.adminCommand('root', 'MODE #lobby +r');
    expect(adminChannels(h.state)).toEqual([expect.objectContaining({ name: '#lobby', members: 1, registered: true })]);
    expect(adminUsers(h.state).map((u) => [u.nick, u.channels])).toEqual([
      ['alice', ['#lobby']],
      ['bob', []],
    ]);
  });

  it('changes ACCESS with the rights of the account: a sysop manager may, a plain sysop may not (913)', () => {
    const { h, alice } = setup();
    alice.send('JOIN #x');
    h.pump();
    expect(h.engine.adminCommand('root', 'ACCESS #x ADD DENY *!*@bad.example 0 :spam')).toEqual([
      ':irc.test 913 root #x :No access',
    ]);
    const lines = h.engine.adminCommand('boss', 'ACCESS #x ADD DENY *!*@bad.example 0 :spam') ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^:irc\.test 801 boss #x DENY \*!\*@bad\.example\$\* 0 boss!admin@irc\.test spam$/);
  });
});

describe('REHASH', () => {
  it('answers 382 and asks for a reload; the outcome comes back as NOTICEs', () => {
    const { h, alice } = setup();
    alice.send('OPER root hunter2');
    h.pump();
    alice.lines();
    expect(alice.ask('REHASH')).toEqual([`:irc.test 382 alice ${h.config.source} Rehashing`]);
    expect(h.engine.reloadRequests).toEqual([{ conn: `${alice.gateway}:${alice.conn}`, by: 'REHASH by alice (root)' }]);
    h.engine.rehashOutcome(`${alice.gateway}:${alice.conn}`, ['REHASH refused', 'x.yaml: motd: expected a list']);
    h.pump();
    expect(alice.lines()).toEqual([
      ':irc.test NOTICE alice :REHASH refused',
      ':irc.test NOTICE alice :x.yaml: motd: expected a list',
    ]);
  });

  it('is for operators only (481)', () => {
    const { bob } = setup();
    expect(bob.ask('REHASH')[0]).toMatch(/ 481 bob /);
  });
});
