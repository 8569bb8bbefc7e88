import { escapeTagValue } from '@portalchat/protocol';

/**
 * Tags added to a line already serialised for one connection (a labeled response's `label`, a
 * batch's `batch`): the line keeps its own tags after the new one, so nothing is parsed twice.
 */
export function withLeadingTag(line: string, key: string, value: string): string {
  const tag = value === '' ? key : `${key}=${escapeTagValue(value)}`;
  return line.charCodeAt(0) === 0x40 /* @ */ ? `@${tag};${line.slice(1)}` : `@${tag} ${line}`;
}

/** Whether a serialised line carries tag `key` (to leave a nested batch's own lines alone). */
export function lineHasTag(line: string, key: string): boolean {
  if (line.charCodeAt(0) !== 0x40 /* @ */) return false;
  const end = line.indexOf(' ');
  const tags = end === -1 ? line.slice(1) : line.slice(1, end);
  return tags.split(';').some((tag) => tag === key || tag.startsWith(`${key}=`));
}
