import { randomBytes } from 'node:crypto';
import type { HostConfig } from '@portalchat/config';
import type { Logger } from '@portalchat/service';
import { controlFilePath, removeControlFile, writeControlFile } from './control-file';
import { buildControlServer, type ControlledHost } from './control-server';

export interface RunningControl {
  /** `http://host:port` of the control endpoint. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens a host's control endpoint on `listen.control` with a fresh random token, and writes the
 * control file `npm run ctl` reads. Call before starting the host (a busy port fails fast);
 * `host()` answers once the host is up.
 */
export async function startControl(
  config: HostConfig,
  host: () => ControlledHost | undefined,
  logger: Logger,
): Promise<RunningControl> {
  const token = randomBytes(24).toString('base64url');
  const app = buildControlServer({ server: config.server.name, host, token, logger });
  const { host: address, port } = config.listen.control;
  try {
    await app.listen({ host: address, port });
  } catch (err) {
    await app.close();
    throw new Error(
      `${config.server.name}: cannot open the control endpoint ${address}:${port} (listen.control): ${(err as Error).message}`,
      { cause: err },
    );
  }
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  const file = controlFilePath(config);
  writeControlFile(file, { server: config.server.name, url, token, pid: process.pid });
  return {
    url,
    stop: async () => {
      removeControlFile(file);
      await app.close();
    },
  };
}
