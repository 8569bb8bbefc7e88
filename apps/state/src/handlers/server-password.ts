import { ERR_PASSWDMISMATCH } from '@portalchat/protocol';
import type { Verdict } from '../engine/auth';
import type { CommandContext } from '../engine/context';

/**
 * The server password (config `server.passwordHash`): a client must send the right `PASS` before
 * it registers (RFC 2812 §3.1.1: "MUST be set before any attempt to register"). A wrong one gets
 * 464 ERR_PASSWDMISMATCH, then ERROR and the connection closes (Modern IRC). PASS is checked when
 * it arrives, off the event loop like OPER (engine/auth/guard.ts): NICK and USER wait for the
 * verdict, and the candidate never stays on the connection (nor in a snapshot).
 */

const WRONG = 'Password incorrect';

/** PASS with a server password configured: asks for the check, or refuses at once in back-off. */
export function checkServerPassword(ctx: CommandContext, passwordHash: string, candidate: string): void {
  const { conn } = ctx;
  // A later PASS replaces an earlier one, as the last PASS is the one that counts (RFC 2812).
  conn.serverPasswordAccepted = undefined;
  if (ctx.auth.waitMs(conn, ctx.now) > 0) {
    ctx.auth.refused(conn, { mechanism: 'pass', name: '*' });
    refuse(ctx);
    return;
  }
  ctx.auth.request(conn, { kind: 'server-password', conn: conn.key }, passwordHash, candidate);
}

/** The verdict on a PASS (handlers/password-verdict.ts). */
export function finishServerPassword(ctx: CommandContext, verdict: Verdict): void {
  if (verdict === 'yes') {
    ctx.auth.succeeded(ctx.conn);
    // NICK and USER, if sent, waited for this verdict: they run next and complete registration.
    ctx.conn.serverPasswordAccepted = true;
    return;
  }
  // `unchecked` (a restart lost the candidate) is refused too: the client reconnects and retries.
  if (verdict === 'no') ctx.auth.failed(ctx.conn, ctx.now, { mechanism: 'pass', name: '*', reason: 'wrong-password' });
  refuse(ctx);
}

/**
 * Whether registration may complete as far as the server password goes; when it may not (no PASS,
 * or PASS only after NICK and USER), the client gets 464 and is closed.
 */
export function serverPasswordMet(ctx: CommandContext): boolean {
  if (ctx.config.server.passwordHash === undefined || ctx.conn.serverPasswordAccepted) return true;
  refuse(ctx);
  return false;
}

function refuse(ctx: CommandContext): void {
  ctx.reply(ERR_PASSWDMISMATCH, WRONG);
  ctx.quit('Bad password');
}
