import { join } from 'node:path';
import { hashPassword, type HostConfig, type HostConfigOverrides } from '@portalchat/config';
import { freePort } from '@portalchat/hosting';
import { firstIrcListener } from './connect-info';
import type { HostArgs } from './host-args';

/**
 * What the `host` command's flags change in the host file. With `--config` that is only what the
 * flags name: everything else (data directory, NATS URL, health and control ports, log settings)
 * comes from the file, so a production host keeps its data and its ports across restarts.
 */
export function flagOverrides(args: HostArgs, file: HostConfig): HostConfigOverrides {
  const base = args.healthPortBase;
  const host = args.listen?.host ?? firstIrcListener(file).host;
  const at = (offset: number) => (base === undefined ? undefined : { host, port: base + offset });
  return {
    server: { name: args.name, id: args.serverId, description: args.description },
    listen: {
      irc: args.listen ? [args.listen] : undefined,
      health: base === undefined ? undefined : { gateway: at(0), state: at(1), portal: at(2) },
    },
    nats: args.natsUrl === undefined ? undefined : { url: args.natsUrl },
    dataDir: args.dataDir,
    operators:
      args.operators.length === 0
        ? undefined
        : [
            ...file.operators,
            ...args.operators.map(({ name, password }) => ({
              name,
              passwordHash: hashPassword(password),
              level: 'admin' as const,
            })),
          ],
  };
}

/**
 * The throwaway host (no `--config`): on top of the flags, everything is picked so that several
 * can run side by side: NATS, health, portal and control on free ports of the IRC listen host,
 * data in `scratchDir`, which the caller removes on exit.
 */
export async function throwawayOverrides(
  args: HostArgs,
  file: HostConfig,
  scratchDir: string,
): Promise<HostConfigOverrides> {
  const named = flagOverrides(args, file);
  const host = args.listen?.host ?? firstIrcListener(file).host;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const free = async () => ({ host, port: await freePort(host) });
  return {
    ...named,
    listen: {
      ...named.listen,
      health: named.listen?.health ?? { gateway: await free(), state: await free(), portal: await free() },
      portal: await free(),
      control: await free(),
    },
    nats: named.nats ?? { url: `nats://${urlHost}:${await freePort(host)}` },
    dataDir: args.dataDir ?? join(scratchDir, 'data'),
  };
}
