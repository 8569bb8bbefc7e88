import { DEFAULTS } from '@portalchat/config';
import { Harness } from '../testing/harness';

const TS = '2019-01-04T14:33:26.123Z';

function harness(): Harness {
  return new Harness({ auth: { ...DEFAULTS.auth, registration: true } });
}

describe('MARKREAD (draft/read-marker)', () => {
  it('is offered', () => {
    expect(harness().connectUnregistered().ask('CAP LS 302')[0]).toMatch(/ draft\/read-marker( |$)/);
  });

  it('answers * for a target without a marker, then the marker set', () => {
    const alice = harness().connect('alice', { caps: ['draft/read-marker'] });
    expect(alice.ask('MARKREAD #nosuchtarget')).toEqual([':irc.test MARKREAD #nosuchtarget *']);
    expect(alice.ask(`MARKREAD #test timestamp=${TS}`)).toEqual([`:irc.test MARKREAD #test timestamp=${TS}`]);
    expect(alice.ask('MARKREAD #TEST')).toEqual([`:irc.test MARKREAD #TEST timestamp=${TS}`]);
  });

  it('never moves a marker back: an older time is answered with the newer one', () => {
    const alice = harness().connect('alice', { caps: ['draft/read-marker'] });
    alice.ask('MARKREAD bob timestamp=2019-06-01T12:00:00.000Z');
    expect(alice.ask('MARKREAD bob timestamp=2019-01-01T00:00:00.000Z')).toEqual([
      ':irc.test MARKREAD bob timestamp=2019-06-01T12:00:00.000Z',
    ]);
  });

  it('sends the marker after JOIN, before the end of NAMES', () => {
    const alice = harness().connect('alice', { caps: ['draft/read-marker'] });
    const first = alice.ask('JOIN #test');
    const marker = first.indexOf(':irc.test MARKREAD #test *');
    expect(marker).toBeGreaterThan(0);
    expect(marker).toBeLessThan(first.findIndex((l) => / 366 /.test(l)));
    alice.ask(`MARKREAD #test timestamp=${TS}`);
    alice.ask('PART #test');
    expect(alice.ask('JOIN #test')).toContain(`:irc.test MARKREAD #test timestamp=${TS}`);
    // Not without the capability.
    const bob = harness().connect('bob');
    expect(bob.ask('JOIN #test').some((l) => l.includes('MARKREAD'))).toBe(false);
  });

  it('refuses a missing target, a malformed timestamp and * (FAIL)', () => {
    const alice = harness().connect('alice', { caps: ['draft/read-marker'] });
    expect(alice.ask('MARKREAD')).toEqual([':irc.test FAIL MARKREAD NEED_MORE_PARAMS * :Missing parameters']);
    expect(alice.ask('MARKREAD #test timestamp=not-a-timestamp')).toEqual([
      ':irc.test FAIL MARKREAD INVALID_PARAMS #test :Invalid timestamp',
    ]);
    expect(alice.ask('MARKREAD #test *')).toEqual([':irc.test FAIL MARKREAD INVALID_PARAMS #test :Invalid timestamp']);
  });

  it("an account's markers are shared by its sessions, and told to the others", () => {
    const h = harness();
    const one = h.connect('ann', { caps: ['draft/read-marker'] });
    one.ask('REGISTER * * pw');
    const two = h.connectUnregistered();
    two.send('CAP LS 302');
    two.send('CAP REQ :sasl draft/read-marker');
    two.send('NICK ann2');
    two.send('USER ann2 0 * :x');
    two.send('AUTHENTICATE PLAIN');
    two.send(`AUTHENTICATE ${Buffer.from('\0ann\0pw').toString('base64')}`);
    two.send('CAP END');
    two.lines();
    expect(one.ask(`MARKREAD #test timestamp=${TS}`)).toEqual([`:irc.test MARKREAD #test timestamp=${TS}`]);
    expect(two.lines()).toEqual([`:irc.test MARKREAD #test timestamp=${TS}`]);
    expect(two.ask('MARKREAD #test')).toEqual([`:irc.test MARKREAD #test timestamp=${TS}`]);
  });
});
