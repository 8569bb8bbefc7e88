// Restarts with nothing lost, on a real three-host network run by the launcher: while clients on
// every host talk in one channel with numbered messages, kill -9 of a host's state, of its NATS
// server, and of the hub's state. The supervisor brings each back; no client is disconnected,
// every message reaches every other member exactly once and in order, and the servers agree.
import { defined, eventually, IrcTestClient, quietPeriod } from '@portalchat/testkit';
import { isReady, launchNetwork, LOOPBACK, type LaunchedNetwork, type Plan } from './support/launched-network';

/** How often each sender says its next number (ms): the load of the fault. */
const SEND_EVERY_MS = 100;

interface Member {
  nick: string;
  plan: Plan;
  client: IrcTestClient;
}

/** The numbers each receiver got from each sender, in arrival order, and when. */
function received(member: Member, sender: string): { n: number; at: number }[] {
  const prefix = `:${sender}!`;
  const out: { n: number; at: number }[] = [];
  for (const [i, line] of member.client.lines.entries()) {
    if (!line.startsWith(prefix)) continue;
    // A trailing parameter without spaces may come without its colon.
    const match = / PRIVMSG #flow :?(\d+)$/.exec(line);
    if (match) out.push({ n: Number(match[1]), at: member.client.lineTimes[i] ?? 0 });
  }
  return out;
}

describe('restarts with nothing lost (kill -9 under load, real processes)', () => {
  let net: LaunchedNetwork;
  const members: Member[] = [];
  const member = (nick: string) =>
    defined(
      members.find((m) => m.nick === nick),
      nick,
    );

  beforeAll(async () => {
    net = await launchNetwork('portalchat-nothing-lost-', {
      // Ten lines a second per sender, well inside the flood limits.
      flood: { burst: 20, linesPerSecond: 20, maxQueuedLines: 200 },
    });
    for (const [nick, plan] of [
      ['lana', net.leaf],
      ['lars', net.leaf],
      ['hugo', net.hub],
      ['olga', net.other],
    ] as const) {
      const client = await IrcTestClient.connect({ host: LOOPBACK, port: plan.irc });
      await client.register(nick);
      client.send('JOIN #flow');
      await client.waitFor(/ 366 /);
      members.push({ nick, plan, client });
    }
    await eventually('everyone to see everyone in #flow', async () => {
      const views = await net.views();
      return views.every((v) => v === views[0]) && (views[0]?.match(/#flow/g)?.length ?? 0) > 0 && views;
    });
  }, 90_000);

  afterAll(async () => {
    for (const m of members) m.client.close();
    if (net) expect((await net.stop()).left).toEqual([]);
  }, 30_000);

  /**
   * Runs `fault` while lana (Leaf) and hugo (Hub) each send numbered lines, then checks what
   * every other member got: each number once, in order, none missing; that nobody was
   * disconnected; and that the servers agree. The longest gap a receiver saw between two numbers
   * is printed (the bench's restart scenario measures it; here it is only shown).
   */
  async function underLoad(label: string, fault: () => Promise<void>): Promise<void> {
    const senders = ['lana', 'hugo'];
    const counts = new Map(senders.map((s) => [s, 0]));
    const firstLine = new Map(members.map((m) => [m.nick, m.client.lines.length]));
    const before = new Map(members.flatMap((m) => senders.map((s) => [`${m.nick}<-${s}`, received(m, s).length])));
    const timer = setInterval(() => {
      for (const s of senders) {
        const n = (counts.get(s) ?? 0) + 1;
        counts.set(s, n);
        member(s).client.send(`PRIVMSG #flow :${n}`);
      }
    }, SEND_EVERY_MS);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      await fault();
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      clearInterval(timer);
    }
    const pauses: string[] = [];
    // The numbers start again at 1 in every run: this run's lines are those after the last run's.
    const thisRun = (m: Member, s: string) => received(m, s).slice(before.get(`${m.nick}<-${s}`) ?? 0);
    for (const m of members) {
      for (const s of senders.filter((x) => x !== m.nick)) {
        const sent = counts.get(s) ?? 0;
        await eventually(
          `${m.nick} to get all ${sent} of ${s}'s lines (${label})`,
          () => thisRun(m, s).length >= sent,
          {
            timeoutMs: 15_000,
            detail: () =>
              `${m.nick} got ${JSON.stringify(thisRun(m, s).map((r) => r.n))}; last lines:\n${m.client.lines.slice(-8).join('\n')}`,
          },
        );
      }
    }
    await quietPeriod(500, 'a line delivered twice would come within this');
    for (const m of members) {
      for (const s of senders.filter((x) => x !== m.nick)) {
        const sent = counts.get(s) ?? 0;
        const fromThisRun = thisRun(m, s);
        // Each number exactly once, in order: nothing lost, doubled or reordered.
        expect([m.nick, s, fromThisRun.map((r) => r.n)]).toEqual([
          m.nick,
          s,
          Array.from({ length: sent }, (_, i) => i + 1),
        ]);
        const gap = Math.max(0, ...fromThisRun.slice(1).map((r, i) => r.at - (fromThisRun[i]?.at ?? r.at)));
        pauses.push(`${m.nick}<-${s} ${gap} ms`);
      }
      // Nobody was disconnected or told to go.
      expect([
        m.nick,
        m.client.closed,
        m.client.lines.slice(firstLine.get(m.nick)).filter((l) => /^ERROR|QUIT/.test(l)),
      ]).toEqual([m.nick, false, []]);
    }
    process.stdout.write(`nothing-lost e2e (${label}): longest pause per receiver: ${pauses.join(', ')}\n`);
    await eventually('every server to hold the same view', async () => {
      const views = await net.views();
      return views.every((v) => v === views[0]) && views;
    });
  }

  it('kill -9 of a leaf host state: its clients stay, nothing lost or doubled', async () => {
    await underLoad('Leaf state', async () => {
      await net.kill(net.leaf, 'state');
      await eventually("the leaf's state back and ready", () => isReady(net.leaf, 'state'), { timeoutMs: 10_000 });
    });
  }, 60_000);

  it("kill -9 of a leaf host's NATS server: its clients stay, nothing lost or doubled", async () => {
    await underLoad('Leaf nats', async () => {
      await net.kill(net.leaf, 'nats');
      await eventually("the leaf's NATS back", () => isReady(net.leaf, 'nats'), { timeoutMs: 10_000 });
    });
  }, 60_000);

  it("kill -9 of the hub's state: nobody anywhere notices beyond a pause", async () => {
    await underLoad('Hub state', async () => {
      await net.kill(net.hub, 'state');
      await eventually("the hub's state back and ready", () => isReady(net.hub, 'state'), { timeoutMs: 10_000 });
    });
  }, 60_000);
});
