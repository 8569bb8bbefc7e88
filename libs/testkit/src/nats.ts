import { freePort, startNatsServer, type RunningNatsServer } from '@portalchat/hosting';

const LOOPBACK = '127.0.0.1';

export interface TestNats extends RunningNatsServer {
  host: string;
  port: number;
}

/**
 * A throwaway nats-server on loopback, started the way a host starts its own (libs/hosting's
 * startNatsServer: the binary from PATH or the Debian location, readiness by port). On a free
 * port unless `port` is given: pass the port of a stopped one to restart it in place. With
 * `jetstreamDir`, JetStream runs with its file store there (a restart on the same dir keeps it).
 */
export async function startTestNats(options: { port?: number; jetstreamDir?: string } = {}): Promise<TestNats> {
  const port = options.port ?? (await freePort(LOOPBACK));
  const { jetstreamDir } = options;
  const server = await startNatsServer({
    host: LOOPBACK,
    port,
    ...(jetstreamDir !== undefined ? { jetstream: true, storeDir: jetstreamDir } : {}),
  });
  return { ...server, host: LOOPBACK, port };
}
