/**
 * `npm run ctl`: an operator's commands to a running host, over its control endpoint (see
 * CTL_USAGE in ctl-args.ts). Exits 0 on success, 1 when the host cannot be reached or the
 * command failed (the reason on stderr), 2 on a bad command line.
 */
import { resolve } from 'node:path';
import type { SupervisorStatus } from '@portalchat/hosting';
import { readControlFile, type ControlFile } from './control-file';
import { readCommandLine, UsageError } from './command-line';
import { controlFileOf, CTL_USAGE, formatStatus, parseCtlArgs, type CtlArgs, type CtlCommand } from './ctl-args';

/** dist/tools/launcher/ctl.js → the repository's config/ (the reference network's host files). */
const CONFIG_DIR = resolve(__dirname, '..', '..', '..', 'config');
/** A restart waits for the old process (3 s at most) and the new one's readiness (10 s at most). */
const RESTART_TIMEOUT_MS = 30_000;

class CtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CtlError';
  }
}

async function call(control: ControlFile, method: 'GET' | 'POST', path: string): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${control.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${control.token}` },
      signal: AbortSignal.timeout(RESTART_TIMEOUT_MS),
    });
  } catch (err) {
    throw new CtlError(
      `${control.server} does not answer at ${control.url}: ${(err as Error).message} (is it running?)`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  // The host's own error messages name it already.
  const error = body['error'];
  if (!response.ok)
    throw new CtlError(typeof error === 'string' ? error : `${control.server}: HTTP ${response.status}`);
  return body;
}

async function run(args: CtlArgs, command: CtlCommand): Promise<void> {
  const control = readControlFile(controlFileOf(command.host, args, CONFIG_DIR));
  const before = (await call(control, 'GET', '/services'))['services'] as SupervisorStatus[];
  if (command.command === 'status') {
    for (const line of formatStatus(control.server, control.url, before)) console.log(line);
    return;
  }
  if (command.command === 'reload') {
    // A refused reload is an HTTP error whose message lists the file's problems (call throws it).
    const result = await call(control, 'POST', '/reload');
    console.log(`${control.server}: reloaded ${String(result['file'])}`);
    for (const done of result['services'] as string[]) console.log(`  ${done}`);
    return;
  }
  const old = before.find((s) => s.name === command.service)?.pid;
  const result = await call(control, 'POST', `/services/${encodeURIComponent(command.service)}/restart`);
  const took = (Number(result['tookMs']) / 1000).toFixed(1);
  console.log(
    `${control.server}: ${command.service} restarted (pid ${old ?? 'none'} -> ${String(result['pid'])}), ready in ${took} s`,
  );
}

async function main(): Promise<void> {
  const args = readCommandLine(process.argv.slice(2), parseCtlArgs, CTL_USAGE);
  // parseCtlArgs returns no command only for --help, which readCommandLine has answered.
  if (args.command === undefined) {
    console.log(CTL_USAGE);
    return;
  }
  try {
    await run(args, args.command);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    // Our own errors (CtlError, ControlFileError, ConfigError) say it all; anything else shows its stack.
    console.error(err instanceof Error && err.name !== 'Error' ? err.message : err);
    process.exit(1);
  }
}

void main();
