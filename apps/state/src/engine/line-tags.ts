import { escapeTagValue, unescapeTagValue } from '@portalchat/protocol';

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

/**
 * The `label` tag of a line too long to parse, from the start of its tag section (complete tags
 * only: the section may be cut short); undefined when it has none.
 */
export function labelOfLine(line: string): string | undefined {
  if (line[0] !== '@') return undefined;
  const space = line.indexOf(' ');
  const tags = line.slice(1, space === -1 ? undefined : space).split(';');
  if (space === -1) tags.pop();
  const raw = tags.find((tag) => tag.startsWith('label='))?.slice('label='.length);
  return raw === undefined || raw === '' ? undefined : unescapeTagValue(raw);
}
