import type { NetInItem, ServerTable } from '@portalchat/protocol';
import type { ServerRecord } from './network-graph';
import { Switchboard, type SwitchLink } from './switchboard';
import type { WireEvent } from './wire-event';

class FakeLink implements SwitchLink {
  readonly events: WireEvent[] = [];
  /** Every topology message sent on the link, in order. */
  readonly topologies: ServerRecord[][] = [];
  constructor(readonly peerId: number) {}
  sendEvents(events: readonly WireEvent[]): void {
    this.events.push(...events);
  }
  sendTopology(records: readonly ServerRecord[]): void {
    this.topologies.push([...records]);
  }
}

const rec = (serverId: number, neighbours: number[], version = 1): ServerRecord => ({
  serverId,
  name: `S${serverId}`,
  description: '',
  epoch: 1,
  version,
  neighbours,
});
const wallops = (text: string) => ({ type: 'wallops' as const, from: 'x', text });

/** Hub 12 between 10 and 11, as the reference star. */
function hub() {
  const delivered: NetInItem[] = [];
  const bad: { problem: string; seq: number }[] = [];
  const board = new Switchboard({
    own: { serverId: 12, name: 'S12', description: '', epoch: 500 },
    deliver: (i) => delivered.push(i),
    linkSummaries: () => [],
    onBadEvent: (problem, wire) => bad.push({ problem, seq: wire.seq }),
  });
  const to10 = new FakeLink(10);
  const to11 = new FakeLink(11);
  board.linkUp(to10);
  board.topology(to10, [rec(10, [12])]);
  board.linkUp(to11);
  board.topology(to11, [rec(11, [12])]);
  const tables = () => delivered.filter((i): i is ServerTable => i.type === 'servers');
  const events = () => delivered.flatMap((i) => (i.type === 'event' ? [i.event] : []));
  return { board, to10, to11, tables, events, bad };
}

describe('Switchboard', () => {
  it('stamps local events with its own origin, epoch and consecutive seqs', () => {
    const { board, to10, to11 } = hub();
    board.fromState([{ event: wallops('a') }, { event: wallops('b') }]);
    expect(to10.events.map((e) => [e.origin, e.epoch, e.seq])).toEqual([
      [12, 500, 1],
      [12, 500, 2],
    ]);
    expect(to11.events).toHaveLength(2);
  });

  it('delivers an event from a link once and forwards it once, with its targets', () => {
    const { board, to10, to11, events } = hub();
    const wire: WireEvent = { origin: 10, epoch: 7, seq: 1, targets: [], json: JSON.stringify(wallops('x')) };
    board.fromLink(to10, [wire]);
    board.fromLink(to11, [wire]); // the same event round a cycle
    expect(events()).toEqual([{ ...wallops('x'), stamp: { origin: 10, epoch: 7, seq: 1 } }]);
    expect(to11.events).toEqual([wire]);
    expect(to10.events).toEqual([]);
  });

  describe('event age', () => {
    function timed(now: { ms: number }) {
      const ages: number[] = [];
      const board = new Switchboard({
        own: { serverId: 12, name: 'S12', description: '', epoch: 500 },
        deliver: () => {},
        linkSummaries: () => [],
        onBadEvent: () => {},
        eventAge: { clock: () => now.ms, observe: (ms) => ages.push(ms) },
      });
      const to10 = new FakeLink(10);
      const to11 = new FakeLink(11);
      board.linkUp(to10);
      board.topology(to10, [rec(10, [12])]);
      board.linkUp(to11);
      board.topology(to11, [rec(11, [12])]);
      return { board, to10, to11, ages };
    }
    const at = (seq: number, stamped: number | undefined, targets: number[] = []): WireEvent => ({
      origin: 10,
      epoch: 7,
      seq,
      targets,
      json: JSON.stringify(wallops(String(seq))),
      ...(stamped !== undefined ? { at: stamped } : {}),
    });

    it('stamps local events with the clock', () => {
      const { board, to10 } = timed({ ms: 1_700_000_000_123 });
      board.fromState([{ event: wallops('a') }]);
      expect(to10.events[0]?.at).toBe(1_700_000_000_123);
    });

    it('measures events for this server at their first arrival, and passes the stamp on unchanged', () => {
      const now = { ms: 5_000 };
      const { board, to10, to11, ages } = timed(now);
      board.fromLink(to10, [at(1, 4_990), at(2, 4_000)]);
      board.fromLink(to11, [at(1, 4_990)]); // round a cycle: not measured again
      expect(ages).toEqual([10, 1_000]);
      expect(to11.events.map((e) => e.at)).toEqual([4_990, 4_000]);
    });

    it('leaves out events without a stamp time and events only passing through; a clock behind counts 0', () => {
      const { board, to10, ages } = timed({ ms: 5_000 });
      board.fromLink(to10, [at(1, undefined), at(2, 0), at(3, 4_000, [11]), at(4, 6_000)]);
      expect(ages).toEqual([0]);
    });
  });

  it('passes a targeted event on without delivering it here', () => {
    const { board, to10, to11, events } = hub();
    const wire: WireEvent = { origin: 10, epoch: 7, seq: 1, targets: [11], json: JSON.stringify(wallops('pm')) };
    board.fromLink(to10, [wire]);
    expect(events()).toEqual([]);
    expect(to11.events).toEqual([wire]);
  });

  it('tells state the table on every change and the split reason when a link dies', () => {
    const { board, to10, tables } = hub();
    expect(
      tables()
        .at(-1)
        ?.servers.map((s) => s.serverId),
    ).toEqual([12, 10, 11]);
    board.linkDown(to10);
    expect(tables().at(-1)).toMatchObject({ servers: [{ serverId: 12 }, { serverId: 11 }], splitReason: 'S12 S10' });
  });

  it('floods news of the topology to the other links only', () => {
    const { board, to10, to11 } = hub();
    const before10 = to10.topologies.length;
    const before11 = to11.topologies.length;
    board.topology(to11, [rec(11, [12, 13], 2), rec(13, [11])]);
    expect(to10.topologies.slice(before10)).toEqual([[rec(11, [12, 13], 2), rec(13, [11])]]);
    expect(to11.topologies.length).toBe(before11);
    expect(board.reachableVia(to11)).toEqual([11, 13]);
    const again = to10.topologies.length;
    board.topology(to11, [rec(11, [12, 13], 2)]); // old news: not flooded
    expect(to10.topologies.length).toBe(again);
  });

  it('drops an event it cannot read (bad JSON, unknown type, missing field): not delivered, not passed on', () => {
    const { board, to10, to11, events, bad } = hub();
    const wire = (seq: number, json: string): WireEvent => ({ origin: 10, epoch: 7, seq, targets: [], json });
    const good = wire(4, JSON.stringify(wallops('fine')));
    board.fromLink(to10, [
      wire(1, '{"type":"wallops",'),
      wire(2, JSON.stringify({ type: 'teleport', uid: 'u' })),
      wire(3, JSON.stringify({ type: 'quit', reason: 'no uid' })),
      good,
    ]);
    expect(bad.map((b) => b.seq)).toEqual([1, 2, 3]);
    expect(bad[0]?.problem).toMatch(/^unreadable JSON/);
    expect(bad[1]?.problem).toBe('unknown event type "teleport"');
    expect(bad[2]?.problem).toBe('bad or missing field "uid" of quit');
    // The good event of the same frame still goes everywhere it should.
    expect(events()).toEqual([{ ...wallops('fine'), stamp: { origin: 10, epoch: 7, seq: 4 } }]);
    expect(to11.events).toEqual([good]);
    expect(to10.events).toEqual([]);
  });

  it('sends a new peer the whole network, its own record first and listing the new peer', () => {
    const { to10, to11 } = hub();
    const own = (neighbours: number[], version: number) => ({ ...rec(12, neighbours, version), epoch: 500 });
    expect(to11.topologies[0]).toEqual([own([10, 11], 3), rec(10, [12])]);
    // The peer that was there first hears of the new link through our new record, then of 11's.
    expect(to10.topologies).toEqual([[own([10], 2)], [own([10, 11], 3)], [rec(11, [12])]]);
  });

  it('plans a burst without the servers behind the link, and none on a link to a server already reachable', () => {
    const { board, to10, to11 } = hub();
    expect(board.burstPlan(to10)).toEqual({ send: true, exclude: [10], servers: [11, 12] });
    board.topology(to11, [rec(11, [12, 13], 2), rec(13, [11])]);
    expect(board.burstPlan(to11)).toEqual({ send: true, exclude: [11, 13], servers: [10, 12] });
    // A second link to 13 (a cycle): 13 was on the network through 11 already.
    const to13 = new FakeLink(13);
    board.linkUp(to13);
    expect(board.burstPlan(to13)).toEqual({ send: false });
  });
});

/** Hub 12 between leaves 10 and 11 with a split grace of 1000 ms and a clock the test moves. */
function hubWithGrace() {
  const delivered: NetInItem[] = [];
  const outcomes: string[] = [];
  let now = 10_000;
  const board = new Switchboard({
    own: { serverId: 12, name: 'S12', description: '', epoch: 500 },
    deliver: (i) => delivered.push(i),
    linkSummaries: () => [],
    onBadEvent: () => {},
    splitGrace: { ms: 1000, now: () => now },
    onSplitGrace: (outcome, splits, names) =>
      outcomes.push(`${outcome} ${names.join(',')} ${splits.map((p) => p.reason ?? '-').join(',')}`),
  });
  board.announce();
  const to10 = new FakeLink(10);
  const to11 = new FakeLink(11);
  board.linkUp(to10);
  board.topology(to10, [rec(10, [12])]);
  board.linkUp(to11);
  board.topology(to11, [rec(11, [12])]);
  const tables = () => delivered.filter((i): i is ServerTable => i.type === 'servers');
  const last = () => {
    const table = tables().at(-1);
    if (!table) throw new Error('no table delivered');
    return { ids: table.servers.map((s) => s.serverId), ...table, servers: undefined, links: undefined };
  };
  const advance = (ms: number) => (now += ms);
  return { board, to10, to11, tables, last, outcomes, advance, now: () => now };
}

describe('Switchboard with a split grace', () => {
  it('holds every server state may know while it has just started, until its grace is over', () => {
    const { board, tables, advance } = hubWithGrace();
    expect(tables()[0]).toMatchObject({ servers: [{ serverId: 12 }], holdUnlisted: true });
    expect(tables().at(-1)).toMatchObject({ holdUnlisted: true });
    expect(board.nextGraceDeadline()).toBe(11_000);
    const count = tables().length;
    advance(1000);
    board.expireGrace();
    expect(tables()).toHaveLength(count + 1);
    expect(tables().at(-1)?.holdUnlisted).toBeUndefined();
    expect(
      tables()
        .at(-1)
        ?.servers.map((s) => s.serverId),
    ).toEqual([12, 10, 11]);
    expect(board.nextGraceDeadline()).toBeUndefined();
  });

  it('keeps a lost server pending (no split reason) and announces the split when the grace is over', () => {
    const { board, to11, last, outcomes, advance } = hubWithGrace();
    advance(2000);
    board.expireGrace();
    board.linkDown(to11);
    expect(last()).toMatchObject({ ids: [12, 10], pending: [11] });
    expect(last().splitReason).toBeUndefined();
    expect(outcomes).toEqual(['pending S11 S12 S11']);
    // What the map shows (#14): 11 pending, only the link to 10 left.
    expect(board.pendingServers()).toEqual([11]);
    expect(board.edges()).toEqual([[10, 12]]);
    expect(board.nextGraceDeadline()).toBe(13_000);
    advance(999);
    board.expireGrace();
    expect(last().pending).toEqual([11]);
    advance(1);
    board.expireGrace();
    expect(last()).toMatchObject({ ids: [12, 10], splitReason: 'S12 S11' });
    expect(last().pending).toBeUndefined();
    expect(outcomes).toEqual(['pending S11 S12 S11', 'announced S11 S12 S11']);
    expect(board.pendingServers()).toEqual([]);
    expect(board.nextGraceDeadline()).toBeUndefined();
  });

  it('splits at once during the start-up hold too, when an operator dropped the link', () => {
    const { board, to11, last } = hubWithGrace();
    board.linkDown(to11, { grace: false });
    expect(last()).toMatchObject({ ids: [12, 10], splitReason: 'S12 S11' });
    expect(last().holdUnlisted).toBeUndefined();
  });

  it('splits at once, whatever the grace, a link an operator dropped (SQUIT: grace false)', () => {
    const { board, to11, last, outcomes, advance } = hubWithGrace();
    advance(2000);
    board.expireGrace();
    board.linkDown(to11, { grace: false });
    expect(last()).toMatchObject({ ids: [12, 10], splitReason: 'S12 S11' });
    expect(last().pending).toBeUndefined();
    expect(outcomes).toEqual([]);
    expect(board.nextGraceDeadline()).toBeUndefined();
  });

  it('releases a server that is back within the grace: never split, and its link gets a full burst', () => {
    const { board, to11, last, outcomes, advance } = hubWithGrace();
    advance(2000);
    board.expireGrace();
    board.linkDown(to11);
    advance(500);
    const again = new FakeLink(11);
    board.linkUp(again);
    // A server that was pending is no longer reachable: the link is not redundant, it bursts.
    board.topology(again, [rec(11, [12], 2)]);
    expect(board.burstPlan(again)).toEqual({ send: true, exclude: [11], servers: [10, 12] });
    expect(last()).toMatchObject({ ids: [12, 10, 11] });
    expect(last().pending).toBeUndefined();
    expect(last().splitReason).toBeUndefined();
    expect(outcomes).toEqual(['pending S11 S12 S11', 'healed S11 S12 S11']);
    expect(board.nextGraceDeadline()).toBeUndefined();
  });

  it('announces splits of different links each with its own reason, each table still holding the later ones', () => {
    const { board, to10, to11, tables, advance } = hubWithGrace();
    advance(2000);
    board.expireGrace();
    board.linkDown(to11);
    board.linkDown(to10);
    const before = tables().length;
    advance(1000);
    board.expireGrace();
    const announced = tables().slice(before);
    expect(announced.map((t) => [t.splitReason, t.pending])).toEqual([
      ['S12 S11', [10]],
      ['S12 S10', undefined],
    ]);
  });

  it('splits at once without a grace, as before', () => {
    const { board, to11, tables } = hub();
    board.linkDown(to11);
    expect(tables().at(-1)).toMatchObject({ splitReason: 'S12 S11' });
    expect(tables().at(-1)?.pending).toBeUndefined();
    expect(board.nextGraceDeadline()).toBeUndefined();
  });
});

describe('Switchboard holding events for split-pending servers', () => {
  /** The hub of hubWithGrace with 11 lost (pending) and the outcomes of its hold recorded. */
  function hubWith11Pending(limits = { maxEvents: 100, maxBytes: 100_000 }) {
    const delivered: NetInItem[] = [];
    const held: string[] = [];
    let now = 10_000;
    const board = new Switchboard({
      own: { serverId: 12, name: 'S12', description: '', epoch: 500 },
      deliver: (i) => delivered.push(i),
      linkSummaries: () => [],
      onBadEvent: () => {},
      splitGrace: { ms: 1000, now: () => now },
      hold: limits,
      onHold: (o) => held.push(`${o.outcome} ${o.events}${o.outcome === 'overflow' && o.first ? ' first' : ''}`),
    });
    board.announce();
    const to10 = new FakeLink(10);
    const to11 = new FakeLink(11);
    board.linkUp(to10);
    board.topology(to10, [rec(10, [12])]);
    board.linkUp(to11);
    board.topology(to11, [rec(11, [12])]);
    now += 2000;
    board.expireGrace(); // the start-up hold is over
    board.linkDown(to11);
    const advance = (ms: number) => (now += ms);
    /** 11 relinks: its link comes up and its records arrive. */
    const relink = () => {
      const again = new FakeLink(11);
      board.linkUp(again);
      board.topology(again, [rec(11, [12], 2)]);
      return again;
    };
    return { board, to10, to11, held, advance, relink };
  }
  const texts = (link: FakeLink) => link.events.map((e) => (JSON.parse(e.json) as { text?: string }).text);

  it('keeps what state sends to a pending server and sends it, in order, when the link is back', () => {
    const { board, to10, relink, held } = hubWith11Pending();
    board.fromState([{ event: wallops('to all') }, { event: wallops('to 11'), targets: [11] }]);
    board.fromState([{ event: wallops('to 10'), targets: [10] }]);
    expect(texts(to10)).toEqual(['to all', 'to 10']);
    const again = relink();
    expect(texts(again)).toEqual(['to all', 'to 11']);
    // Narrowed to the server it was kept for; the stamp is the one it was made with.
    expect(again.events.map((e) => [e.seq, e.targets])).toEqual([
      [1, [11]],
      [2, [11]],
    ]);
    expect(held).toEqual(['released 2']);
    board.fromState([{ event: wallops('live') }]);
    expect(texts(again)).toEqual(['to all', 'to 11', 'live']);
  });

  it('sends a relinked server nothing live before its records come: what was held for it goes first, each once', () => {
    const { board, to10 } = hubWith11Pending();
    board.fromState([{ event: wallops('held 1') }]);
    const from10 = (seq: number, text: string): WireEvent => ({
      origin: 10,
      epoch: 7,
      seq,
      targets: [],
      json: JSON.stringify(wallops(text)),
    });
    board.fromLink(to10, [from10(1, 'held 2')]);
    // 11's new portal linked; its records are still on the way while untargeted events come.
    const again = new FakeLink(11);
    board.linkUp(again);
    board.fromState([{ event: wallops('meanwhile 1') }]);
    board.fromLink(to10, [from10(2, 'meanwhile 2')]);
    expect(texts(again)).toEqual([]);
    board.topology(again, [rec(11, [12], 2)]);
    expect(texts(again)).toEqual(['held 1', 'held 2', 'meanwhile 1', 'meanwhile 2']);
    board.fromState([{ event: wallops('live') }]);
    expect(texts(again)).toEqual(['held 1', 'held 2', 'meanwhile 1', 'meanwhile 2', 'live']);
  });

  it('keeps what another link passes on towards a pending server (the hub between two leaves)', () => {
    const { board, relink } = hubWith11Pending();
    const from10: WireEvent = { origin: 10, epoch: 7, seq: 1, targets: [11, 12], json: JSON.stringify(wallops('x')) };
    board.fromLink(new FakeLink(10), [from10]);
    const again = relink();
    expect(again.events).toEqual([{ ...from10, targets: [11] }]);
  });

  it('drops what it held when the split is announced, and holds nothing once it is', () => {
    const { board, advance, relink, held } = hubWith11Pending();
    board.fromState([{ event: wallops('a') }, { event: wallops('b'), targets: [11] }]);
    advance(1000);
    board.expireGrace();
    expect(held).toEqual(['split 2']);
    board.fromState([{ event: wallops('after') }]);
    expect(texts(relink())).toEqual([]);
  });

  it('drops the oldest past its bounds and reports the first overflow of the hold once', () => {
    const { board, relink, held } = hubWith11Pending({ maxEvents: 2, maxBytes: 100_000 });
    board.fromState([{ event: wallops('1') }, { event: wallops('2') }, { event: wallops('3') }]);
    board.fromState([{ event: wallops('4') }]);
    expect(held).toEqual(['overflow 1 first', 'overflow 1']);
    expect(texts(relink())).toEqual(['3', '4']);
  });

  it('after a start, keeps what state sends before any link is up and sends it once the servers are known', () => {
    const delivered: NetInItem[] = [];
    const fresh = new Switchboard({
      own: { serverId: 10, name: 'S10', description: '', epoch: 600 },
      deliver: (i) => delivered.push(i),
      linkSummaries: () => [],
      onBadEvent: () => {},
      splitGrace: { ms: 1000, now: () => 0 },
    });
    fresh.announce();
    fresh.fromState([{ event: wallops('everyone') }, { event: wallops('to 11'), targets: [11] }]);
    const up = new FakeLink(12);
    fresh.linkUp(up);
    expect(texts(up)).toEqual([]);
    fresh.topology(up, [rec(12, [10, 11]), rec(11, [12])]);
    // To each server it learnt of (one that appears later gets its own copy then).
    expect(up.events.map((e) => [(JSON.parse(e.json) as { text: string }).text, e.targets])).toEqual([
      ['everyone', [12, 11]],
      ['to 11', [11]],
    ]);
  });

  it('after a start, sends a link nothing live before its records come: what it kept goes first, each once', () => {
    const fresh = new Switchboard({
      own: { serverId: 10, name: 'S10', description: '', epoch: 600 },
      deliver: () => {},
      linkSummaries: () => [],
      onBadEvent: () => {},
      splitGrace: { ms: 1000, now: () => 0 },
    });
    fresh.announce();
    fresh.fromState([{ event: wallops('kept') }]);
    const up = new FakeLink(12);
    fresh.linkUp(up);
    fresh.fromState([{ event: wallops('meanwhile') }]);
    expect(texts(up)).toEqual([]);
    fresh.topology(up, [rec(12, [10, 11]), rec(11, [12])]);
    fresh.fromState([{ event: wallops('live') }]);
    expect(texts(up)).toEqual(['kept', 'meanwhile', 'live']);
  });

  it('holds nothing without a grace', () => {
    const { board, to11 } = hub();
    board.linkDown(to11);
    board.fromState([{ event: wallops('lost') }]);
    const again = new FakeLink(11);
    board.linkUp(again);
    board.topology(again, [rec(11, [12], 2)]);
    expect(again.events).toEqual([]);
  });
});

describe('Switchboard resending what a dead link was given last', () => {
  it('holds again the messages sent on a link in its last seconds, for the servers behind it, and nothing else', () => {
    let now = 10_000;
    const board = new Switchboard({
      own: { serverId: 12, name: 'S12', description: '', epoch: 500 },
      deliver: () => {},
      linkSummaries: () => [],
      onBadEvent: () => {},
      splitGrace: { ms: 5000, now: () => now },
    });
    const to10 = new FakeLink(10);
    board.linkUp(to10);
    board.topology(to10, [rec(10, [12])]);
    now += 5000;
    board.expireGrace();
    const message = (text: string) => ({
      event: {
        type: 'message' as const,
        command: 'PRIVMSG' as const,
        from: 'u',
        to: '#c',
        text,
        time: now,
        msgid: text,
      },
    });
    board.fromState([message('old')]);
    now += 3500;
    board.fromState([message('recent'), { event: wallops('no msgid') }]);
    board.linkDown(to10);
    const again = new FakeLink(10);
    board.linkUp(again);
    board.topology(again, [rec(10, [12], 2)]);
    expect(again.events.map((e) => (JSON.parse(e.json) as { text: string }).text)).toEqual(['recent']);
    expect(again.events.map((e) => e.seq)).toEqual([2]);
  });

  it('holds again at most the last 2,000 of them', () => {
    let now = 10_000;
    const board = new Switchboard({
      own: { serverId: 12, name: 'S12', description: '', epoch: 500 },
      deliver: () => {},
      linkSummaries: () => [],
      onBadEvent: () => {},
      splitGrace: { ms: 5000, now: () => now },
    });
    const to10 = new FakeLink(10);
    board.linkUp(to10);
    board.topology(to10, [rec(10, [12])]);
    now += 5000;
    board.expireGrace();
    const batch = (from: number) =>
      Array.from({ length: 1000 }, (_, i) => ({
        event: {
          type: 'message' as const,
          command: 'PRIVMSG' as const,
          from: 'u',
          to: '#c',
          text: `${from + i}`,
          time: now,
          msgid: `${from + i}`,
        },
      }));
    for (const from of [0, 1000, 2000]) board.fromState(batch(from));
    board.linkDown(to10);
    const again = new FakeLink(10);
    board.linkUp(again);
    board.topology(again, [rec(10, [12], 2)]);
    const texts = again.events.map((e) => Number((JSON.parse(e.json) as { text: string }).text));
    expect(texts).toEqual(Array.from({ length: 2000 }, (_, i) => 1000 + i));
  });
});
