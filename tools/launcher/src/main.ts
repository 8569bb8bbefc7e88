/**
 * `npm start`: runs the local Portalchat network on loopback until Ctrl-C.
 *
 *   npm start                          # the reference network: Chatsrv3 (hub), Chatsrv1, Chatsrv2
 *   npm start -- a.yaml b.yaml         # these hosts instead, started in order
 *   npm start -- --json-logs           # the services' pino JSON lines unchanged
 *   npm start -- --check [a.yaml …]    # validate the files and the network they form; start nothing
 *   npm start -- --help                # NETWORK_USAGE (network-args.ts)
 *
 * Once every host is ready it waits until the network is linked (LINKS on the first host named
 * on the command line, Chatsrv1 by default, lists every server), then prints the network and
 * where to connect. A service that crashes is restarted by its host; the other hosts never notice
 * more than that service's absence. Each host opens its control endpoint (`listen.control`) for
 * `npm run ctl`.
 */
import { resolve } from 'node:path';
import { ConfigError, describeNetwork, loadHostConfig, type HostConfig } from '@portalchat/config';
import { OutputMode, startHost, type RunningHost } from '@portalchat/hosting';
import { readCommandLine } from './command-line';
import { connectInfo, firstIrcListener, mapUrl, webChatUrls } from './connect-info';
import { startControl, type RunningControl } from './control';
import { hostLogger } from './host-log';
import { installShutdown } from './lifecycle';
import { NETWORK_USAGE, parseNetworkArgs } from './network-args';
import { formatNetwork, waitForLinks } from './network-view';

/** dist/tools/launcher/main.js → the repository root and dist/. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const DIST_DIR = resolve(__dirname, '..', '..');

/**
 * The reference network, in start order: the hub first, since Chatsrv1 and Chatsrv2 uplink to it
 * (they would redial until it is up anyway; this way they link at once).
 */
const DEFAULT_CONFIGS = ['config/chatsrv3.yaml', 'config/chatsrv1.yaml', 'config/chatsrv2.yaml'];
/** LINKS is asked on this host: two hops from Chatsrv2, so "linked" means the whole star is up. */
const DEFAULT_VIEW = 'config/chatsrv1.yaml';
/** How long the network may take to link once every host is ready (uplinks redial within ~5 s). */
const LINK_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  const args = readCommandLine(process.argv.slice(2), parseNetworkArgs, NETWORK_USAGE);
  const consoleLog = (config?: HostConfig) =>
    hostLogger({ prefix: 'launcher', write: (line) => console.log(line), json: args.jsonLogs, config });
  const { log } = consoleLog();
  const given = args.configPaths.length > 0;
  const configPaths = given
    ? args.configPaths.map((p) => resolve(p))
    : DEFAULT_CONFIGS.map((p) => resolve(REPO_ROOT, p));
  const viewIndex = given ? 0 : configPaths.indexOf(resolve(REPO_ROOT, DEFAULT_VIEW));

  // Validate every file (and, for several, the network they form) before starting anything.
  const files = configPaths.map((path) => ({ path, config: loadHostConfig(path, undefined, { checkFiles: true }) }));
  const configs = files.map((file) => file.config);
  const networkProblems = configs.length > 1 ? describeNetwork(configs) : [];
  if (networkProblems.length > 0) throw new ConfigError(networkProblems);
  if (args.check) {
    for (const path of configPaths) console.log(`${path}: OK`);
    if (configs.length > 1) console.log(`the network of ${configs.map((c) => c.server.name).join(', ')}: OK`);
    return;
  }
  const view = configs[viewIndex];
  if (!view) throw new Error(`${DEFAULT_VIEW} is not among the hosts to start: no host to ask LINKS on`);

  const hosts: RunningHost[] = [];
  const controls: RunningControl[] = [];
  // Each host that is up, with its control endpoint's URL.
  const up: Array<{ host: RunningHost; controlUrl: string }> = [];
  const shutdown = installShutdown(async () => {
    for (const host of [...hosts].reverse()) await host.stop();
    for (const control of controls) await control.stop();
  }, log);

  const started = Date.now();
  for (const { path: configPath, config } of files) {
    try {
      // Each host logs its crashes and restarts (and to its own log.file, if it names one).
      const hostLog = consoleLog(config);
      // The control endpoint opens first (a busy port fails fast) and answers for the host once it is up.
      const slot: { host?: RunningHost } = {};
      const control = await startControl(config, () => slot.host, hostLog.logger);
      controls.push(control);
      const host = await startHost({
        configPath,
        distDir: DIST_DIR,
        log: hostLog.log,
        output: args.jsonLogs ? OutputMode.Json : OutputMode.Pretty,
      });
      slot.host = host;
      hosts.push(host);
      up.push({ host, controlUrl: control.url });
    } catch (err) {
      // Stop the hosts already up before reporting; startHost has cleaned up its own part.
      return shutdown(`could not start ${configPath}:\n${err instanceof Error ? err.message : String(err)}`, 1);
    }
  }

  const network = await networkLines(view, configs);
  console.log('');
  for (const { host, controlUrl } of up) for (const line of connectInfo(host, controlUrl)) console.log(line);
  console.log('');
  for (const line of network) console.log(line);
  console.log('\nConnect a client to any server:');
  for (const host of [...hosts].sort((a, b) => a.config.server.name.localeCompare(b.config.server.name))) {
    const { host: address, port } = firstIrcListener(host.config);
    const page = webChatUrls(host.config)[0];
    const map = mapUrl(host.config);
    console.log(
      `  ${host.config.server.name.padEnd(10)}  irssi -c ${address} -p ${port}${page ? `   or a browser: ${page}` : ''}${map ? `   map: ${map}` : ''}`,
    );
  }
  console.log(`\nAll up in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl-C to stop.\n`);
}

/** Waits until `view` sees every host through LINKS; says what is missing if it never does. */
async function networkLines(view: HostConfig, configs: readonly HostConfig[]): Promise<string[]> {
  try {
    const { linked, entries } = await waitForLinks(firstIrcListener(view), configs.length, LINK_TIMEOUT_MS);
    const table = formatNetwork(view.server.name, entries);
    if (linked) return table;
    const seen = new Set(entries.map((e) => e.server.toLowerCase()));
    const missing = configs.filter((c) => !seen.has(c.server.name.toLowerCase())).map((c) => c.server.name);
    return [
      ...table,
      `WARNING: not linked after ${LINK_TIMEOUT_MS / 1000} s: ${view.server.name} does not see ${missing.join(', ')}.`,
      `         Each portal's /readyz (listen.health.portal) shows its links and why one is down.`,
    ];
  } catch (err) {
    return [
      `WARNING: could not ask ${view.server.name} for LINKS: ${err instanceof Error ? err.message : String(err)}`,
    ];
  }
}

main().catch((err: unknown) => {
  // A ConfigError's message already lists every problem with file and field.
  console.error(err instanceof Error && err.name !== 'Error' ? err.message : err);
  process.exit(1);
});
