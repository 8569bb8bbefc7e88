import type { ChatState } from '../../model/chat-state';
import type { User } from '../../model/types';

/**
 * At registration, the level an AUTH account carries (config.accounts[].level) becomes user
 * modes, as if the user had given OPER: sysop → +o, admin (sysop manager) → +o +a. Returns the
 * letters set ('' for a plain account or none), for the MODE line after the welcome.
 * Runs before the user's `user` event is emitted, so the modes travel with it.
 */
export function applyAccountLevel(state: ChatState, user: User, level: 'user' | 'sysop' | 'admin' | undefined): string {
  if (level !== 'sysop' && level !== 'admin') return '';
  const letters = level === 'admin' ? 'ao' : 'o';
  for (const letter of letters) state.setUserMode(user, letter, true);
  // WHOIS 313 and the umode events name the operator account; here it is the AUTH account.
  if (user.account !== undefined) user.operName = user.account;
  return letters;
}
