import type { HostConfig, UserAccount } from '@portalchat/config';
import { ircLower, type NetAccount } from '@portalchat/protocol';
import type { ChatState } from '../../model/chat-state';

/**
 * The network-wide account store (REGISTER, IRCv3 draft/account-registration). Accounts live in
 * state like every other network-wide object (G-lines, `ACCESS *`): a registration is a network
 * event, every server applies it, a burst restates them all, and the snapshot and journal keep
 * them across restarts. Applying is idempotent and order-free: of two registrations of one name,
 * the older wins (`registeredAt`, then the lower `serverId`), so both sides of a split settle alike.
 */

/** What logging in needs of an account, from the host file or the store. */
export interface LoginAccount {
  name: string;
  level: UserAccount['level'];
  /** `scrypt$…` (host file) or `scram-sha-256$…` (host file or REGISTER). */
  passwordHash: string;
}

/** The host file's account of this name (they win over the store: an operator's word). */
function configuredAccount(config: HostConfig, name: string): UserAccount | undefined {
  const folded = ircLower(name);
  return config.accounts.find((a) => ircLower(a.name) === folded);
}

/** The account a client names (any case), from the host file first, then the store. */
export function findLoginAccount(state: ChatState, config: HostConfig, name: string): LoginAccount | undefined {
  const configured = configuredAccount(config, name);
  if (configured) return configured;
  const stored = state.registeredAccounts.get(ircLower(name));
  return stored && { name: stored.name, level: 'user', passwordHash: stored.credentials };
}

/** Whether the name is taken, by the host file or the store. */
export function accountExists(state: ChatState, config: HostConfig, name: string): boolean {
  return findLoginAccount(state, config, name) !== undefined;
}

/** Whether `a` wins over `b` for the same name: the older registration, then the lower server ID. */
function wins(a: NetAccount, b: NetAccount): boolean {
  if (a.registeredAt !== b.registeredAt) return a.registeredAt < b.registeredAt;
  if (a.serverId !== b.serverId) return a.serverId < b.serverId;
  // The same registration twice (a burst restating it): keep the one held.
  return false;
}

/** Takes an account (made here, or from the network) unless one that wins is held. True when taken. */
export function mergeAccount(state: ChatState, account: NetAccount): boolean {
  const folded = ircLower(account.name);
  const held = state.registeredAccounts.get(folded);
  if (held && !wins(account, held)) return false;
  state.registeredAccounts.set(folded, { ...account });
  return true;
}
