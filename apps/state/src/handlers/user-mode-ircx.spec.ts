import { isGagged } from '../engine/levels';
import { Harness, operatorAccount } from '../testing/harness';

/** IRCX user modes: +a (sysop manager, only through OPER) and +z (gag, set by sysops, unseen). */

function setup() {
  const admin = { ...operatorAccount('boss', 'pw'), level: 'admin' as const };
  const h = new Harness({ operators: [admin, operatorAccount('sys', 'pw')] });
  const ops = h.connect('ops');
  const bob = h.connect('bob');
  return { h, ops, bob };
}

describe('OPER levels', () => {
  it('gives a sysop account +o', () => {
    const { ops } = setup();
    expect(ops.ask('OPER sys pw')).toEqual([':irc.test 381 ops :You are now an IRC operator', ':ops MODE ops +o']);
  });

  it('gives an admin account +o and +a', () => {
    const { ops } = setup();
    expect(ops.ask('OPER boss pw')).toEqual([':irc.test 381 ops :You are now an IRC operator', ':ops MODE ops +oa']);
    expect(ops.ask('MODE ops')).toEqual([':irc.test 221 ops +ao']);
  });

  it('never lets a client give itself +a, and -o takes a away too', () => {
    const { ops, bob } = setup();
    expect(bob.ask('MODE bob +a')).toEqual([]);
    ops.send('OPER boss pw');
    ops.lines();
    expect(ops.ask('MODE ops -o')).toEqual([':ops MODE ops -oa']);
    expect(ops.user.modes.size).toBe(0);
  });
});

describe('gag (user mode z)', () => {
  it('lets a sysop gag a user: the sysop sees MODE, the target nothing', () => {
    const { ops, bob } = setup();
    ops.send('OPER sys pw');
    ops.lines();
    expect(ops.ask('MODE bob +z')).toEqual([':ops!~ops@127.0.1.1 MODE bob +z']);
    expect(bob.lines()).toEqual([]);
    expect(isGagged(bob.user)).toBe(true);
    // The target's own view never shows it, and it cannot lift it.
    expect(bob.ask('MODE bob')).toEqual([':irc.test 221 bob +']);
    expect(bob.ask('MODE bob -z')).toEqual([]);
    expect(bob.ask('MODE bob +i')).toEqual([':bob MODE bob +i']);
    expect(bob.ask('MODE bob')).toEqual([':irc.test 221 bob +i']);
    expect(isGagged(bob.user)).toBe(true);
    expect(ops.ask('MODE bob -z')).toEqual([':ops!~ops@127.0.1.1 MODE bob -z']);
    expect(isGagged(bob.user)).toBe(false);
  });

  it('says nothing when the gag is already as asked', () => {
    const { ops } = setup();
    ops.send('OPER sys pw');
    ops.send('MODE bob +z');
    ops.lines();
    expect(ops.ask('MODE bob +z')).toEqual([]);
  });

  it('refuses non-sysops as for any other user (502)', () => {
    const { h, bob } = setup();
    h.connect('carol');
    expect(bob.ask('MODE carol +z')).toEqual([":irc.test 502 bob :Can't change mode for other users"]);
  });

  it('leaves other modes of other users to themselves, even for sysops', () => {
    const { ops } = setup();
    ops.send('OPER sys pw');
    ops.lines();
    expect(ops.ask('MODE bob +zi')).toEqual([":irc.test 502 ops :Can't change mode for other users"]);
  });
});
