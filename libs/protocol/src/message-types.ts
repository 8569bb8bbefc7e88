/** One IRC message, as parsed from or serialised to a line (Modern IRC "Message format"). */
export interface IrcMessage {
  /** IRCv3 message tags, unescaped values; a tag without a value maps to ''. */
  tags?: Record<string, string>;
  /** `nick!user@host` or a server name, without the leading ':'. */
  prefix?: string;
  /** Upper-cased verb or a three-digit numeric. */
  command: string;
  /** Middle params then the trailing one, without the ':' marker. */
  params: string[];
}
