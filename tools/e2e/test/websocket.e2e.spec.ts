// IRC over WebSocket (issue 13 item 5) on the reference star (Chatsrv1 and Chatsrv2 through the hub
// Chatsrv3): a browser-style client (`ws`, subprotocol text.ircv3.net) on Chatsrv2 talks to a TCP
// client on Chatsrv1; a binary.ircv3.net client too; flood control and the per-IP connection cap
// treat WebSocket clients as they treat TCP ones; IRCX channel LAG set on Chatsrv1 spaces the
// messages of a member on Chatsrv2. Real hosts, real portals.
import { defined, IrcTestClient, re, WsIrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

describe('IRC over WebSocket across the reference network', () => {
  const suite = networkSuite(
    [
      ['Chatsrv1', 'Chatsrv3'],
      ['Chatsrv2', 'Chatsrv3'],
    ],
    {
      websocket: true,
      flood: { burst: 20, linesPerSecond: 10, maxQueuedLines: 20 },
      limits: { maxConnectionsPerIp: 6 },
    },
  );
  const { pool, nick, channel } = suite;
  const opened: Array<WsIrcTestClient | IrcTestClient> = [];
  afterEach(() => opened.splice(0).forEach((c) => c.close()));

  function wsUrl(host: string): string {
    const l = defined(suite.net.host(host).config.listen.websocket[0], `${host}'s WebSocket listener`);
    return `ws://${l.host}:${l.port}/`;
  }

  async function wsClient(host: string, options: Parameters<typeof WsIrcTestClient.connect>[1] = {}) {
    const client = await WsIrcTestClient.connect(wsUrl(host), options);
    opened.push(client);
    return client;
  }

  async function wsRegistered(host: string, me: string, protocols?: string[]): Promise<WsIrcTestClient> {
    const client = await wsClient(host, protocols ? { protocols } : {});
    await client.register(me);
    await client.waitFor(/^:\S+ (376|422) /);
    return client;
  }

  it('a text.ircv3.net client on Chatsrv2 and a TCP client on Chatsrv1 share a channel and talk privately', async () => {
    const [webNick, tcpNick, chan] = [nick('web'), nick('tcp'), channel('ws')];
    const web = await wsRegistered('Chatsrv2', webNick);
    expect(web.protocol).toBe('text.ircv3.net');
    const tcp = await pool('Chatsrv1').registered(tcpNick);

    tcp.send(`JOIN ${chan}`);
    await tcp.waitFor(/ 366 /);
    web.send(`JOIN ${chan}`);
    await web.waitFor(/ 366 /);
    await tcp.waitFor(new RegExp(`^:${re(mask(webNick))} JOIN :?${re(chan)}$`));

    web.send(`PRIVMSG ${chan} :héllo from the browser ✓`);
    expect(await tcp.waitFor(/ PRIVMSG /)).toBe(`:${mask(webNick)} PRIVMSG ${chan} :héllo from the browser ✓`);
    tcp.send(`PRIVMSG ${chan} :and back over TCP`);
    expect(await web.waitFor(/ PRIVMSG /)).toBe(`:${mask(tcpNick)} PRIVMSG ${chan} :and back over TCP`);

    tcp.send(`PRIVMSG ${webNick} :psst`);
    expect(await web.waitFor(/ PRIVMSG /)).toBe(`:${mask(tcpNick)} PRIVMSG ${webNick} psst`);
    web.send(`NOTICE ${tcpNick} :noted`);
    expect(await tcp.waitFor(/ NOTICE /)).toBe(`:${mask(webNick)} NOTICE ${tcpNick} noted`);

    // One IRC line per text message, never a CR or LF inside one.
    expect(web.frames.length).toBeGreaterThan(10);
    expect(web.frames.every((f) => !f.binary && !/[\r\n]/.test(f.data))).toBe(true);

    web.send('QUIT :closing the tab');
    expect(await tcp.waitFor(/ QUIT /)).toBe(`:${mask(webNick)} QUIT :Quit: closing the tab`);
    await web.waitClosed();
  });

  it('a binary.ircv3.net client gets binary frames and talks to Chatsrv1', async () => {
    const [binNick, tcpNick] = [nick('bin'), nick('tcp')];
    const bin = await wsRegistered('Chatsrv2', binNick, ['binary.ircv3.net']);
    expect(bin.protocol).toBe('binary.ircv3.net');
    const tcp = await pool('Chatsrv1').registered(tcpNick);
    // Chatsrv2 must have heard of the target first, or the first line is a 401 (propagation delay).
    await suite.net.waitConverged();
    bin.sendBinary(Buffer.from(`PRIVMSG ${tcpNick} :bytes ü`, 'utf8'));
    expect(await tcp.waitFor(/ PRIVMSG /)).toBe(`:${mask(binNick)} PRIVMSG ${tcpNick} :bytes ü`);
    tcp.send(`PRIVMSG ${binNick} :reply`);
    expect(await bin.waitFor(/ PRIVMSG /)).toBe(`:${mask(tcpNick)} PRIVMSG ${binNick} reply`);
    expect(bin.frames.every((f) => f.binary)).toBe(true);
  });

  it('flood control cuts a flooding WebSocket client, and Chatsrv1 sees the Excess Flood quit', async () => {
    const [floodNick, tcpNick, chan] = [nick('flood'), nick('tcp'), channel('flood')];
    const flooder = await wsRegistered('Chatsrv2', floodNick);
    const tcp = await pool('Chatsrv1').registered(tcpNick);
    tcp.send(`JOIN ${chan}`);
    await tcp.waitFor(/ 366 /);
    flooder.send(`JOIN ${chan}`);
    await tcp.waitFor(new RegExp(`^:${re(mask(floodNick))} JOIN`));
    for (let i = 0; i < 80; i++) flooder.send(`PING :${i}`);
    await flooder.waitFor(/^ERROR :Closing Link: 127\.0\.0\.1 \(Excess Flood\)$/);
    await flooder.waitClosed();
    expect(await tcp.waitFor(/ QUIT /)).toBe(`:${mask(floodNick)} QUIT :Excess Flood`);
  });

  it('WebSocket and TCP clients of one IP share its connection cap', async () => {
    const from = '127.0.0.7';
    const irc = suite.net.host('Chatsrv2').irc;
    for (let i = 0; i < 3; i++) opened.push(await IrcTestClient.connect(irc, { localAddress: from }));
    for (let i = 0; i < 3; i++) await wsClient('Chatsrv2', { localAddress: from });
    const refusedWs = await wsClient('Chatsrv2', { localAddress: from });
    await refusedWs.waitFor(/^ERROR :Closing Link: 127\.0\.0\.7 \(Too many connections from your IP address\)$/);
    await refusedWs.waitClosed();
    const refusedTcp = await IrcTestClient.connect(irc, { localAddress: from });
    opened.push(refusedTcp);
    await refusedTcp.waitFor(/^ERROR :Closing Link: 127\.0\.0\.7 \(Too many connections from your IP address\)$/);
  });

  it('IRCX LAG set on Chatsrv1 spaces the messages of a plain member on Chatsrv2', async () => {
    const [hostNick, webNick, chan] = [nick('lagh'), nick('lagw'), channel('lag')];
    const host = await pool('Chatsrv1').registered(hostNick);
    host.send('IRCX');
    await host.waitFor(/ 800 /);
    host.send(`JOIN ${chan}`);
    await host.waitFor(/ 366 /);
    await suite.net.waitConverged();
    const web = await wsRegistered('Chatsrv2', webNick);
    // An IRCX session sees the PROP line, which comes after state told the gateway the LAG.
    web.send('IRCX');
    await web.waitFor(/ 800 /);
    web.send(`JOIN ${chan}`);
    await web.waitFor(/ 366 /);
    await host.waitFor(new RegExp(`^:${re(mask(webNick))} JOIN`));

    host.send(`PROP ${chan} LAG 2`);
    await web.waitFor(new RegExp(`PROP ${re(chan)} LAG :?2$`));
    web.send(`PRIVMSG ${chan} :one`);
    web.send(`PRIVMSG ${chan} :two`);
    await host.waitFor(/ PRIVMSG \S+ :?two$/);
    const at = (text: string) => host.lineTimes[host.lines.findIndex((l) => l.endsWith(` PRIVMSG ${chan} ${text}`))];
    const [one, two] = [defined(at('one'), 'one'), defined(at('two'), 'two')];
    // 2 s apart at the gateway; the network adds the same hops to both.
    expect(two - one).toBeGreaterThanOrEqual(1500);
  });
});
