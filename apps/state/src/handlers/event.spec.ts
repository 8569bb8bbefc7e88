import { Harness, TEST_EPOCH, type TestClient } from '../testing/harness';

const TS = String(TEST_EPOCH / 1000);

/** An IRCX sysop session, its welcome cleared. */
function sysop(h: Harness): TestClient {
  const op = h.connect('op');
  op.send('IRCX');
  h.state.setUserMode(op.user, 'o', true);
  op.lines();
  return op;
}

describe('EVENT', () => {
  it('adds, lists and deletes subscriptions', () => {
    const h = new Harness();
    const op = sysop(h);
    expect(op.ask('EVENT ADD USER')).toEqual([':irc.test 806 op USER *']);
    expect(op.ask('EVENT ADD channel #a*')).toEqual([':irc.test 806 op CHANNEL #a*']);
    expect(op.ask('EVENT ADD USER')).toEqual([':irc.test 918 op USER * :Duplicate event entry']);
    expect(op.ask('EVENT LIST')).toEqual([
      ':irc.test 808 op * :Start of events',
      ':irc.test 809 op CHANNEL #a*',
      ':irc.test 809 op USER *',
      ':irc.test 810 op * :End of events',
    ]);
    expect(op.ask('EVENT DELETE USER')).toEqual([':irc.test 807 op USER *']);
    expect(op.ask('EVENT DELETE USER')).toEqual([':irc.test 919 op USER * :Unknown event entry']);
    expect(op.ask('EVENT LIST USER')).toEqual([
      ':irc.test 808 op USER :Start of events',
      ':irc.test 810 op USER :End of events',
    ]);
  });

  it.each([
    ['EVENT ADD BOGUS', ':irc.test 920 op BOGUS :No such event type'],
    ['EVENT FROB USER', ':irc.test 902 op FROB :Bad function'],
    ['EVENT ADD', ':irc.test 461 op EVENT :Not enough parameters'],
  ])('%s → error', (line, expected) => {
    const h = new Harness();
    expect(sysop(h).ask(line)).toEqual([expected]);
  });

  it('is for sysops only (481) and IRCX sessions only (421)', () => {
    const h = new Harness();
    const user = h.connect('user');
    expect(user.ask('EVENT LIST')).toEqual([':irc.test 421 user EVENT :Unknown command']);
    user.send('IRCX');
    user.lines();
    expect(user.ask('EVENT LIST')).toEqual([":irc.test 481 user :Permission Denied- You're not an IRC operator"]);
  });

  it('reports sockets and user logon, nick and logoff', () => {
    const h = new Harness();
    const op = sysop(h);
    op.send('EVENT ADD SOCKET');
    op.send('EVENT ADD USER');
    op.lines();
    const bob = h.connect('bob');
    expect(op.lines()).toEqual([
      `:irc.test EVENT ${TS} SOCKET ACCEPT 127.0.2.1:40002`,
      `:irc.test EVENT ${TS} USER LOGON bob!~bob@127.0.2.1$irc.test 127.0.2.1`,
    ]);
    bob.send('NICK robert');
    expect(op.lines()).toEqual([`:irc.test EVENT ${TS} USER NICK bob!~bob@127.0.2.1$irc.test robert`]);
    bob.send('QUIT :bye');
    expect(op.lines()).toEqual([
      `:irc.test EVENT ${TS} USER LOGOFF robert!~bob@127.0.2.1$irc.test :Quit: bye`,
      `:irc.test EVENT ${TS} SOCKET CLOSE 127.0.2.1:40002`,
    ]);
  });

  it('reports channel creation and destruction and members, filtered by mask', () => {
    const h = new Harness();
    const op = sysop(h);
    op.send('EVENT ADD CHANNEL #a*');
    op.send('EVENT ADD MEMBER');
    op.lines();
    const bob = h.connect('bob');
    bob.send('JOIN #zzz');
    expect(op.lines()).toEqual([
      expect.stringMatching(
        new RegExp(`^:irc.test EVENT ${TS} MEMBER JOIN #zzz bob!~bob@127.0.2.1\\$irc.test \\+\\S*$`),
      ),
    ]);
    bob.send('JOIN #abc');
    const lines = op.lines();
    expect(lines[0]).toMatch(
      new RegExp(`^:irc.test EVENT ${TS} CHANNEL CREATE #abc \\+\\S+ bob!~bob@127.0.2.1\\$irc.test$`),
    );
    expect(lines[1]).toMatch(/ MEMBER JOIN #abc /);
    bob.send('PART #abc');
    expect(op.lines()).toEqual([
      `:irc.test EVENT ${TS} MEMBER PART #abc bob!~bob@127.0.2.1$irc.test`,
      `:irc.test EVENT ${TS} CHANNEL DESTROY #abc`,
    ]);
  });

  it('stops when the subscriber is no longer a sysop', () => {
    const h = new Harness();
    const op = sysop(h);
    op.send('EVENT ADD USER');
    op.lines();
    h.state.setUserMode(op.user, 'o', false);
    h.connect('bob');
    expect(op.lines()).toEqual([]);
  });
});
