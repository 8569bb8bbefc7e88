import type { User } from '../model/types';
import type { ServerTags } from './outbox';

/** The bot-mode user mode (https://ircv3.net/specs/extensions/bot-mode), named by ISUPPORT `BOT`. */
export const BOT_MODE = 'B';

/**
 * The tags a message carries because of who sent it: `account` (account-tag) when the sender is
 * logged in, `bot` when it has +B. Each server reads them off its own copy of the sender (account
 * and modes travel with the user), so network events need not carry them.
 */
export function senderTags(user: User): Pick<ServerTags, 'account' | 'bot'> {
  const bot = user.modes.has(BOT_MODE);
  if (user.account === undefined) return bot ? { bot } : {};
  return bot ? { account: user.account, bot } : { account: user.account };
}
