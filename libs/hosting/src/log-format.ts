/**
 * Turns the services' pino JSON lines into one readable line each for a terminal, e.g.
 * `[Chatsrv1 gateway] INFO listening {"irc":"127.110.1.43:6667"}`, with pino-pretty. Lines that
 * are not pino JSON (a crash trace, nats-server output) pass through with the prefix only.
 */
import { prettyFactory } from 'pino-pretty';

export const OutputMode = {
  /** Prefixed, human-readable lines. */
  Pretty: 'pretty',
  /** The services' JSON lines unchanged (for log shippers and `jq`). */
  Json: 'json',
  /** Nothing forwarded (tests; `onLine` still sees every line). */
  None: 'none',
} as const;
export type OutputMode = (typeof OutputMode)[keyof typeof OutputMode];

const EOL = '\n';

/**
 * A formatter for the lines of the process `prefix` names (`Chatsrv1 gateway`). The prefix goes
 * into pino-pretty's message template, so it must hold no `{`/`}`: server and service names
 * cannot (see libs/config's name rules).
 */
export function prettyLogFormatter(prefix: string): (line: string) => string {
  const head = `[${prefix}]`;
  const pretty = prettyFactory({
    colorize: false,
    // The prefix, level and message lead (pino-pretty writes level and time before the message
    // and ends them with a colon; as template tokens they do not), the other fields follow as
    // one JSON object on the same line; an `err` adds its stack below.
    messageFormat: `${head} {levelLabel} {msg}`,
    ignore: 'level,time,pid,hostname,name',
    singleLine: true,
    // Without this pino-pretty reads {levelLabel} from an empty custom-level table: `undefined`.
    useOnlyCustomProps: false,
    crlf: false,
  });
  return (line) => {
    const out = pretty(line);
    // pino-pretty hands back anything that is not a JSON object as it came, plus EOL.
    if (out === `${line}${EOL}`) return `${head} ${line}`;
    return out.endsWith(EOL) ? out.slice(0, -EOL.length) : out;
  };
}
