import { Harness } from '../testing/harness';
import { outputLineProblem } from '../testing/invariants';

/** Lines built from a client's full-length input stay within 512 bytes (found by the engine fuzz). */
describe('output lines stay within the line limit', () => {
  it('421 echoing a command of 490 bytes', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const replies = alice.ask('A'.repeat(490));
    expect(replies.some((l) => l.startsWith(':irc.test 421 alice AAAA'))).toBe(true);
    expect(replies.map(outputLineProblem).filter(Boolean)).toEqual([]);
  });

  it('a PRIVMSG of the longest text a client may send, relayed with the sender prefix', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('JOIN #a');
    bob.send('JOIN #a');
    bob.lines();
    alice.send(`PRIVMSG #a :${'é'.repeat(249)}`);
    const got = bob.lines().filter((l) => l.includes('PRIVMSG'));
    expect(got).toHaveLength(1);
    expect(got.map(outputLineProblem).filter(Boolean)).toEqual([]);
  });
});
