// A throwaway nats-server for integration specs (libs/hosting will offer a shared one later).
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

const NATS_SERVER = '/usr/sbin/nats-server';
const HOST = '127.0.0.1';

export interface TestNatsServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nats-server on `port` (default: a free one; pass the old port to restart it in place). */
export async function startNatsServer(port?: number): Promise<TestNatsServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn(NATS_SERVER, ['-a', HOST, '-p', String(port)], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  // Up to 5 s for the port to open.
  for (let attempt = 0; attempt < 100; attempt++) {
    if (exited) throw new Error(`${NATS_SERVER} exited before listening on ${port}`);
    if (await canConnect(port)) {
      return {
        url: `nats://${HOST}:${port}`,
        port,
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${NATS_SERVER} did not listen on ${port} within 5 s`);
}
