// A planned gateway restart (issue 11, item 2) on a real three-host network: the host supervisor
// restarts Leaf's gateway as `npm run ctl -- restart Leaf gateway` does (SIGTERM, wait, start).
// Leaf's IRCX session gets REDIRECT to the other two servers, its plain session an ERROR naming
// them, which it can follow; the clients of Hub and Other only see the two QUIT.
import { defined, IrcTestClient, re } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const REDIRECT = /^:Leaf REDIRECT (\S+) :Server shutting down$/;
const ERROR = /^ERROR :Closing Link: 127\.0\.0\.1 \(Server shutting down; reconnect to (\S+) or (\S+)\)$/;

describe('a planned gateway restart drains its clients to the other servers', () => {
  const suite = networkSuite([
    ['Leaf', 'Hub'],
    ['Other', 'Hub'],
  ]);
  const { pool, nick, channel } = suite;
  const address = (host: string) => {
    const { irc } = suite.net.host(host);
    return `${irc.host}:${irc.port}`;
  };
  const gatewayPid = () =>
    defined(
      suite.net
        .host('Leaf')
        .running()
        .services.find((s) => s.name === 'gateway'),
      "Leaf's gateway",
    ).pid;

  it('sends REDIRECT to IRCX sessions and a reconnect ERROR to plain ones; other hosts carry on', async () => {
    const room = channel('drain');
    const [ircxNick, plainNick, otherNick] = [nick('ix'), nick('plain'), nick('other')];
    const ircx = await pool('Leaf').connect();
    ircx.send('IRCX');
    await ircx.waitFor(/ 800 \* 1 0 /);
    await ircx.register(ircxNick);
    const plain = await pool('Leaf').registered(plainNick);
    const hub = await pool('Hub').registered(nick('hub'));
    const other = await pool('Other').registered(otherNick);
    for (const client of [ircx, plain, hub, other]) {
      client.send(`JOIN ${room}`);
      await client.waitFor(new RegExp(` 366 \\S+ ${re(room)} `));
    }
    await hub.waitFor(new RegExp(`^:${re(otherNick)}!\\S+ JOIN ${re(room)}$`));
    const gatewayBefore = gatewayPid();

    const requestedAt = Date.now();
    const restarted = suite.net.host('Leaf').running().restartService('gateway');
    await ircx.waitClosed();
    await plain.waitClosed();
    const closedInMs = Date.now() - requestedAt;
    await restarted;
    process.stdout.write(
      `gateway drain e2e: Leaf's clients closed ${closedInMs} ms after the restart request; new gateway ready after ${Date.now() - requestedAt} ms\n`,
    );
    expect(gatewayPid()).not.toBe(gatewayBefore);

    // Each list holds both other servers (in an order that depends on the connection).
    const others = [address('Hub'), address('Other')].sort();
    const [redirect, ircxError] = ircx.lines.slice(-2);
    const redirected = defined(REDIRECT.exec(redirect ?? ''), `a REDIRECT, got ${redirect}`)[1];
    expect(redirected?.split(',').sort()).toEqual(others);
    expect(ircxError).toMatch(ERROR);
    const plainError = defined(plain.lines.at(-1), "the plain client's last line");
    const directions = defined(ERROR.exec(plainError), `the reconnect ERROR, got ${plainError}`).slice(1);
    expect([...directions].sort()).toEqual(others);
    expect(plain.lines.filter((l) => / REDIRECT /.test(l))).toEqual([]);

    // The network hears a plain QUIT; the clients of Hub and Other stay connected and keep talking.
    await hub.waitFor(new RegExp(`^:${re(ircxNick)}!\\S+ QUIT :Server shutting down$`));
    await other.waitFor(new RegExp(`^:${re(plainNick)}!\\S+ QUIT :Server shutting down$`));
    hub.send(`PRIVMSG ${room} :still here`);
    await other.waitFor(/PRIVMSG \S+ :still here$/);
    expect([hub, other].map((c) => [c.closed, c.lines.filter((l) => l.startsWith('ERROR'))])).toEqual([
      [false, []],
      [false, []],
    ]);

    // The plain user follows the directions: the first address given takes the same nick.
    const [host, port] = defined(directions[0], 'an address').split(':');
    const moved = await IrcTestClient.connect({ host: defined(host, 'a host'), port: Number(port) });
    try {
      await moved.register(plainNick);
    } finally {
      moved.close();
    }
    // And Leaf takes clients again with its new gateway.
    await pool('Leaf').registered(nick('again'));
  }, 60_000);
});
