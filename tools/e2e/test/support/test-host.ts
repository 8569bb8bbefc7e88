import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { hashPassword, UNTHROTTLED_CONNECTS, type HostConfig, type HostConfigOverrides } from '@portalchat/config';
import { freePort, HOST_SERVICES, OutputMode, startHost, type HostServiceSpec } from '@portalchat/hosting';

/** The repository root: the nearest folder above this file holding nx.json (bundled bench scripts live elsewhere). */
function repoRoot(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 10 && !existsSync(join(dir, 'nx.json')); depth++) dir = dirname(dir);
  return existsSync(join(dir, 'nx.json')) ? dir : resolve(__dirname, '../../../..');
}

/** The repository's build output (the e2e `test` target builds gateway, state and portal first). */
export const DIST_DIR = join(repoRoot(), 'dist');
const LOOPBACK = '127.0.0.1';

export interface TestHostOptions {
  name?: string;
  /** Operator accounts, given with their clear-text password (hashed here); level sysop unless given. */
  operators?: Array<{ name: string; password: string; level?: 'sysop' | 'admin' }>;
  limits?: HostConfigOverrides['limits'];
  flood?: HostConfigOverrides['flood'];
  motd?: string[];
}

export interface TestHost {
  name: string;
  irc: { host: string; port: number };
  config: HostConfig;
  /** Health base URL (`http://host:port`) of each service, by name (`gateway`, `state`). */
  health: Record<string, string>;
  /** Everything the services printed (JSON log lines), for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The build writes `main.cjs`; older launchers looked for `main.js`. Point each service at the
 * file that exists so the suite runs against whatever the build produced. A service that was
 * not built fails only a host that would run it (the portal runs only on hosts with portals).
 */
export function builtServices(): HostServiceSpec[] {
  return HOST_SERVICES.map((spec) => {
    const candidates = [spec.entry, spec.entry.replace(/\.js$/, '.cjs')];
    const entry = candidates.find((file) => existsSync(join(DIST_DIR, file)));
    if (entry) return { ...spec, entry };
    const missing = `${join(DIST_DIR, spec.entry)} is missing: build first (npx nx run-many -t build --projects=gateway,state,portal)`;
    return {
      ...spec,
      enabled: (config) => {
        if (spec.enabled && !spec.enabled(config)) return false;
        throw new Error(missing);
      },
    };
  });
}

/**
 * One real host (nats-server, state, gateway) on free loopback ports, in a scratch directory that
 * `stop()` removes. Each spec file starts one in beforeAll and stops it in afterAll.
 */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const name = options.name ?? 'irc.e2e.test';
  const scratch = mkdtempSync(join(tmpdir(), 'portalchat-e2e-'));
  const configPath = join(scratch, 'host.yaml');
  const irc = { host: LOOPBACK, port: await freePort(LOOPBACK) };
  // JSON is YAML: only the fields the schema cannot default; the rest comes as overrides.
  writeFileSync(
    configPath,
    JSON.stringify({
      server: { name, id: 1, description: 'Portalchat e2e host' },
      listen: { irc: [irc] },
      // The specs match users' hosts (127.0.0.1); cloaking has its own specs in state.
      cloaking: { enabled: false },
    }),
  );

  const port = async () => ({ host: LOOPBACK, port: await freePort(LOOPBACK) });
  const overrides: HostConfigOverrides = {
    listen: { health: { gateway: await port(), state: await port(), portal: await port() }, portal: await port() },
    nats: { url: `nats://${LOOPBACK}:${await freePort(LOOPBACK)}` },
    dataDir: join(scratch, 'data'),
    // Every test client comes from 127.0.0.1; a spec of the connect limits sets its own.
    limits: { ...UNTHROTTLED_CONNECTS, ...options.limits },
    flood: options.flood,
    motd: options.motd,
    operators: (options.operators ?? []).map(({ name: oper, password, level = 'sysop' }) => ({
      name: oper,
      passwordHash: hashPassword(password),
      level,
    })),
  };

  let output = '';
  try {
    const host = await startHost({
      configPath,
      overrides,
      distDir: DIST_DIR,
      services: builtServices(),
      output: OutputMode.Json,
      write: (line) => {
        // Keep the tail only: a flood test can log a lot.
        output = (output + line + '\n').slice(-200_000);
      },
    });
    return {
      name,
      irc,
      config: host.config,
      health: host.health,
      output: () => output,
      stop: async () => {
        await host.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}
