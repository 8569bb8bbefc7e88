import { Harness } from '../testing/harness';

/** Registers a client that turned IRCX on first, as IRCX clients do (IRCX before NICK/USER). */
function connectIrcx(h: Harness, nick: string) {
  const c = h.connectUnregistered();
  c.send('IRCX');
  c.send(`NICK ${nick}`);
  c.send(`USER ${nick} 0 * :${nick} test`);
  c.lines();
  return c;
}

describe('IRCX / ISIRCX / MODE ISIRCX', () => {
  it('answers MODE ISIRCX before registration with 800 state 0 and the AUTH packages', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('MODE ISIRCX')).toEqual([':irc.test 800 * 0 0 ANON,PLAIN 512 *']);
  });

  it('keeps 451 for any other MODE before registration', () => {
    const c = new Harness().connectUnregistered();
    expect(c.ask('MODE #a')).toEqual([':irc.test 451 * :You have not registered']);
    expect(c.ask('MODE isircx')).toEqual([':irc.test 451 * :You have not registered']);
    expect(c.ask('MODE ISIRCX +i')).toEqual([':irc.test 451 * :You have not registered']);
    expect(c.ask('MODE')).toEqual([':irc.test 451 * :You have not registered']);
  });

  it('treats MODE ISIRCX after registration as a nick, as Exchange does', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('MODE ISIRCX')).toEqual([':irc.test 401 alice ISIRCX :No such nick/channel']);
    expect(alice.ask('MODE')).toEqual([':irc.test 461 alice MODE :Not enough parameters']);
  });

  it('switches IRCX on before registration (800 state 1) and for good', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    expect(c.ask('IRCX')).toEqual([':irc.test 800 * 1 0 ANON,PLAIN 512 *']);
    expect(c.ask('ISIRCX')).toEqual([':irc.test 800 * 1 0 ANON,PLAIN 512 *']);
    c.send('NICK alice');
    c.send('USER alice 0 * :Alice');
    const welcome = c.lines();
    expect(welcome.filter((l) => / 005 /.test(l)).join(' ')).toContain(' PREFIX=(qov).@+ ');
    expect(c.ask('IRCX')).toEqual([':irc.test 800 alice 1 0 ANON,PLAIN 512 *']);
  });

  it('tells the gateway once that the session is IRCX, and never a plain one', () => {
    const h = new Harness();
    const before = h.connectUnregistered();
    before.send('IRCX');
    before.send('IRCX');
    before.lines();
    expect(before.ircxOps).toBe(1);
    const after = h.connect('alice');
    after.send('ISIRCX');
    after.lines();
    expect(after.ircxOps).toBe(0);
    after.send('IRCX');
    after.lines();
    expect(after.ircxOps).toBe(1);
  });

  it('reports state 0 to a plain session (ISIRCX)', () => {
    const alice = new Harness().connect('alice');
    expect(alice.ask('ISIRCX')).toEqual([':irc.test 800 alice 0 0 ANON,PLAIN 512 *']);
  });

  it('sends 005 again when IRCX is switched on after registration (PREFIX changes)', () => {
    const alice = new Harness().connect('alice');
    const lines = alice.ask('IRCX');
    expect(lines[0]).toBe(':irc.test 800 alice 1 0 ANON,PLAIN 512 *');
    const isupport = lines.slice(1);
    expect(isupport.length).toBeGreaterThan(0);
    expect(isupport.every((l) => l.startsWith(':irc.test 005 alice '))).toBe(true);
    expect(isupport.join(' ')).toContain(' PREFIX=(qov).@+ ');
    // Once on, IRCX again repeats only 800.
    expect(alice.ask('IRCX')).toEqual([':irc.test 800 alice 1 0 ANON,PLAIN 512 *']);
  });

  it('lists the configured packages', () => {
    const c = new Harness({ ircx: { authPackages: ['PLAIN'] } }).connect('alice');
    expect(c.ask('ISIRCX')).toEqual([':irc.test 800 alice 0 0 PLAIN 512 *']);
  });

  it('shows a plain session PREFIX=(qov)~@+', () => {
    const h = new Harness();
    const c = h.connectUnregistered();
    c.send('NICK bob');
    c.send('USER bob 0 * :Bob');
    expect(
      c
        .lines()
        .filter((l) => / 005 /.test(l))
        .join(' '),
    ).toContain(' PREFIX=(qov)~@+ ');
    expect(connectIrcx(h, 'carol').ask('ISIRCX')).toEqual([':irc.test 800 carol 1 0 ANON,PLAIN 512 *']);
  });
});
