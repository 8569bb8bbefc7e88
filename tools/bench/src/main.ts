/**
 * `npm run bench`: drives Portalchat and, in the same run, ngircd and InspIRCd through the
 * issue-5 scenarios with a separate load generator, prints a table per scenario (ours as a
 * ratio of the best peer) and writes the full results as JSON.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineDescription } from './machine';
import { parseOptions, UsageError, USAGE, type BenchOptions, type ScenarioName } from './options';
import { formatTable } from './report';
import { describeFloor } from './scenarios/floors';
import { linkScenario } from './scenarios/link';
import { networkScenario } from './scenarios/network';
import { restartScenario } from './scenarios/restart';
import { scaleoutScenario } from './scenarios/scaleout';
import { connectScenario, fanoutScenario, privateScenario, saturationScenario } from './scenarios/single-host';
import { INSTALL_HINT, isInstalled, STARTERS } from './systems';
import { benchCertificate } from './systems/tls-certificate';
import type { RunningSystem, SystemName } from './systems/types';
import { tablesFor, type ScenarioResults } from './tables';

const log = (line: string) => console.error(line);
const NETWORK_SERVERS = 3;

/** What one scenario does with one running system. */
function runnerFor(scenario: ScenarioName, options: BenchOptions): (system: RunningSystem) => Promise<unknown> {
  const sizes = options.sizes;
  switch (scenario) {
    case 'connect':
    case 'memory':
      // One run serves both; the idle wait only when memory is asked for.
      return (system) =>
        connectScenario(
          system,
          sizes.connectClients,
          log,
          options.scenarios.includes('memory') ? sizes.idleSettleMs : 0,
        );
    case 'fanout':
      return (system) => fanoutScenario(system, sizes, log);
    case 'private':
      return (system) => privateScenario(system, sizes, log);
    case 'saturation':
      return (system) => saturationScenario(system, sizes, log);
    case 'network':
      return (system) => networkScenario(system, sizes, log);
    case 'link':
    case 'restart':
    case 'scaleout':
      throw new Error(`the ${scenario} scenario starts its own hosts (runLinkScenario, runRestartScenario…)`);
  }
}

/**
 * restart: the reference network as `npm start` runs it, with its processes killed in turn.
 * Portalchat only: the peers have no separate processes to kill and restart.
 */
async function runRestartScenario(
  systems: SystemName[],
  options: BenchOptions,
  errors: string[],
): Promise<ScenarioResults> {
  if (!systems.includes('portalchat')) return {};
  const workDir = mkdtempSync(join(tmpdir(), 'bench-restart-'));
  log(`[restart] portalchat: the reference network, one process killed at a time`);
  try {
    const result = await restartScenario(options.sizes.restart, workDir, log, options.networkLogPath);
    for (const failure of result.failures) errors.push(`[restart] ${failure.fault.label}: ${failure.error}`);
    return { portalchat: result };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Portalchat's portal link alone: no peer system has a counterpart to run. */
async function runLinkScenario(
  systems: SystemName[],
  options: BenchOptions,
  errors: string[],
): Promise<ScenarioResults> {
  if (!systems.includes('portalchat')) return {};
  const workDir = mkdtempSync(join(tmpdir(), 'bench-link-'));
  log(`[link] portalchat: two hosts, portals only`);
  try {
    const result = await linkScenario(workDir, options.sizes, log);
    for (const floor of result.floors.filter((f) => !f.met)) {
      // A quick run is small and often shares the machine: it reports a floor, it does not fail on one.
      if (options.quick) log(`[link] ${describeFloor(floor)} (not an error in a --quick run)`);
      else errors.push(`[link] ${describeFloor(floor)}`);
    }
    return { portalchat: result };
  } catch (err) {
    const message = `[link] portalchat: failed: ${err instanceof Error ? err.message : String(err)}`;
    log(message);
    errors.push(message);
    return {};
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** One host with one gateway, then with two: Portalchat against itself. */
async function runScaleoutScenario(
  systems: SystemName[],
  options: BenchOptions,
  errors: string[],
): Promise<ScenarioResults> {
  if (!systems.includes('portalchat')) return {};
  const workDir = mkdtempSync(join(tmpdir(), 'bench-scaleout-'));
  const started = Date.now();
  try {
    const result = await scaleoutScenario(
      (gateways) => {
        const dir = join(workDir, `gateways-${gateways}`);
        mkdirSync(dir);
        return dir;
      },
      options.sizes,
      log,
    );
    log(`[scaleout] portalchat: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { portalchat: result };
  } catch (err) {
    const message = `[scaleout] portalchat: failed: ${err instanceof Error ? err.message : String(err)}`;
    log(message);
    errors.push(message);
    return {};
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function runScenario(
  scenario: ScenarioName,
  systems: SystemName[],
  options: BenchOptions,
  errors: string[],
): Promise<ScenarioResults> {
  if (scenario === 'link') return runLinkScenario(systems, options, errors);
  if (scenario === 'restart') return runRestartScenario(systems, options, errors);
  if (scenario === 'scaleout') return runScaleoutScenario(systems, options, errors);
  const results: ScenarioResults = {};
  for (const name of systems) {
    const workDir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
    const servers = scenario === 'network' ? NETWORK_SERVERS : 1;
    const started = Date.now();
    log(`[${scenario}] ${name}: starting ${servers} server(s)${options.tls ? ' (clients over TLS)' : ''}`);
    let system: RunningSystem | undefined;
    try {
      system = await STARTERS[name]({
        servers,
        workDir,
        ...(options.tls ? { tls: benchCertificate(workDir) } : {}),
      });
      results[name] = await runnerFor(scenario, options)(system);
      log(`[${scenario}] ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      const message = `[${scenario}] ${name}: failed: ${err instanceof Error ? err.message : String(err)}`;
      log(message);
      errors.push(message);
    } finally {
      await system?.stop().catch(() => undefined);
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return results;
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const systems = options.systems.filter((name) => {
    if (isInstalled(name)) return true;
    log(`${name} is not installed; skipping it (${INSTALL_HINT})`);
    return false;
  });
  const started = Date.now();
  const errors: string[] = [];
  const results: Partial<Record<ScenarioName, ScenarioResults>> = {};
  const output: string[] = [];
  for (const scenario of options.scenarios) {
    // connect and memory come from the same run.
    const shared = scenario === 'memory' ? results.connect : scenario === 'connect' ? results.memory : undefined;
    results[scenario] = shared ?? (await runScenario(scenario, systems, options, errors));
    for (const table of tablesFor(scenario, results[scenario] ?? {})) {
      const text = formatTable(table, systems);
      output.push(text);
      console.log(text);
    }
  }
  const report = {
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    quick: options.quick,
    tls: options.tls,
    machine: machineDescription(),
    systems,
    sizes: options.sizes,
    results,
    errors,
    tables: output,
  };
  if (options.jsonPath) {
    writeFileSync(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    log(`results written to ${options.jsonPath}`);
  }
  log(`bench finished in ${report.durationS} s${errors.length > 0 ? ` with ${errors.length} error(s)` : ''}`);
  process.exit(errors.length > 0 ? 1 : 0);
}

void main();
