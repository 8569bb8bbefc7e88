/**
 * `npm start`: runs the local Portalchat network on loopback until Ctrl-C.
 *
 *   npm start                          # Chatsrv1 from config/chatsrv1.yaml
 *   npm start -- a.yaml b.yaml         # these hosts instead, started in order
 *   npm start -- --json-logs           # the services' pino JSON lines unchanged
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, describeNetwork, loadHostConfig } from '@portalchat/config';
import { OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { connectInfo } from './connect-info';
import { installShutdown } from './lifecycle';

/** dist/tools/launcher/main.js → the repository root and dist/. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const DIST_DIR = resolve(__dirname, '..', '..');

/**
 * The hosts `npm start` runs. Chatsrv2 and Chatsrv3 join this list when portals link hosts;
 * until then Chatsrv1 alone is the network.
 */
const DEFAULT_CONFIGS = ['config/chatsrv1.yaml'];

const log = (message: string) => console.log(`[launcher] ${message}`);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { 'json-logs': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const configPaths = positionals.length > 0 ? positionals.map((p) => resolve(p)) : DEFAULT_CONFIGS.map((p) => resolve(REPO_ROOT, p));

  // Validate every file (and, for several, the network they form) before starting anything.
  const configs = configPaths.map((path) => loadHostConfig(path));
  const networkProblems = configs.length > 1 ? describeNetwork(configs) : [];
  if (networkProblems.length > 0) throw new ConfigError(networkProblems);

  const hosts: RunningHost[] = [];
  const shutdown = installShutdown(async () => {
    for (const host of hosts.reverse()) await host.stop();
  }, log);

  const started = Date.now();
  for (const configPath of configPaths) {
    try {
      const host = await startHost({
        configPath,
        distDir: DIST_DIR,
        log,
        output: values['json-logs'] ? OutputMode.Json : OutputMode.Pretty,
        onServiceExit: (service, exit) =>
          shutdown(`${configPath}: ${service} exited unexpectedly (${exit.code !== null ? `code ${exit.code}` : exit.signal})`, 1),
      });
      hosts.push(host);
    } catch (err) {
      // Stop the hosts already up before reporting; startHost has cleaned up its own part.
      return shutdown(`could not start ${configPath}:\n${err instanceof Error ? err.message : String(err)}`, 1);
    }
  }

  console.log('');
  for (const host of hosts) for (const line of connectInfo(host)) console.log(line);
  console.log(`\nAll up in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl-C to stop.\n`);
}

main().catch((err: unknown) => {
  // A ConfigError's message already lists every problem with file and field.
  console.error(err instanceof Error && err.name !== 'Error' ? err.message : err);
  process.exit(1);
});
