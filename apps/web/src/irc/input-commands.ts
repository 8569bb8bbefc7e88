import type { ServerSupport } from './isupport';
import { isChannelName } from './isupport';

/**
 * What the composer's text means: a message to the open window, or a slash command. Returns the
 * lines to send and what to show locally when the server does not echo the user's lines.
 */
export interface InputResult {
  send: string[];
  /** The user's own line for a window. */
  shown?: { target: string; text: string; kind: 'message' | 'action' | 'notice' | 'whisper' };
  /** A window to open (`/query`, `/join`). */
  open?: string;
  /** A channel being joined: its window opens when the server confirms. */
  joining?: string;
  /** A problem with what was typed, for the user. */
  error?: string;
  /** `/list`: a fresh channel list is coming. */
  list?: boolean;
  /** `/quit`: the user leaves; the connection is not to be reopened. */
  quit?: boolean;
}

export interface InputContext {
  /** The open window's name, or undefined for the server window. */
  target: string | undefined;
  support: ServerSupport;
  ircx: boolean;
}

export const COMMAND_HELP =
  '/join #chan · /part · /msg nick text · /query nick · /me action · /notice target text · ' +
  '/whisper nick text (IRCX) · /topic text · /kick nick [reason] · /op /deop /voice /devoice nick · ' +
  '/nick new · /list · /quit [reason] · /quote RAW LINE';

export function parseInput(text: string, ctx: InputContext): InputResult {
  const line = text.replace(/[\r\n]+/g, ' ');
  if (line.trim() === '') return { send: [] };
  if (!line.startsWith('/') || line.startsWith('//')) {
    const body = line.startsWith('//') ? line.slice(1) : line;
    if (ctx.target === undefined)
      return { send: [], error: 'This is the server window: /join a channel or /msg a nick' };
    return { send: [`PRIVMSG ${ctx.target} :${body}`], shown: { target: ctx.target, text: body, kind: 'message' } };
  }
  const space = line.indexOf(' ');
  const verb = (space === -1 ? line.slice(1) : line.slice(1, space)).toLowerCase();
  const rest = space === -1 ? '' : line.slice(space + 1).trim();
  const [arg1 = '', ...more] = rest.split(' ');
  const tail = more.join(' ');
  const needChannel = (): string | undefined =>
    ctx.target !== undefined && isChannelName(ctx.support, ctx.target) ? ctx.target : undefined;
  const usage = (u: string): InputResult => ({ send: [], error: `Usage: ${u}` });

  switch (verb) {
    case 'join':
    case 'j': {
      if (arg1 === '') return usage('/join #channel [key]');
      const channel = isChannelName(ctx.support, arg1) ? arg1 : `#${arg1}`;
      return { send: [`JOIN ${channel}${tail ? ` ${tail}` : ''}`], joining: channel };
    }
    case 'part':
    case 'leave': {
      const channel = isChannelName(ctx.support, arg1) ? arg1 : needChannel();
      if (!channel) return usage('/part #channel [reason]');
      const reason = channel === arg1 ? tail : rest;
      return { send: [`PART ${channel}${reason ? ` :${reason}` : ''}`] };
    }
    case 'msg':
    case 'query': {
      if (arg1 === '') return usage(`/${verb} nick${verb === 'msg' ? ' text' : ''}`);
      if (tail === '') return { send: [], open: arg1 };
      return { send: [`PRIVMSG ${arg1} :${tail}`], shown: { target: arg1, text: tail, kind: 'message' }, open: arg1 };
    }
    case 'me': {
      if (ctx.target === undefined) return { send: [], error: '/me works in a channel or private chat' };
      return {
        send: [`PRIVMSG ${ctx.target} :\x01ACTION ${rest}\x01`],
        shown: { target: ctx.target, text: rest, kind: 'action' },
      };
    }
    case 'notice':
      if (arg1 === '' || tail === '') return usage('/notice target text');
      return { send: [`NOTICE ${arg1} :${tail}`], shown: { target: arg1, text: tail, kind: 'notice' } };
    case 'whisper':
    case 'w': {
      const channel = needChannel();
      if (!channel || arg1 === '' || tail === '') return usage('/whisper nick[,nick] text (in a channel)');
      if (!ctx.ircx) return { send: [], error: 'WHISPER needs an IRCX session (tick IRCX when connecting)' };
      return {
        send: [`WHISPER ${channel} ${arg1} :${tail}`],
        shown: { target: channel, text: `(to ${arg1}) ${tail}`, kind: 'whisper' },
      };
    }
    case 'topic': {
      const channel = needChannel();
      if (!channel) return usage('/topic text (in a channel)');
      return { send: [rest === '' ? `TOPIC ${channel}` : `TOPIC ${channel} :${rest}`] };
    }
    case 'kick': {
      const channel = needChannel();
      if (!channel || arg1 === '') return usage('/kick nick [reason] (in a channel)');
      return { send: [`KICK ${channel} ${arg1}${tail ? ` :${tail}` : ''}`] };
    }
    case 'op':
    case 'deop':
    case 'voice':
    case 'devoice': {
      const channel = needChannel();
      if (!channel || arg1 === '') return usage(`/${verb} nick (in a channel)`);
      const mode = { op: '+o', deop: '-o', voice: '+v', devoice: '-v' }[verb];
      return { send: [`MODE ${channel} ${mode} ${arg1}`] };
    }
    case 'nick':
      if (arg1 === '') return usage('/nick newnick');
      return { send: [`NICK ${arg1}`] };
    case 'list':
      return { send: [ctx.ircx ? `LISTX${rest ? ` ${rest}` : ''}` : `LIST${rest ? ` ${rest}` : ''}`], list: true };
    case 'quit':
      return { send: [`QUIT :${rest || 'Leaving'}`], quit: true };
    case 'quote':
    case 'raw':
      if (rest === '') return usage('/quote RAW IRC LINE');
      return { send: [rest] };
    case 'help':
      return { send: [], error: COMMAND_HELP };
  }
  return { send: [], error: `Unknown command /${verb}. ${COMMAND_HELP}` };
}
