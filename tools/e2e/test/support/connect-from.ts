import { createConnection, type Socket } from 'node:net';
import { IrcTestClient } from './irc-client';

/**
 * Like IrcTestClient.connect, but from a chosen local loopback address (127.0.0.2, …), so one
 * test machine can look like several client IPs to the per-IP connection limit.
 * IrcTestClient has no option for the local address; its constructor is private to TypeScript
 * only, so this builds one around a socket it opened itself.
 */
export async function connectFrom(irc: { host: string; port: number }, localAddress: string, timeoutMs = 5000): Promise<IrcTestClient> {
  return (await openClient(irc, localAddress, timeoutMs)).client;
}

/**
 * An IrcTestClient together with its socket, for tests that must write bytes no text line can
 * carry (NUL, 0xFF, invalid UTF-8). `localAddress` defaults to the kernel's choice.
 */
export function openClient(irc: { host: string; port: number }, localAddress?: string, timeoutMs = 5000): Promise<{ client: IrcTestClient; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: irc.host, port: irc.port, localAddress });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`could not connect from ${localAddress} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ client: Reflect.construct(IrcTestClient, [socket]) as IrcTestClient, socket });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
