import fc from 'fast-check';
import { Harness, operatorAccount, type TestClient } from '../testing/harness';
import { COMMANDS } from './registry';
import { defined } from '@portalchat/testkit';

/**
 * Whatever a client sends, the state answers or stays silent but never throws, and the client is
 * still served afterwards. Random parameters for every command, from the characters that mean
 * something to IRC and IRCX (channel prefixes, masks, `$`, `*`, `,`, signs, `'`/`^` nicks), sent by
 * a plain user, an IRCX user and an IRCX sysop manager that share channels on one long-lived state.
 */

const VERBS = Object.keys(COMMANDS).filter((verb) => verb !== 'QUIT');
const word = fc.stringMatching(/^[#%&$*!@.,:+\-'^?\\a-dA-D0-9]{1,10}$/);
const trailing = fc.stringMatching(/^[ #%$*a-z0-9:,\\]{0,20}$/);

describe('any command with any parameters', () => {
  it('never throws, and every client is still answered afterwards', () => {
    const h = new Harness({ operators: [{ ...operatorAccount('boss', 'pw'), level: 'admin' }] });
    const plain = h.connect('plain');
    const ircx = h.connect('ircx', { ircx: true });
    const manager = h.connect('manager', { ircx: true });
    manager.send('OPER boss pw');
    for (const client of [plain, ircx, manager]) {
      client.send('JOIN #a,#b');
      client.send('JOIN %#uni');
    }
    manager.send('CREATE #room dlx 2');
    const clients: TestClient[] = [plain, ircx, manager];

    fc.assert(
      fc.property(
        fc.constantFrom(...VERBS),
        fc.array(word, { maxLength: 6 }),
        fc.option(trailing, { nil: undefined }),
        fc.nat(2),
        (verb, params, last, who) => {
          const client = defined(clients[who], `client ${who}`);
          const line = [verb, ...params, ...(last !== undefined ? [`:${last}`] : [])].join(' ');
          client.send(line);
          h.now += 1000;
          client.lines();
        },
      ),
      { numRuns: 3000, seed: 4 },
    );

    for (const client of clients) {
      if (client.closed) continue;
      expect(client.ask('PING :still-here').some((l) => l.endsWith('still-here'))).toBe(true);
    }
  });
});
