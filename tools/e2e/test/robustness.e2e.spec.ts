// What a server must survive: a client that stops reading, binary garbage, unknown commands and
// clients that leave abruptly. Each time another client must go on being served.
import { createConnection, type Socket } from 'node:net';
import { ClientPool, eventually, re, serverPrefix, sync, defined } from '@portalchat/testkit';
import { startTestHost, type TestHost } from './support/test-host';

describe('robustness (real host over TCP)', () => {
  let host: TestHost;
  const pool = new ClientPool(() => host);
  const sockets: Socket[] = [];
  let S: string;
  const mask = (nick: string) => `${nick}!~${nick}@127.0.0.1`;

  beforeAll(async () => {
    host = await startTestHost({
      // A quarter of the default: well above one flood batch (100 lines, ~48 KB, may reach a
      // connection within one event-loop turn), so only a client that stops reading overflows it.
      limits: { sendQBytes: 262_144 },
      // Flood control would cap the channel flood below what it takes to fill the kernel's
      // socket buffers (~4 MB on loopback) before the sendQ can fill; this host lets it through.
      flood: { burst: 1000, linesPerSecond: 6000, maxQueuedLines: 5000 },
    });
    S = serverPrefix(host);
  });
  afterEach(() => {
    pool.closeAll();
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(async () => {
    await host?.stop();
  });

  /** A raw socket that registers and joins `chan`, then never reads another byte. */
  async function nonReader(nick: string, chan: string): Promise<Socket> {
    const socket = createConnection({ host: host.irc.host, port: host.irc.port });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('error', () => undefined);
    // No 'data' listener: Node reads one highWaterMark (16 KiB) and then leaves bytes in the kernel.
    socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :never reads\r\nJOIN ${chan}\r\n`);
    return socket;
  }

  it('drops a client that never reads with "SendQ exceeded", and the flooding channel goes on', async () => {
    const chan = '#firehose';
    const [slowNick, talkerNick, readerNick, bystanderNick] = [
      pool.nick('slow'),
      pool.nick('talker'),
      pool.nick('reader'),
      pool.nick('bystander'),
    ];
    const talker = await pool.registered(talkerNick);
    const reader = await pool.registered(readerNick);
    const bystander = await pool.registered(bystanderNick);
    for (const member of [talker, reader]) {
      member.send(`JOIN ${chan}`);
      await member.waitFor(/ 366 /);
    }
    const slow = await nonReader(slowNick, chan);
    await talker.waitFor(new RegExp(`^:${re(mask(slowNick))} JOIN ${chan}$`));

    const text = 'x'.repeat(420);
    const slowQuit = new RegExp(`^:${re(mask(slowNick))} QUIT `);
    let sent = 0;
    // Bounded: 40,000 lines of ~480 bytes is ~19 MB, several times the loopback buffers.
    while (sent < 40_000 && !talker.lines.some((l) => slowQuit.test(l))) {
      talker.send(Array.from({ length: 100 }, (_, i) => `PRIVMSG ${chan} :${sent + i} ${text}`).join('\r\n'));
      sent += 100;
      // Pacing, not a barrier: a batch every 20 ms, so the check above sees the QUIT soon after it comes.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await talker.waitFor(slowQuit, 10_000)).toBe(`:${mask(slowNick)} QUIT :SendQ exceeded`);
    // The member that reads got every line, in order, and the same QUIT.
    expect(await reader.waitFor(slowQuit, 20_000)).toBe(`:${mask(slowNick)} QUIT :SendQ exceeded`);
    const last = `PRIVMSG ${chan} :${sent - 1} `;
    await eventually(`the reader got line ${sent - 1}`, () => reader.lines.some((l) => l.includes(last)), {
      timeoutMs: 20_000,
    });
    const numbers = reader.lines
      .filter((l) => / PRIVMSG /.test(l))
      .map((l) => Number(defined(/ :(\d+) /.exec(l)?.[1], `a line number in ${l}`)));
    expect(numbers).toEqual(Array.from({ length: sent }, (_, i) => i));
    // The server closed the slow socket: reading it now reaches its end.
    slow.resume();
    await new Promise<void>((resolve) => (slow.destroyed ? resolve() : slow.once('close', () => resolve())));
    // Everyone else is still served promptly.
    expect(await sync(talker, 10_000)).toEqual(expect.not.arrayContaining([expect.stringMatching(/^ERROR/)]));
    bystander.send(`WHOIS ${talkerNick}`);
    expect(await bystander.waitFor(/ 318 /)).toBe(
      `:${host.name} 318 ${bystanderNick} ${talkerNick} :End of /WHOIS list`,
    );
  }, 60_000);

  it('survives binary garbage (NUL, 0xFF, lone CR, invalid UTF-8) and keeps serving', async () => {
    const [dirtyNick, cleanNick] = [pool.nick('dirty'), pool.nick('clean')];
    const dirty = await pool.connect();
    await dirty.register(dirtyNick);
    const clean = await pool.registered(cleanNick);
    const garbage = Buffer.from([
      0x00, 0xff, 0xfe, 0x0d, 0x41, 0x00, 0xc3, 0x28, 0x0d, 0x80, 0x81, 0x20, 0x3a, 0x0a, 0xe2, 0x82, 0x0d, 0x0a,
    ]);
    const seeded = Buffer.alloc(512);
    for (let i = 0; i < seeded.length; i++) seeded[i] = (i * 7919 + 13) % 256;
    dirty.write(Buffer.concat([garbage, seeded, Buffer.from('\r\n')]));
    // The connection still works, whatever the garbage turned into (421s or nothing).
    const after = await sync(dirty);
    expect(after.every((l) => /^:\S+ (400|421|417|461|451|412|411|401|403|432|FAIL) /.test(l))).toBe(true);
    dirty.send(`PRIVMSG ${cleanNick} :still alive`);
    expect(await clean.waitFor(/ PRIVMSG /)).toBe(`:${mask(dirtyNick)} PRIVMSG ${cleanNick} :still alive`);
  });

  it('#12: refuses a line with NUL (400) instead of running PRIV\\0MSG as PRIVMSG, and a line of invalid UTF-8 (FAIL INVALID_UTF8)', async () => {
    const [senderNick, targetNick] = [pool.nick('smuggler'), pool.nick('target')];
    const sender = await pool.registered(senderNick);
    const target = await pool.registered(targetNick);
    sender.write(`PRIV\0MSG ${targetNick} :smuggled\r\n`);
    expect(await sender.waitFor(/ 400 /)).toBe(
      `:${host.name} 400 ${senderNick} * :Line refused: it contains a NUL character`,
    );
    sender.write(Buffer.concat([Buffer.from('JOIN #caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]));
    expect(await sender.waitFor(/ FAIL /)).toBe(
      `:${host.name} FAIL JOIN INVALID_UTF8 :Message rejected for containing invalid UTF-8`,
    );
    // Nothing reached the target, and the sender is still served.
    expect(await sync(target)).toEqual([]);
    sender.send(`PRIVMSG ${targetNick} :in the open`);
    expect(await target.waitFor(/ PRIVMSG /)).toBe(`:${mask(senderNick)} PRIVMSG ${targetNick} :in the open`);
  });

  it('answers unknown commands with 421 and keeps serving', async () => {
    const nick = pool.nick('unk');
    const client = await pool.registered(nick);
    client.send('XYZZY plugh :plover');
    expect(await client.waitFor(/ 421 /)).toBe(`:${host.name} 421 ${nick} XYZZY :Unknown command`);
    client.send('xyzzy');
    expect(await client.waitFor(/ 421 /)).toMatch(new RegExp(`^${S}421 ${nick} (xyzzy|XYZZY) :Unknown command$`));
    client.send('MOTD');
    expect(await client.waitFor(/ 376 /)).toBe(`:${host.name} 376 ${nick} :End of /MOTD command.`);
  });

  it('shows a QUIT message to channel peers as "Quit: <msg>" and sends the quitter ERROR', async () => {
    const chan = '#leaving';
    const [quitterNick, peerNick] = [pool.nick('quitter'), pool.nick('peer')];
    const quitter = await pool.registered(quitterNick);
    const peer = await pool.registered(peerNick);
    for (const client of [quitter, peer]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    await quitter.waitFor(new RegExp(`^:${re(mask(peerNick))} JOIN`));
    quitter.send('QUIT :going home now');
    expect(await quitter.waitFor(/^ERROR /)).toMatch(/^ERROR :Closing Link: 127\.0\.0\.1 \(Quit: going home now\)$/);
    await quitter.waitClosed();
    expect(await peer.waitFor(/ QUIT /)).toBe(`:${mask(quitterNick)} QUIT :Quit: going home now`);
    // Exactly once.
    await sync(peer);
    expect(peer.lines.filter((l) => / QUIT /.test(l))).toHaveLength(1);
  });

  it('shows a client that drops its socket as QUIT to its channel peers', async () => {
    const chan = '#dropping';
    const [dropNick, peerNick] = [pool.nick('drop'), pool.nick('peer')];
    const drop = await pool.registered(dropNick);
    const peer = await pool.registered(peerNick);
    for (const client of [drop, peer]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
    }
    await drop.waitFor(new RegExp(`^:${re(mask(peerNick))} JOIN`));
    drop.close();
    expect(await peer.waitFor(/ QUIT /)).toMatch(new RegExp(`^:${re(mask(dropNick))} QUIT :\\S.*$`));
    peer.send(`NAMES ${chan}`);
    expect(await peer.waitFor(/ 353 /)).toMatch(new RegExp(`^${S}353 ${peerNick} = ${chan} :?@?${peerNick}$`));
  });
});
