import { ERR_HELPNOTFOUND, RPL_ENDOFHELP, RPL_HELPSTART, RPL_HELPTXT, type IrcMessage } from '@portalchat/protocol';
import type { CommandSpec, RegisteredContext } from '../engine/context';

/**
 * HELP and HELPOP (Modern IRC "HELP message", as ergo, InspIRCd and solanum answer it):
 * `704 <client> <subject> :<first line>`, `705` for each further line, `706` after the last;
 * a subject without help gets `524 ERR_HELPNOTFOUND`.
 */

/** One syntax line and one sentence per command; the grammar matches each handler's comment. */
export const HELP_TOPICS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ACCESS: [
    'ACCESS <object> [LIST] | ACCESS <object> ADD|DELETE <level> [<mask> [<minutes> [:<reason>]]] | ACCESS <object> CLEAR [<level>]',
    'IRCX access lists (OWNER HOST VOICE GRANT DENY) of a channel, your nick, $ (this server) or * (the network).',
  ],
  ADMIN: ['ADMIN [<server>]', 'Shows who runs the server and how to reach them.'],
  AUTH: ['AUTH <package> I|S|* [:<data>]', 'Authenticates an IRCX session before registering (ANON, PLAIN).'],
  AUTHENTICATE: [
    'AUTHENTICATE <mechanism> | <base64> | + | *',
    'IRCv3 SASL login before registering (needs CAP sasl; PLAIN, SCRAM-SHA-256, EXTERNAL).',
  ],
  AWAY: ['AWAY [:<message>]', 'Marks you away with <message>, or back when there is none.'],
  BATCH: [
    'BATCH +<ref> draft/multiline <target> … BATCH -<ref>',
    'Sends the PRIVMSG/NOTICE lines tagged batch=<ref> as one message (IRCv3 draft/multiline).',
  ],
  CHGHOST: ['CHGHOST <nick> <host>', 'Changes the host a user shows the network (operators).'],
  CAP: ['CAP LS [302] | LIST | REQ :<caps> | END', 'Negotiates IRCv3 capabilities.'],
  CONNECT: ['CONNECT <server>', 'Links this server to a server of its portals again, after a SQUIT (operators).'],
  CREATE: [
    'CREATE <channel> [<modes> [<args>]]',
    'Makes an IRCX channel with its modes (c: only if new, e: a new clone).',
  ],
  DATA: ['DATA <channel|nick> [<nick>{,<nick>}] <tag> :<message>', 'Sends tagged data to IRCX clients.'],
  DLINE: ['DLINE [<minutes>] <ip|cidr|nick> :<reason>', 'Bans an IP or CIDR block from this server (operators).'],
  EVENT: ['EVENT ADD|DELETE <type> [<mask>] | EVENT LIST [<type>]', 'Subscribes to server events (sysops).'],
  GLINE: ['GLINE [<minutes>] <user@host|nick> :<reason>', 'Bans a user@host mask from the whole network (operators).'],
  HELP: ['HELP [<subject>]', 'Shows the commands, or help on one of them.'],
  INFO: ['INFO [<server>]', 'Shows information about the server software.'],
  INVITE: [
    'INVITE <nick> <channel> | INVITE',
    'Invites <nick> to <channel>, past +i, +l, +k and bans; alone, lists your invitations.',
  ],
  IRCX: ['IRCX', 'Switches the session to IRCX for good; answers 800.'],
  ISIRCX: ['ISIRCX', 'Tells whether the session speaks IRCX (800).'],
  ISON: ['ISON <nick>{ <nick>}', 'Tells which of the nicks are online.'],
  JOIN: ['JOIN <channel>{,<channel>} [<key>{,<key>}] | JOIN 0', 'Joins channels, or leaves every channel with 0.'],
  KICK: ['KICK <channel> <nick>{,<nick>} [:<reason>]', 'Removes users from a channel (channel operators).'],
  KILL: ['KILL <nick>|<channel> [:<reason>]', 'Disconnects a user, or empties a channel network-wide (IRC operators).'],
  KLINE: [
    'KLINE [<minutes>] <user@host|nick> :<reason>',
    'Bans a user@host mask from this server (operators); also KLINE <mask> <duration> :<reason> with 1h30m.',
  ],
  LINKS: ['LINKS [[<server>] <mask>]', 'Lists the servers of the network.'],
  LIST: [
    'LIST [<channel>{,<channel>} | <condition>{,<condition>}]',
    'Lists channels; conditions: <mask>, !<mask>, <n, >n (users), C<n, C>n, T<n, T>n (minutes since creation, topic).',
  ],
  LISTX: [
    'LISTX [<channel>{,<channel>}] | LISTX <query>{,<query>} [<limit>]',
    'Lists channels (IRCX); queries: <n >n C<n C>n T<n T>n L= N= S= T= R=0|1.',
  ],
  LUSERS: ['LUSERS', 'Shows how many users, operators and channels there are.'],
  MONITOR: [
    'MONITOR +|- <nick>{,<nick>} | MONITOR C|L|S',
    'Watches nicks: tells when each comes online (730) or goes offline (731), network-wide.',
  ],
  METADATA: [
    'METADATA <target> GET|LIST|SET|CLEAR|SUB|UNSUB|SUBS|SYNC [<key>…] [:<value>]',
    'Reads and sets metadata (avatar, display-name…) of users and channels (IRCv3 draft/metadata-2).',
  ],
  MARKREAD: [
    'MARKREAD <target> [timestamp=<YYYY-MM-DDThh:mm:ss.sssZ>]',
    'Reads or moves your read marker of a channel or nick (kept with your account, network-wide).',
  ],
  MODE: ['MODE <target> [<modestring> [<arguments>...]]', 'Shows or changes channel or user modes.'],
  MOTD: ['MOTD [<server>]', 'Shows the message of the day.'],
  NAMES: ['NAMES [<channel>{,<channel>}]', 'Lists the members of channels.'],
  NICK: ['NICK <nickname>', 'Sets or changes your nickname.'],
  NOTICE: ['NOTICE <target>{,<target>} :<text>', 'Sends a notice; it never triggers an automatic reply.'],
  OPER: ['OPER <name> <password>', 'Makes you an IRC operator.'],
  PART: ['PART <channel>{,<channel>} [:<reason>]', 'Leaves channels.'],
  PASS: ['PASS <password>', 'Gives the connection password before registering.'],
  PING: ['PING <token>', 'Asks the server to answer PONG with <token>.'],
  PONG: ['PONG <token>', 'Answers a PING from the server.'],
  CHATHISTORY: [
    'CHATHISTORY LATEST|BEFORE|AFTER|AROUND <target> <ref> <limit> | BETWEEN <target> <ref> <ref> <limit> | TARGETS <ts> <ts> <limit>',
    'Replays history (draft/chathistory); <ref> is * (LATEST), msgid=<id> or timestamp=<ISO time>.',
  ],
  PRIVMSG: [
    'PRIVMSG <target>{,<target>} :<text>',
    'Sends a message to users or channels (@#chan reaches its operators).',
  ],
  PROP: [
    'PROP <channel|nick> <property>{,<property>}|* | PROP <channel> <property> :[<value>]',
    'Reads, sets or (empty value) deletes IRCX properties.',
  ],
  QUIT: ['QUIT [:<reason>]', 'Disconnects you from the server.'],
  RENAME: [
    'RENAME <channel> <new-name> [:<reason>]',
    'Renames a channel, keeping its members, modes and topic (channel hosts, owners and operators).',
  ],
  REHASH: [
    'REHASH',
    'Reloads the host file on every service of this host (operators); the outcome follows as NOTICEs.',
  ],
  REGISTER: [
    'REGISTER <account>|* <email>|* <password>',
    'Creates an account named after your nick and logs you in to it (any server of the network).',
  ],
  REPLY: ['REPLY <channel|nick> [<nick>{,<nick>}] <tag> :<message>', 'Answers a REQUEST with tagged data (IRCX).'],
  REQUEST: ['REQUEST <channel|nick> [<nick>{,<nick>}] <tag> :<message>', 'Asks IRCX clients for tagged data.'],
  SETNAME: ['SETNAME :<realname>', 'Changes your real name (IRCv3 setname).'],
  SQUIT: ['SQUIT <server> [:<reason>]', 'Drops the portal link to a server; it stays down until CONNECT (operators).'],
  STATS: [
    'STATS <query> [<server>]',
    'Shows server statistics: u (uptime), m (commands); for operators k, d, g (bans), l (links), o (operators).',
  ],
  TAGMSG: ['TAGMSG <target>{,<target>}', 'Sends only message tags (IRCv3 message-tags).'],
  REDACT: [
    'REDACT <target> <msgid> [:<reason>]',
    'Removes a message from history (draft/message-redaction): your own, or any in a channel you host.',
  ],
  TIME: ['TIME [<server>]', "Shows the server's local time."],
  TOPIC: ['TOPIC <channel> [:<topic>]', 'Shows or sets the topic; an empty <topic> clears it.'],
  UNDLINE: ['UNDLINE <ip|cidr>', 'Lifts a D-line (operators).'],
  UNGLINE: ['UNGLINE <user@host>', 'Lifts a G-line on the whole network (operators).'],
  UNKLINE: ['UNKLINE <user@host>', 'Lifts a K-line (operators).'],
  USER: ['USER <username> <mode> <unused> :<realname>', 'Gives your username and real name when registering.'],
  USERHOST: ['USERHOST <nick>{ <nick>}', 'Shows the user@host of up to 5 nicks.'],
  VERIFY: [
    'VERIFY <account> <code>',
    'Completes a registration that needs a code (none here: REGISTER completes at once).',
  ],
  VERSION: ['VERSION [<server>]', 'Shows the server version and what it supports.'],
  WALLOPS: ['WALLOPS :<text>', 'Sends a message to every user with user mode +w (IRC operators).'],
  WHISPER: ['WHISPER <channel> <nick>{,<nick>} :<text>', 'Sends a private message to members of a channel (IRCX).'],
  WHO: ['WHO [<mask> [%<fields>[,<token>]]]', 'Lists users matching a channel or mask.'],
  WHOIS: ['WHOIS [<server>] <nick>{,<nick>}', 'Shows information about users.'],
  WHOWAS: ['WHOWAS <nick>{,<nick>} [<count>]', 'Shows information about users who left.'],
});

/** The index shown for HELP without a subject. */
function indexLines(): string[] {
  const names = Object.keys(HELP_TOPICS).sort();
  const lines = ['Commands (HELP <command> for details):'];
  for (let i = 0; i < names.length; i += 10) lines.push(names.slice(i, i + 10).join(' '));
  return lines;
}

// HELP [<subject>]   (HELPOP is the same command)
function handleHelp(ctx: RegisteredContext, msg: IrcMessage): void {
  const asked = msg.params[0];
  if (asked === undefined || asked === '') {
    sendHelp(ctx, '*', indexLines());
    return;
  }
  const subject = asked.toUpperCase();
  const topic = HELP_TOPICS[subject];
  if (!topic) {
    ctx.reply(ERR_HELPNOTFOUND, asked, 'No help available on this topic');
    return;
  }
  sendHelp(ctx, subject, topic);
}

/** 704 for the first line, 705 for the others, then 706 (with no text of its own). */
function sendHelp(ctx: RegisteredContext, subject: string, lines: readonly string[]): void {
  lines.forEach((line, i) => ctx.reply(i === 0 ? RPL_HELPSTART : RPL_HELPTXT, subject, line));
  ctx.reply(RPL_ENDOFHELP, subject, 'End of /HELP');
}

export const helpCommands: Record<string, CommandSpec> = {
  HELP: { handler: handleHelp, minParams: 0 },
  HELPOP: { handler: handleHelp, minParams: 0 },
};
