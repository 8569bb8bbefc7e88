import { createServer, type Server } from 'node:net';
import { freePort, isPortOpen, waitForPort } from './ports';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  it('returns a port that can be bound right away, below the range outgoing connections take theirs from', async () => {
    const port = await freePort('127.0.0.1');
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_768);
    const server = await listen(port);
    await close(server);
  });
});

describe('isPortOpen', () => {
  it('is true while something listens and false after it closed', async () => {
    const port = await freePort('127.0.0.1');
    const server = await listen(port);
    expect(await isPortOpen('127.0.0.1', port)).toBe(true);
    await close(server);
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
  });
});

describe('waitForPort', () => {
  it('resolves once a listener appears', async () => {
    const port = await freePort('127.0.0.1');
    const listening = new Promise<Server>((resolve) => setTimeout(() => resolve(listen(port)), 100));
    await waitForPort('127.0.0.1', port, 2000);
    await close(await listening);
  });

  it('rejects when nothing listens before the deadline', async () => {
    const port = await freePort('127.0.0.1');
    await expect(waitForPort('127.0.0.1', port, 100)).rejects.toThrow(`nothing listens on 127.0.0.1:${port}`);
  });

  it('stops at once with the error abort() returns', async () => {
    const port = await freePort('127.0.0.1');
    await expect(waitForPort('127.0.0.1', port, 5000, () => new Error('it died'))).rejects.toThrow('it died');
  });
});
