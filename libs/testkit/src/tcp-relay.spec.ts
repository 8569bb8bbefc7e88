import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { IrcTestClient } from './irc-client';
import { TcpRelay } from './tcp-relay';

describe('TcpRelay', () => {
  let echo: Server;
  let relay: TcpRelay;
  const target = { host: '127.0.0.1', port: 0 };
  const accepted: Socket[] = [];

  beforeEach(async () => {
    // Echoes every line back, CR-LF included.
    echo = createServer((socket) => {
      accepted.push(socket);
      socket.on('error', () => undefined);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen({ host: '127.0.0.1', port: 0 }, resolve));
    target.port = (echo.address() as AddressInfo).port;
    relay = await TcpRelay.start(target);
  });
  afterEach(async () => {
    await relay.close();
    for (const socket of accepted.splice(0)) socket.destroy();
    await new Promise((resolve) => echo.close(resolve));
  });

  const viaRelay = () => IrcTestClient.connect({ host: '127.0.0.1', port: relay.port });

  it('relays both ways', async () => {
    const client = await viaRelay();
    client.send('hello');
    expect(await client.waitFor(/hello/)).toBe('hello');
    client.close();
  });

  it('cut() closes relayed connections and refuses new ones until restore()', async () => {
    const client = await viaRelay();
    relay.cut();
    await client.waitClosed();
    const refused = await viaRelay();
    await refused.waitClosed();
    relay.restore();
    const again = await viaRelay();
    again.send('back');
    expect(await again.waitFor(/back/)).toBe('back');
    again.close();
  });

  it('freeze() lets nothing through and closes nothing', async () => {
    const client = await viaRelay();
    client.send('before');
    await client.waitFor(/before/);
    relay.freeze();
    client.send('after');
    await expect(client.waitFor(/after/, 200)).rejects.toThrow(/timed out/);
    expect(client.closed).toBe(false);
    client.close();
  });
});
