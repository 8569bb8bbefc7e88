import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { eventually } from './eventually';
import { IrcTestClient } from './irc-client';
import { ClientPool, re, serverPrefix, sync } from './irc-session';

/** A loopback server that hands each accepted socket to the test and records what it reads. */
async function listen(): Promise<{ server: Server; port: number; accepted: Promise<Socket>; read: () => string }> {
  let read = '';
  let accept!: (socket: Socket) => void;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (read += chunk));
    socket.on('error', () => undefined);
    accept(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return { server, port: (server.address() as AddressInfo).port, accepted, read: () => read };
}

describe('IrcTestClient', () => {
  let fake: Awaited<ReturnType<typeof listen>>;
  let client: IrcTestClient;
  let peer: Socket;

  beforeEach(async () => {
    fake = await listen();
    client = await IrcTestClient.connect({ host: '127.0.0.1', port: fake.port });
    peer = await fake.accepted;
  });
  afterEach(async () => {
    client.close();
    peer.destroy();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('splits what arrives into lines, across chunks, and keeps the bytes as received', async () => {
    peer.write(':srv NOTICE * :one\r\n:srv NOT');
    peer.write('ICE * :two\r\n');
    expect(await client.waitFor(/two$/)).toBe(':srv NOTICE * :two');
    expect(client.lines).toEqual([':srv NOTICE * :one', ':srv NOTICE * :two']);
    expect(client.received).toBe(':srv NOTICE * :one\r\n:srv NOTICE * :two\r\n');
  });

  it('waits for the next matching line after the last one it returned', async () => {
    peer.write('A 1\r\nB 1\r\nA 2\r\n');
    expect(await client.waitFor(/^A/)).toBe('A 1');
    expect(await client.waitFor(/^A/)).toBe('A 2');
    const third = client.waitFor(/^A/);
    peer.write('A 3\r\n');
    expect(await third).toBe('A 3');
  });

  it('rejects a wait on timeout, quoting what arrived', async () => {
    peer.write('hello\r\n');
    await expect(client.waitFor(/^never/, 50)).rejects.toThrow(
      /timed out after 50 ms waiting for a line matching \/\^never\/; received:\n {2}hello/,
    );
  });

  it('rejects a wait at once when the server closes first, and waitClosed resolves', async () => {
    const waiting = client.waitFor(/^never/, 5000);
    peer.end('ERROR :bye\r\n');
    await expect(waiting).rejects.toThrow(/connection closed while waiting for a line matching/);
    await client.waitClosed();
    expect(client.closed).toBe(true);
    expect(client.lines).toEqual(['ERROR :bye']);
  });

  it('sends lines with CR-LF, raw bytes as given, and registers with NICK and USER', async () => {
    client.send('PING :x');
    client.write(Buffer.from([0x41, 0x0a]));
    const registering = client.register('alice');
    peer.write(':srv 001 alice :Welcome\r\n');
    expect(await registering).toBe(':srv 001 alice :Welcome');
    await eventually('USER at the server', () => fake.read().includes('test client\r\n'));
    expect(fake.read()).toBe('PING :x\r\nA\nNICK alice\r\nUSER alice 0 * :alice test client\r\n');
  });

  it('answers PINGs once asked to, those already received included', async () => {
    peer.write('PING :early\r\n');
    await client.waitFor(/early/);
    client.answerPings();
    peer.write('PING :late\r\n');
    await client.waitFor(/late/);
    await eventually('the second PONG at the server', () => fake.read().includes('PONG :late'));
    expect(fake.read()).toBe('PONG :early\r\nPONG :late\r\n');
  });

  it('sync() returns the lines that came before the PONG of its PING', async () => {
    const synced = sync(client);
    const [, token] = await eventually('the PING at the server', () => /PING (sync\d+)/.exec(fake.read()));
    peer.write(`:srv NOTICE * :queued\r\n:srv PONG srv :${token}\r\n`);
    expect(await synced).toEqual([':srv NOTICE * :queued']);
  });

  it('connects from a chosen local address', async () => {
    const other = await listen();
    const from2 = await IrcTestClient.connect({ host: '127.0.0.1', port: other.port }, { localAddress: '127.0.0.2' });
    const socket = await other.accepted;
    expect(socket.remoteAddress).toBe('127.0.0.2');
    from2.close();
    socket.destroy();
    await new Promise((resolve) => other.server.close(resolve));
  });

  it('rejects a connection nobody accepts', async () => {
    const closed = await listen();
    await new Promise((resolve) => closed.server.close(resolve));
    await expect(IrcTestClient.connect({ host: '127.0.0.1', port: closed.port })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('ClientPool', () => {
  it('hands out unique nicks and closes every client it opened', async () => {
    const fake = await listen();
    const pool = new ClientPool(() => ({ irc: { host: '127.0.0.1', port: fake.port } }));
    expect([pool.nick('a'), pool.nick('a'), pool.nick('b')]).toEqual(['a1', 'a2', 'b3']);
    const registering = pool.registered('a4');
    const peer = await fake.accepted;
    peer.write(':srv 001 a4 :hi\r\n:srv 422 a4 :MOTD File is missing\r\n');
    const client = await registering;
    pool.closeAll();
    await client.waitClosed();
    peer.destroy();
    await new Promise((resolve) => fake.server.close(resolve));
  });
});

describe('re and serverPrefix', () => {
  it('escape regex syntax', () => {
    expect(new RegExp(`^${re('a.b*(c)')}$`).test('a.b*(c)')).toBe(true);
    expect(new RegExp(`^${re('a.b*(c)')}$`).test('axbb(c)')).toBe(false);
    expect(serverPrefix({ name: 'irc.e2e.test' })).toBe(':irc\\.e2e\\.test ');
  });
});
