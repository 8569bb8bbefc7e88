/**
 * The admin API's actions on state (admin-envelopes.ts): checked here once, by the gateway on the
 * HTTP body and by state again on the envelope, and turned into the IRC line the operator would
 * type. State runs that line as the operator's own command, so the API cannot do anything the
 * command could not, and the network sees the same events.
 */
import type { AdminAccessLevel, AdminStateAction } from './admin-envelopes';
import { isValidChannelName, isValidNick } from './names';
import { utf8ByteLength } from './utf8';

const ACCESS_LEVELS: readonly AdminAccessLevel[] = ['OWNER', 'HOST', 'VOICE', 'GRANT', 'DENY'];
/** KILL and KICK reasons and WALLOPS text stay well inside one 512-byte line with their prefix. */
const MAX_TEXT = 300;
/** An ACCESS mask: `nick!user@host` with wildcards, no spaces (draft-04 §5.1). */
const MAX_MASK = 200;
/** IRCX ACCESS timeouts are minutes; a year at most (the ACCESS handler's own limit). */
const MAX_MINUTES = 525_600;
/** Nicks and channel names: the checks of their own commands apply the host's real limits. */
const MAX_NAME = 200;

/** Text that ends up in a trailing parameter: no line breaks or NUL, which would start a new command. */
function textProblem(value: unknown, field: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') return `${field}: expected a string`;
  if (required && value.trim() === '') return `${field}: must not be empty`;
  if (/[\r\n\0]/.test(value)) return `${field}: must not contain line breaks or NUL`;
  if (utf8ByteLength(value) > MAX_TEXT) return `${field}: at most ${MAX_TEXT} bytes`;
  return undefined;
}

function channelProblem(value: unknown): string | undefined {
  return typeof value === 'string' && isValidChannelName(value, MAX_NAME)
    ? undefined
    : 'channel: expected a channel name';
}

function maskProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > MAX_MASK || /[\s\0,]/.test(value) || value[0] === ':')
    return 'mask: expected a mask like nick!user@host (wildcards * and ?), without spaces';
  return undefined;
}

function levelProblem(value: unknown): string | undefined {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value)
    ? undefined
    : `level: expected one of ${ACCESS_LEVELS.join(', ')}`;
}

type Fields = Record<string, unknown>;

const CHECKS: Record<AdminStateAction['op'], (f: Fields) => Array<string | undefined>> = {
  users: () => [],
  channels: () => [],
  kill: (f) => [
    typeof f['nick'] === 'string' && isValidNick(f['nick'], MAX_NAME, { unicode: true })
      ? undefined
      : 'nick: expected a nickname',
    textProblem(f['reason'], 'reason', true),
  ],
  wallops: (f) => [textProblem(f['text'], 'text', true)],
  'close-channel': (f) => [channelProblem(f['channel']), textProblem(f['reason'], 'reason', true)],
  'register-channel': (f) => [
    channelProblem(f['channel']),
    typeof f['registered'] === 'boolean' ? undefined : 'registered: expected true or false',
  ],
  'access-list': (f) => [channelProblem(f['channel'])],
  'access-add': (f) => [
    channelProblem(f['channel']),
    levelProblem(f['level']),
    maskProblem(f['mask']),
    f['minutes'] === undefined ||
    (typeof f['minutes'] === 'number' &&
      Number.isInteger(f['minutes']) &&
      f['minutes'] >= 0 &&
      f['minutes'] <= MAX_MINUTES)
      ? undefined
      : `minutes: expected a whole number from 0 to ${MAX_MINUTES}`,
    textProblem(f['reason'], 'reason', false),
  ],
  'access-delete': (f) => [channelProblem(f['channel']), levelProblem(f['level']), maskProblem(f['mask'])],
};

/**
 * The problems of an action as it came (JSON from a client or an envelope): empty when it is a
 * well-formed AdminStateAction. Each names the field, e.g. `reason: must not be empty`.
 */
export function adminActionProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['expected a JSON object'];
  const fields = value as Fields;
  const op = fields['op'];
  if (typeof op !== 'string' || !Object.hasOwn(CHECKS, op))
    return [`op: expected one of ${Object.keys(CHECKS).join(', ')}`];
  return CHECKS[op as AdminStateAction['op']](fields).filter((p): p is string => p !== undefined);
}

/**
 * The IRC line the operator would type for an action, or undefined for the reads (users,
 * channels) that state answers from its view. The action must have passed adminActionProblems.
 */
export function adminCommandLine(action: AdminStateAction): string | undefined {
  switch (action.op) {
    case 'users':
    case 'channels':
      return undefined;
    case 'kill':
      return `KILL ${action.nick} :${action.reason}`;
    case 'wallops':
      return `WALLOPS :${action.text}`;
    case 'close-channel':
      // IRCX KILL of a channel: its members are kicked everywhere (handlers/oper.ts).
      return `KILL ${action.channel} :${action.reason}`;
    case 'register-channel':
      return `MODE ${action.channel} ${action.registered ? '+r' : '-r'}`;
    case 'access-list':
      return `ACCESS ${action.channel} LIST`;
    case 'access-add': {
      // ACCESS <object> ADD <level> <mask> [<minutes> [:<reason>]]: a reason needs the minutes before it.
      const minutes = action.minutes ?? (action.reason !== undefined ? 0 : undefined);
      const tail = minutes === undefined ? '' : ` ${minutes}${action.reason !== undefined ? ` :${action.reason}` : ''}`;
      return `ACCESS ${action.channel} ADD ${action.level} ${action.mask}${tail}`;
    }
    case 'access-delete':
      return `ACCESS ${action.channel} DELETE ${action.level} ${action.mask}`;
  }
}
