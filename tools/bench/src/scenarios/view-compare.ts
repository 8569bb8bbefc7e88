/**
 * Compares the servers' views of the network (each state's debug snapshot, see
 * apps/state/src/engine/snapshot.ts) with each other and with the users the benchmark knows are
 * connected. Pure: the snapshots are fetched elsewhere (state-views.ts).
 */

/** The network-wide part of a state's snapshot that the comparison reads. */
export interface ViewSnapshot {
  users: Array<{ uid: string; nick: string; server: string; modes: string } & Record<string, unknown>>;
  channels: Array<{ name: string; modes: string; members: string[] } & Record<string, unknown>>;
}

/** One server's view, or why it gave none. */
export type ServerView = { server: string; snapshot: ViewSnapshot } | { server: string; error: string };

/** Examples of each kind of difference named in a message; the count is always complete. */
const EXAMPLES = 3;

const lower = (s: string) => s.toLowerCase();

function listed(kind: string, names: string[]): string {
  const shown = names.slice(0, EXAMPLES).join(', ');
  return `${names.length} ${kind} (${shown}${names.length > EXAMPLES ? ', …' : ''})`;
}

/** Entries keyed by name, each as comparable text of every field. */
function keyed<T extends Record<string, unknown>>(items: T[], key: (item: T) => string): Map<string, string> {
  return new Map(items.map((item) => [lower(key(item)), JSON.stringify(item, Object.keys(item).sort())]));
}

/** What `other` has that `base` lacks, lacks that `base` has, and holds differently. */
function diffKeyed(what: string, base: Map<string, string>, other: Map<string, string>): string[] {
  const extra = [...other.keys()].filter((k) => !base.has(k));
  const missing = [...base.keys()].filter((k) => !other.has(k));
  const changed = [...base.keys()].filter((k) => other.has(k) && other.get(k) !== base.get(k));
  return [
    ...(extra.length > 0 ? [listed(`${what} more`, extra)] : []),
    ...(missing.length > 0 ? [listed(`${what} fewer`, missing)] : []),
    ...(changed.length > 0 ? [listed(`${what} that differ`, changed)] : []),
  ];
}

/**
 * Every difference between the views, as lines naming the server, plus (with `expectedNicks`)
 * users a view holds that are not connected (ghosts) and connected users it lacks. No lines: the
 * views are identical and, if given, hold exactly the expected users.
 */
export function compareViews(views: readonly ServerView[], expectedNicks?: readonly string[]): string[] {
  const problems: string[] = [];
  const answered: Array<{ server: string; snapshot: ViewSnapshot }> = [];
  for (const view of views) {
    if ('error' in view) problems.push(`${view.server}: no view (${view.error})`);
    else answered.push(view);
  }
  const [base, ...others] = answered;
  if (!base) return problems;
  const usersOf = (s: ViewSnapshot) => keyed(s.users, (u) => u.nick);
  const channelsOf = (s: ViewSnapshot) =>
    keyed(
      s.channels.map((c) => ({ ...c, members: [...c.members].sort() })),
      (c) => c.name,
    );
  const baseUsers = usersOf(base.snapshot);
  const baseChannels = channelsOf(base.snapshot);
  for (const other of others) {
    const lines = [
      ...diffKeyed('users', baseUsers, usersOf(other.snapshot)),
      ...diffKeyed('channels', baseChannels, channelsOf(other.snapshot)),
    ];
    for (const line of lines) problems.push(`${other.server} against ${base.server}: ${line}`);
  }
  if (expectedNicks) {
    const expected = new Set(expectedNicks.map(lower));
    for (const view of answered) {
      const held = new Set(view.snapshot.users.map((u) => lower(u.nick)));
      const ghosts = [...held].filter((n) => !expected.has(n));
      const lacking = [...expected].filter((n) => !held.has(n));
      if (ghosts.length > 0) problems.push(`${view.server}: ${listed('users not connected', ghosts)}`);
      if (lacking.length > 0) problems.push(`${view.server}: ${listed('connected users missing', lacking)}`);
    }
  }
  return problems;
}
