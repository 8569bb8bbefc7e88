import type { ChatState } from '../model/chat-state';
import type { User } from '../model/types';
import type { Announcer } from './announce';
import { CAP } from './caps';
import { userPrefix } from './context';
import type { NetOutbox } from './network/net-outbox';
import { presenceAudience } from './presence-audience';
import { senderTags } from './sender-tags';

/**
 * Changes to a user that IRCv3 capabilities announce: SETNAME (setname), the account
 * (account-notify) and the visible user@host (chghost). Each `set…` is the change made on the
 * user's own server: it applies it, shows it to who asked, and tells the network; the network
 * side (apply-presence.ts) applies and shows the same lines through the `announce…` functions.
 */

/** What a change needs: where lines go and where network events go. */
export interface PresenceChanger extends Announcer {
  readonly state: ChatState;
  readonly network: NetOutbox;
}

/** `:nick!user@host SETNAME :<realname>` to the user and its peers with setname. */
export function announceSetname(a: Announcer, state: ChatState, user: User): void {
  const audience = presenceAudience(state, user, CAP.setname, true);
  const message = { prefix: userPrefix(user), command: 'SETNAME', params: [user.realname] };
  a.out.deliver(audience, message, { time: a.now, ...senderTags(user) });
}

/** `:nick!user@host ACCOUNT <account>|*` to the user and its peers with account-notify. */
export function announceAccount(a: Announcer, state: ChatState, user: User): void {
  const audience = presenceAudience(state, user, CAP.accountNotify, true);
  const message = { prefix: userPrefix(user), command: 'ACCOUNT', params: [user.account ?? '*'] };
  a.out.deliver(audience, message, { time: a.now, ...senderTags(user) });
}

/** `:nick!olduser@oldhost CHGHOST <user> <host>` to the user and its peers with chghost. */
export function announceChghost(a: Announcer, state: ChatState, user: User, oldPrefix: string): void {
  const audience = presenceAudience(state, user, CAP.chghost, true);
  const message = { prefix: oldPrefix, command: 'CHGHOST', params: [user.username, user.hostname] };
  a.out.deliver(audience, message, { time: a.now, ...senderTags(user) });
}

/** A local user's realname changes (SETNAME). */
export function setRealname(c: PresenceChanger, user: User, realname: string): void {
  user.realname = realname;
  announceSetname(c, c.state, user);
  c.network.emit({ type: 'setname', uid: user.uid, realname });
}

/**
 * A local user logs in to `account`, or out (undefined), after registration: account-notify
 * peers see ACCOUNT, messages carry the new account-tag, the network learns it. For the account
 * front ends (SASL after registration, REGISTER); a change to the same account does nothing.
 */
export function setAccount(c: PresenceChanger, user: User, account: string | undefined): void {
  if (user.account === account) return;
  if (account === undefined) delete user.account;
  else user.account = account;
  announceAccount(c, c.state, user);
  c.network.emit(
    account === undefined ? { type: 'account', uid: user.uid } : { type: 'account', uid: user.uid, account },
  );
}

/** A local user's visible username and host change (CHGHOST by a sysop; a vhost). */
export function setUserHost(c: PresenceChanger, user: User, username: string, hostname: string): void {
  if (user.username === username && user.hostname === hostname) return;
  const oldPrefix = userPrefix(user);
  // The real host and IP stay what operators (WHOIS 378) and bans see, as with a cloak.
  if (user.realHost === undefined && user.local) {
    user.realHost = user.local.hostname;
    user.ip = user.local.ip;
  }
  user.username = username;
  user.hostname = hostname;
  announceChghost(c, c.state, user, oldPrefix);
  c.network.emit({
    type: 'chghost',
    uid: user.uid,
    username,
    hostname,
    ...(user.realHost !== undefined ? { realHost: user.realHost } : {}),
    ...(user.ip !== undefined ? { ip: user.ip } : {}),
  });
}
