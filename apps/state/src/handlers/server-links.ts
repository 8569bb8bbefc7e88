import { ERR_NOSUCHSERVER, ircEquals, ircLower, type IrcMessage, type PortalLinkSummary } from '@portalchat/protocol';
import type { PortalConfig } from '@portalchat/config';
import { userPrefix, type CommandSpec, type RegisteredContext } from '../engine/context';

/**
 * SQUIT and CONNECT (issue 12): an operator drops or restores one of this host's portal links.
 * State only decides and asks: the request rides the portal stream (a `link-control` item for no
 * server), and the portal closes the link (a netsplit without grace, announced by the server
 * table as any split) or dials again. Replies are server NOTICEs, as solanum and InspIRCd send them.
 */

function notice(ctx: RegisteredContext, text: string): void {
  ctx.send({ prefix: ctx.config.server.name, command: 'NOTICE', params: [ctx.user.nick, text] });
}

/** The up link a name stands for: the peer's server name or the portal's name. */
function upLinkNamed(ctx: RegisteredContext, name: string): PortalLinkSummary | undefined {
  return ctx.state.links.find((link) => ircEquals(link.serverName, name) || ircEquals(link.name, name));
}

// SQUIT <server> [:<reason>]
function squit(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name = '', reason = 'No reason given'] = msg.params as [string, string?];
  if (ircEquals(name, ctx.config.server.name)) {
    notice(ctx, `*** SQUIT: ${name} is this server; SQUIT one of its links`);
    return;
  }
  const link = upLinkNamed(ctx, name);
  if (!link) {
    const far = [...ctx.state.servers.values()].find((server) => ircEquals(server.name, name));
    if (far)
      notice(
        ctx,
        `*** SQUIT: ${far.name} is not linked to ${ctx.config.server.name} directly; SQUIT it on ${far.uplink}`,
      );
    else ctx.reply(ERR_NOSUCHSERVER, name, 'No such server');
    return;
  }
  ctx.state.squitted.set(ircLower(link.serverName), link.name);
  ctx.network.emit({ type: 'link-control', action: 'squit', portal: link.name, by: userPrefix(ctx.user), reason }, []);
  notice(ctx, `*** SQUIT: closing the link to ${link.serverName} (${reason}); it stays down until CONNECT`);
}

/** The configured portal a name stands for: its name, its peer's server ID, or a server SQUIT here. */
function portalNamed(ctx: RegisteredContext, name: string): PortalConfig | undefined {
  const portalName = ctx.state.squitted.get(ircLower(name)) ?? name;
  return ctx.config.portals.find((p) => ircEquals(p.name, portalName) || String(p.serverId) === name);
}

// CONNECT <server> [<port> [<remote server>]]
function connect(ctx: RegisteredContext, msg: IrcMessage): void {
  const [name = '', , remote] = msg.params;
  if (remote !== undefined && !ircEquals(remote, ctx.config.server.name)) {
    ctx.reply(ERR_NOSUCHSERVER, remote, 'No such server');
    return;
  }
  const up = upLinkNamed(ctx, name);
  if (up) {
    notice(ctx, `*** CONNECT: Server ${up.serverName} already linked (${up.name})`);
    return;
  }
  const portal = portalNamed(ctx, name);
  if (!portal) {
    ctx.reply(ERR_NOSUCHSERVER, name, 'No such server');
    return;
  }
  for (const [server, portalName] of ctx.state.squitted)
    if (portalName === portal.name) ctx.state.squitted.delete(server);
  ctx.network.emit(
    { type: 'link-control', action: 'connect', portal: portal.name, by: userPrefix(ctx.user), reason: '' },
    [],
  );
  notice(
    ctx,
    portal.uplink
      ? `*** CONNECT: Connecting to ${name} (${portal.name}, ${portal.address}:${portal.port})`
      : `*** CONNECT: ${name} may link again (${portal.name}); its side dials`,
  );
}

export const serverLinkCommands: Record<string, CommandSpec> = {
  SQUIT: { handler: squit, minParams: 1, operOnly: true },
  CONNECT: { handler: connect, minParams: 1, operOnly: true },
};
