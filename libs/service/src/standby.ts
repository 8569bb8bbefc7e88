/**
 * Standing by as a warm spare. A host keeps, for the services that allow it (state, portal), a
 * second process of the same script started with `--standby`: it parses and validates the
 * config, has node load and compile the bundle, rehearses its health server in memory (see
 * run-service.ts), and then waits, touching nothing: no NATS connection, no health port, no
 * data files, no log file. When the serving process crashes, the host writes `go` on the spare's
 * stdin and the spare carries on exactly as a process started without `--standby`, so the
 * restart costs only the service's own start (NATS connect, recovery, listen).
 *
 * Rehearsing the engine too (a throwaway state in memory: journal records replayed, clients
 * registering and talking, a snapshot written and read back) was measured and dropped: replaying
 * 1,000 records cost the same CPU after it as without it (median 588 and 589 ms over 8 runs
 * each), the replay being long enough that compiling its functions is noise.
 *
 * Why a line on stdin and not a signal (SIGUSR2):
 * - a signal that arrives before its handler is installed (the spare still compiling) takes the
 *   default action, which for SIGUSR2 ends the process; a line waits in the pipe until the spare
 *   reads it, so the host may promote a spare at any moment of its start;
 * - the end of stdin tells a spare that its host is gone, on any system (on Linux setpriv's
 *   parent-death signal kills it first);
 * - an operator can try it by hand: `node dist/apps/state/main.js --config h.yaml --standby`, then
 *   type `go`.
 *
 * The host side (libs/hosting, spare.ts) speaks the same two words: keep them in step.
 */

/** The line that promotes a spare. */
export const STANDBY_GO = 'go';

/** The field of the JSON line a spare prints on stdout once it stands by (the host waits for it). */
export const STANDBY_FIELD = 'standby';

/**
 * The line a spare prints once it is warm, shaped like the service's pino lines (so the host's
 * pretty output shows it as one) but written whatever the log level: the host reads it.
 */
export function standingByLine(service: string, serverId: number, warmMs: number, now = new Date()): string {
  return JSON.stringify({
    level: 30,
    time: now.toISOString(),
    service,
    serverId,
    [STANDBY_FIELD]: 'waiting',
    warmMs,
    msg: `${service} standing by as a warm spare`,
  });
}

/**
 * Resolves `go` at the first `go` line of `input`, or `ended` when `input` ends or fails first
 * (the host is gone). Other lines are ignored. Stops listening either way.
 */
export function waitForGo(input: NodeJS.ReadableStream): Promise<'go' | 'ended'> {
  return new Promise((resolve) => {
    let pending = '';
    const finish = (outcome: 'go' | 'ended') => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      resolve(outcome);
    };
    const onData = (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (lines.some((line) => line.trim() === STANDBY_GO)) finish('go');
    };
    const onEnd = () => finish('ended');
    input.setEncoding('utf8');
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
  });
}
