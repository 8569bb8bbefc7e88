import { Counter, type Registry } from 'prom-client';
import { METRIC_PREFIX } from '@portalchat/service';

/** What the engine counts as it runs commands (ChatState: STATS m and the 421s). */
export interface CommandCounts {
  readonly commandCounts: ReadonlyMap<string, number>;
  readonly unknownCommandCount: number;
}

/** The `command` label of verbs this server does not know: clients choose those freely. */
export const OTHER_COMMAND = 'other';

/**
 * `portalchat_commands_total{command}`, read from the engine's own counts when Prometheus
 * scrapes, so running a command costs nothing more than STATS m already does. `command` is one
 * of the verbs the registry knows (the only ones counted by verb) or `other`.
 *
 * Create it once recovery is over: the counts at that time are subtracted, since the journal
 * replay ran those commands again and the process that first ran them counted them. The series
 * thus start at 0 with each process, as a counter should.
 */
export function commandCounter(registry: Registry, counts: CommandCounts): Counter<'command'> {
  const before = new Map(counts.commandCounts);
  const unknownBefore = counts.unknownCommandCount;
  return new Counter({
    name: `${METRIC_PREFIX}commands_total`,
    help: 'Client commands run (past the registration, parameter and privilege checks), by verb; unknown verbs (421) as command="other"',
    labelNames: ['command'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [command, n] of counts.commandCounts) {
        const since = n - (before.get(command) ?? 0);
        if (since > 0) this.inc({ command }, since);
      }
      this.inc({ command: OTHER_COMMAND }, Math.max(0, counts.unknownCommandCount - unknownBefore));
    },
  });
}
