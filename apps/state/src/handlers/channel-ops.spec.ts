import { Harness } from '../testing/harness';
import { defined } from '@portalchat/testkit';

function setup() {
  const h = new Harness();
  const op = h.connect('op');
  const bob = h.connect('bob');
  const carol = h.connect('carol');
  op.send('JOIN #a');
  bob.send('JOIN #a');
  op.lines();
  bob.lines();
  return { h, op, bob, carol };
}

describe('INVITE', () => {
  it('answers 341 to the inviter, sends INVITE to the target and records it', () => {
    const { h, op, carol } = setup();
    expect(op.ask('INVITE carol #a')).toEqual([':irc.test 341 op carol #a']);
    expect(carol.lines()).toEqual([':op!~op@127.0.1.1 INVITE carol #a']);
    expect(h.state.channel('#a')?.invited.has(defined(h.state.userByNick('carol'), 'carol').uid)).toBe(true);
  });

  it('lists the channels the user is invited to with no params (336, 337), until they join', () => {
    const { op, carol } = setup();
    op.send('JOIN #b');
    op.send('INVITE carol #a');
    op.send('INVITE carol #b');
    carol.lines();
    expect(carol.ask('INVITE')).toEqual([
      ':irc.test 336 carol #a',
      ':irc.test 336 carol #b',
      ':irc.test 337 carol :End of /INVITE list',
    ]);
    carol.send('JOIN #a');
    expect(carol.ask('INVITE')).toEqual([':irc.test 336 carol #b', ':irc.test 337 carol :End of /INVITE list']);
    expect(op.ask('INVITE')).toEqual([':irc.test 337 op :End of /INVITE list']);
  });

  it('tells the inviter when the target is away (301)', () => {
    const { op, carol } = setup();
    carol.send('AWAY :lunch');
    expect(op.ask('INVITE carol #a')).toEqual([':irc.test 341 op carol #a', ':irc.test 301 op carol lunch']);
  });

  it('shows the invite to operators with invite-notify', () => {
    const h = new Harness();
    const watcher = h.connect('watcher', { caps: ['invite-notify'] });
    const plain = h.connect('plain');
    watcher.send('JOIN #a');
    plain.send('JOIN #a');
    watcher.send('MODE #a +o plain');
    watcher.lines();
    h.connect('carol');
    plain.send('INVITE carol #a');
    expect(watcher.lines()).toEqual([':plain!~plain@127.0.2.1 INVITE carol #a']);
  });

  it.each([
    ['INVITE nobody #a', 'op', ':irc.test 401 op nobody :No such nick/channel'],
    ['INVITE carol #nope', 'op', ':irc.test 403 op #nope :No such channel'],
    ['INVITE bob #a', 'op', ':irc.test 443 op bob #a :is already on channel'],
    ['INVITE bob #a', 'carol', ":irc.test 442 carol #a :You're not on that channel"],
    ['INVITE carol', 'op', ':irc.test 461 op INVITE :Not enough parameters'],
  ])('%s from %s → error', (line, who, expected) => {
    const clients = setup();
    expect(clients[who as 'op' | 'carol'].ask(line)).toEqual([expected]);
  });

  it('needs operator status on +i (482) but not on -i', () => {
    const { op, bob } = setup();
    expect(bob.ask('INVITE carol #a')).toEqual([':irc.test 341 bob carol #a']);
    op.send('MODE #a +i');
    expect(bob.ask('INVITE carol #a')).toEqual([":irc.test 482 bob #a :You're not channel operator"]);
  });
});

describe('KICK', () => {
  it('broadcasts the kick with its reason and removes the target', () => {
    const { h, op, bob } = setup();
    expect(op.ask('KICK #a bob :behave')).toEqual([':op!~op@127.0.1.1 KICK #a bob behave']);
    expect(bob.lines()).toEqual([':op!~op@127.0.1.1 KICK #a bob behave']);
    expect(h.state.channel('#a')?.members.size).toBe(1);
    expect(h.state.userByNick('bob')?.channels.size).toBe(0);
  });

  it("defaults the reason to the kicker's nick and truncates to kickLength", () => {
    const h = new Harness({ limits: { kickLength: 3 } });
    const op = h.connect('op');
    const bob = h.connect('bob');
    op.send('JOIN #a');
    bob.send('JOIN #a');
    op.lines();
    expect(op.ask('KICK #a bob')).toEqual([':op!~op@127.0.1.1 KICK #a bob op']);
    bob.send('JOIN #a');
    expect(op.ask('KICK #a bob :abcdef')).toEqual([':op!~op@127.0.1.1 KICK #a bob abc']);
  });

  it('kicks several nicks and reports the ones that are not there', () => {
    const { op, carol } = setup();
    expect(op.ask('KICK #a bob,carol,ghost')).toEqual([
      ':op!~op@127.0.1.1 KICK #a bob op',
      ":irc.test 441 op carol #a :They aren't on that channel",
      ':irc.test 401 op ghost :No such nick/channel',
    ]);
    expect(carol.lines()).toEqual([]);
  });

  it('irctest testDoubleKickMessages: pairs channels with nicks, one KICK line per user', () => {
    const { op, bob, carol } = setup();
    carol.send('JOIN #a');
    op.send('JOIN #b');
    carol.send('JOIN #b');
    op.lines();
    bob.lines();
    carol.lines();
    expect(op.ask('KICK #a,#b bob,carol :bye')).toEqual([
      ':op!~op@127.0.1.1 KICK #a bob bye',
      ':op!~op@127.0.1.1 KICK #b carol bye',
    ]);
    expect(carol.lines()).toEqual([':op!~op@127.0.1.1 KICK #a bob bye', ':op!~op@127.0.1.1 KICK #b carol bye']);
  });

  it('says a channel refusal once for all the nicks aimed at it', () => {
    const { carol } = setup();
    expect(carol.ask('KICK #a bob,op')).toEqual([":irc.test 442 carol #a :You're not on that channel"]);
  });

  it('answers 461 when several channels do not pair with the nicks', () => {
    const { op } = setup();
    expect(op.ask('KICK #a,#b bob,carol,op')).toEqual([':irc.test 461 op KICK :Not enough parameters']);
  });

  it.each([
    ['KICK #nope bob', 'op', ':irc.test 403 op #nope :No such channel'],
    ['KICK #a op', 'carol', ":irc.test 442 carol #a :You're not on that channel"],
    ['KICK #a op', 'bob', ":irc.test 482 bob #a :You're not channel operator"],
  ])('%s from %s → error', (line, who, expected) => {
    const clients = setup();
    expect(clients[who as 'op' | 'bob' | 'carol'].ask(line)).toEqual([expected]);
  });
});
