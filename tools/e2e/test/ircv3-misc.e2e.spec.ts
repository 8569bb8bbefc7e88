// Issue 13, misc: draft/channel-rename and draft/metadata-2 across the reference star (Chatsrv1 and
// Chatsrv2 two hops apart through Chatsrv3), and the server password (PASS) on the host whose
// file sets one. Real hosts, real portals, raw clients.
import { hashPassword } from '@portalchat/config';
import type { IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;
const SERVER_PASSWORD = 'e2e-server-password';
const SYSOP_PASSWORD = 'e2e-sysop-password';

describe('IRCv3 misc across the reference network', () => {
  const passwordHash = hashPassword(SERVER_PASSWORD);
  const sysopHash = hashPassword(SYSOP_PASSWORD);
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    {
      serverExtras: (host) => (host === 'Chatsrv3' ? { passwordHash } : {}),
      hostExtras: () => ({ operators: [{ name: 'watcher', passwordHash: sysopHash }] }),
      linked: false,
    },
  );
  const { pool, nick, channel } = suite;
  // Linked once both leaves list the whole network (LINKS on Chatsrv3 would need its password).
  const everyone = ['Chatsrv1', 'Chatsrv2', 'Chatsrv3'];
  beforeAll(() => suite.net.waitLinked(15_000, { Chatsrv1: everyone, Chatsrv2: everyone }), 20_000);

  /** A registered client that negotiated `caps` first. */
  async function withCaps(host: string, name: string, caps: string[]): Promise<IrcTestClient> {
    const client = await pool(host).connect();
    client.send(`CAP REQ :${caps.join(' ')}`);
    await client.waitFor(/ CAP \S+ ACK /);
    client.send('CAP END');
    await client.register(name);
    await client.waitFor(/^:\S+ (376|422) /);
    return client;
  }

  it('RENAME on Chatsrv1 reaches Chatsrv2: RENAME for capable clients, PART and JOIN for the others', async () => {
    const [aliceNick, bobNick, carolNick] = [nick('alice'), nick('bob'), nick('carol')];
    const [before, after] = [channel('old'), channel('new')];
    const alice = await withCaps('Chatsrv1', aliceNick, ['draft/channel-rename']);
    const bob = await withCaps('Chatsrv2', bobNick, ['draft/channel-rename']);
    const carol = await pool('Chatsrv2').registered(carolNick);
    alice.send(`JOIN ${before}`);
    await alice.waitFor(/ 366 /);
    for (const client of [bob, carol]) {
      client.send(`JOIN ${before}`);
      await client.waitFor(/ 366 /);
    }
    await alice.waitFor(new RegExp(`:${carolNick}!\\S+ JOIN`));
    alice.send(`RENAME ${before} ${after} :tidying up`);
    const rename = `:${mask(aliceNick)} RENAME ${before} ${after} :tidying up`;
    expect(await alice.waitFor(/ RENAME /)).toBe(rename);
    expect(await bob.waitFor(/ RENAME /)).toBe(rename);
    expect(await carol.waitFor(/ PART /)).toBe(`:${mask(carolNick)} PART ${before} :Channel renamed: tidying up`);
    expect(await carol.waitFor(/ JOIN /)).toBe(`:${mask(carolNick)} JOIN ${after}`);
    expect(await carol.waitFor(/ 353 /)).toMatch(new RegExp(` 353 ${carolNick} = ${after} :`));
    // The channel goes on under its new name across the network.
    carol.send(`PRIVMSG ${after} :still here`);
    expect(await alice.waitFor(/ PRIVMSG /)).toBe(`:${mask(carolNick)} PRIVMSG ${after} :still here`);
  });

  it('metadata set on Chatsrv1 is read on Chatsrv2 and reaches subscribed channel peers there', async () => {
    const [aliceNick, bobNick] = [nick('alice'), nick('bob')];
    const room = channel('meta');
    const alice = await withCaps('Chatsrv1', aliceNick, ['draft/metadata-2']);
    // `batch` for the metadata batch of GET (a client without it gets the lines alone).
    const bob = await withCaps('Chatsrv2', bobNick, ['draft/metadata-2', 'batch']);
    bob.send('METADATA * SUB display-name avatar');
    await bob.waitFor(/ 770 /);
    alice.send(`JOIN ${room}`);
    await alice.waitFor(/ 366 /);
    bob.send(`JOIN ${room}`);
    await bob.waitFor(/ 366 /);
    await alice.waitFor(new RegExp(`:${bobNick}!\\S+ JOIN`));
    alice.send('METADATA * SET display-name :Alice Example');
    expect(await alice.waitFor(/ 761 /)).toBe(`:Chatsrv1 761 ${aliceNick} ${aliceNick} display-name * :Alice Example`);
    expect(await bob.waitFor(/ METADATA /)).toBe(`:Chatsrv2 METADATA ${aliceNick} display-name * :Alice Example`);
    bob.send(`METADATA ${aliceNick} GET display-name`);
    expect(await bob.waitFor(/ 761 /)).toMatch(
      new RegExp(`^@batch=\\S+ :Chatsrv2 761 ${bobNick} ${aliceNick} display-name \\* :Alice Example$`),
    );
    alice.send(`METADATA ${room} SET url :https://example.test`);
    await alice.waitFor(/ 761 /);
    // Arrived on Chatsrv2 once a message sent after it along the same links has.
    alice.send(`PRIVMSG ${bobNick} :set`);
    await bob.waitFor(/ PRIVMSG /);
    bob.send(`METADATA ${room} LIST`);
    expect(await bob.waitFor(/ 761 /)).toMatch(
      new RegExp(`:Chatsrv2 761 ${bobNick} ${room} url \\* https://example\\.test$`),
    );
  });

  it('an IRCX sysop on Chatsrv2 gets EVENT CHANNEL lines for a channel made and changed on Chatsrv1', async () => {
    const [watcherNick, aliceNick] = [nick('watcher'), nick('alice')];
    const room = channel('watched');
    const watcher = await pool('Chatsrv2').registered(watcherNick);
    watcher.send('IRCX');
    await watcher.waitFor(/ 800 /);
    watcher.send(`OPER watcher ${SYSOP_PASSWORD}`);
    await watcher.waitFor(/ 381 /);
    watcher.send(`EVENT ADD CHANNEL ${room}`);
    await watcher.waitFor(/ 806 /);
    const alice = await pool('Chatsrv1').registered(aliceNick);
    alice.send(`JOIN ${room}`);
    await alice.waitFor(/ 366 /);
    alice.send(`TOPIC ${room} :seen from afar`);
    // The timestamp aside, the lines are exactly these (remote members' masks carry their server).
    const untimed = (line: string) => line.replace(/ EVENT \d+ /, ' EVENT <ts> ');
    expect(untimed(await watcher.waitFor(/ EVENT .* CREATE /))).toBe(
      `:Chatsrv2 EVENT <ts> CHANNEL CREATE ${room} +nt ${mask(aliceNick)}$Chatsrv1`,
    );
    expect(untimed(await watcher.waitFor(/ EVENT .* TOPIC /))).toBe(
      `:Chatsrv2 EVENT <ts> CHANNEL TOPIC ${room} ${mask(aliceNick)}$Chatsrv1 :seen from afar`,
    );
  });

  it('Chatsrv3 asks for its server password: a wrong or missing PASS gets 464 and ERROR, the right one registers', async () => {
    const wrong = await pool('Chatsrv3').connect();
    wrong.send('PASS not-the-password');
    wrong.send(`NICK ${nick('wrong')}`);
    wrong.send('USER wrong 0 * :wrong');
    expect(await wrong.waitFor(/ 464 /)).toMatch(/^:Chatsrv3 464 \* :Password incorrect$/);
    await wrong.waitFor(/^ERROR /);
    await wrong.waitClosed();
    const missing = await pool('Chatsrv3').connect();
    const missingNick = nick('missing');
    missing.send(`NICK ${missingNick}`);
    missing.send('USER missing 0 * :missing');
    expect(await missing.waitFor(/ 464 /)).toBe(`:Chatsrv3 464 ${missingNick} :Password incorrect`);
    await missing.waitClosed();
    const right = await pool('Chatsrv3').connect();
    right.send(`PASS ${SERVER_PASSWORD}`);
    expect(await right.register(nick('right'))).toMatch(/^:Chatsrv3 001 /);
    // The other hosts set none.
    expect(await (await pool('Chatsrv1').connect()).register(nick('free'))).toMatch(/^:Chatsrv1 001 /);
  });
});
