// draft/chathistory on the real reference star (issue 13): history is the same on every server,
// including one that had no member when the messages were sent; it survives a host restart (its
// NATS JetStream stream and its state); a netjoin merges what both sides of a split said; a
// secret channel's history is for its members only.
import { eventually, type IrcTestClient } from '@portalchat/testkit';
import { networkSuite } from './support/network-suite';

const CAPS = 'message-tags server-time echo-message draft/chathistory';

/** `msgid text` of each PRIVMSG line to `target` in `lines`. */
function messages(lines: readonly string[], target: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = new RegExp(`^@\\S*msgid=([^; ]+)\\S* :\\S+ PRIVMSG ${target} :?(.*)$`).exec(line);
    if (m) out.push(`${m[1]} ${m[2]}`);
  }
  return out;
}

describe('IRCv3 chat history across the network', () => {
  const suite = networkSuite([
    ['Chatsrv1', 'Chatsrv3'],
    ['Chatsrv2', 'Chatsrv3'],
  ]);
  const { pool, nick, channel } = suite;

  async function historyClient(host: string, base: string): Promise<IrcTestClient> {
    const client = await pool(host).registered(nick(base));
    client.send(`CAP REQ :${CAPS}`);
    await client.waitFor(/ CAP \S+ ACK /);
    return client;
  }

  /** The PRIVMSGs of `target` a CHATHISTORY LATEST gives `client` (no batch cap: the lines alone, up to `last`). */
  async function latest(client: IrcTestClient, target: string, expected: number): Promise<string[]> {
    const from = client.lines.length;
    client.send(`CHATHISTORY LATEST ${target} * 50`);
    await eventually(`${expected} history lines`, () => messages(client.lines.slice(from), target).length >= expected);
    return messages(client.lines.slice(from), target);
  }

  /** `client` says `texts` in `target`; resolves with its echoes (`msgid text`). */
  async function say(client: IrcTestClient, target: string, texts: string[]): Promise<string[]> {
    const from = client.lines.length;
    for (const text of texts) client.send(`PRIVMSG ${target} :${text}`);
    await eventually('the echoes', () => messages(client.lines.slice(from), target).length === texts.length);
    return messages(client.lines.slice(from), target);
  }

  it('a server that had no member replays the origin msgids; a host restart (NATS and state) keeps them', async () => {
    const chan = channel('hist');
    const alice = await historyClient('Chatsrv1', 'alice');
    alice.send(`JOIN ${chan}`);
    await alice.waitFor(/ 366 /);
    // Nobody on Chatsrv2 or Chatsrv3 is in the channel yet.
    const sent = await say(alice, chan, ['first words', 'second words', 'third']);

    const bob = await historyClient('Chatsrv2', 'bob');
    bob.send(`JOIN ${chan}`);
    await bob.waitFor(/ 366 /);
    expect(await latest(bob, chan, 3)).toEqual(sent);
    const carol = await historyClient('Chatsrv3', 'carol');
    carol.send(`JOIN ${chan}`);
    await carol.waitFor(/ 366 /);
    expect(await latest(carol, chan, 3)).toEqual(sent);
    // Later lines too, in the same order everywhere.
    const more = await say(bob, chan, ['from bob']);
    await eventually('alice hears bob', () => alice.lines.some((l) => l.endsWith('from bob')));
    expect(await latest(alice, chan, 4)).toEqual([...sent, ...more]);

    // Chatsrv2 goes down whole and comes back: its history comes from its JetStream stream.
    await suite.net.host('Chatsrv2').restart();
    await suite.net.waitLinked(30_000);
    const bob2 = await historyClient('Chatsrv2', 'bob');
    bob2.send(`JOIN ${chan}`);
    await bob2.waitFor(/ 366 /);
    expect(await latest(bob2, chan, 4)).toEqual([...sent, ...more]);
    // …read back from the stream (not only replayed from state's journal): the appends went through.
    const loads = [
      ...suite.net
        .host('Chatsrv2')
        .output()
        .matchAll(/"records":(\d+)[^\n]*"msg":"history loaded"/g),
    ];
    expect(Number(loads.at(-1)?.[1])).toBeGreaterThanOrEqual(4);
  }, 40_000);

  it('issue 13: after a netsplit both sides replay one merged history, and a state restart answers alike', async () => {
    const chan = channel('netjoin');
    const alice = await historyClient('Chatsrv1', 'alice');
    const bob = await historyClient('Chatsrv2', 'bob');
    for (const client of [alice, bob]) {
      client.send(`JOIN ${chan}`);
      await client.waitFor(/ 366 /);
      await suite.net.waitConverged();
    }
    const before = await say(alice, chan, ['before the split']);
    await eventually('bob hears alice', () => bob.lines.some((l) => l.endsWith('before the split')));

    await suite.net.host('Chatsrv3').stopPortal();
    await suite.net.waitLinked(8000, { Chatsrv1: ['Chatsrv1'], Chatsrv2: ['Chatsrv2'] });
    const fromAlice = await say(alice, chan, ['alice while split']);
    const fromBob = await say(bob, chan, ['bob while split']);
    expect(await latest(alice, chan, 2)).toEqual([...before, ...fromAlice]);

    await suite.net.host('Chatsrv3').startPortal();
    await suite.net.waitLinked(30_000);
    await suite.net.waitConverged();
    const merged = [...before, ...fromAlice, ...fromBob];
    expect(await latest(alice, chan, 3)).toEqual(merged);
    expect(await latest(bob, chan, 3)).toEqual(merged);
    const carol = await historyClient('Chatsrv3', 'carol');
    carol.send(`JOIN ${chan}`);
    await carol.waitFor(/ 366 /);
    expect(await latest(carol, chan, 3)).toEqual(merged);

    // A restart of Chatsrv1's state (journal replay, then the stream) gives the same answer.
    await suite.net.host('Chatsrv1').restartService('state');
    await suite.net.waitLinked(30_000);
    expect(await latest(alice, chan, 3)).toEqual(merged);
  }, 60_000);

  it('issue 13: a multiline message sent on Chatsrv1 is replayed whole on Chatsrv2, as a batch or as lines', async () => {
    const chan = channel('ml');
    const alice = await historyClient('Chatsrv1', 'alice');
    alice.send('CAP REQ :batch draft/multiline');
    await alice.waitFor(/ CAP \S+ ACK :?batch draft\/multiline/);
    alice.send(`JOIN ${chan}`);
    await alice.waitFor(/ 366 /);
    alice.send(`BATCH +ml1 draft/multiline ${chan}`);
    alice.send(`@batch=ml1 PRIVMSG ${chan} :first line`);
    alice.send(`@batch=ml1;draft/multiline-concat PRIVMSG ${chan} :+joined`);
    alice.send(`@batch=ml1 PRIVMSG ${chan} :second line`);
    alice.send('BATCH -ml1');
    const echo = await alice.waitFor(/ BATCH \+\S+ draft\/multiline /);
    const msgid = /msgid=([^; ]+)/.exec(echo)?.[1];
    expect(msgid).toBeDefined();

    const bob = await historyClient('Chatsrv2', 'bob');
    bob.send('CAP REQ :batch draft/multiline');
    await bob.waitFor(/ CAP \S+ ACK :?batch draft\/multiline/);
    bob.send(`JOIN ${chan}`);
    await bob.waitFor(/ 366 /);
    const from = bob.lines.length;
    bob.send(`CHATHISTORY LATEST ${chan} * 10`);
    await bob.waitFor(/^:Chatsrv2 BATCH -\S+$/);
    await eventually(
      'the outer batch ends',
      () =>
        bob.lines.slice(from).filter((l) => /^:Chatsrv2 BATCH -/.test(l)).length === 1 &&
        bob.lines.slice(from).some((l) => / BATCH \+\S+ chathistory /.test(l)),
    );
    const replay = bob.lines.slice(from);
    const open = replay.find((l) => / BATCH \+\S+ draft\/multiline /.test(l)) ?? '';
    expect(open).toContain(`msgid=${msgid ?? ''}`);
    const inner = /BATCH \+(\S+) draft\/multiline/.exec(open)?.[1] ?? '';
    expect(replay.filter((l) => l.startsWith(`@batch=${inner}`)).map((l) => l.replace(/^@\S+ /, ''))).toEqual([
      expect.stringMatching(new RegExp(`PRIVMSG ${chan} :first line$`)),
      expect.stringMatching(new RegExp(`PRIVMSG ${chan} :?\\+joined$`)),
      expect.stringMatching(new RegExp(`PRIVMSG ${chan} :second line$`)),
    ]);

    // A history client without draft/multiline gets the lines, the first with the msgid.
    const carol = await historyClient('Chatsrv2', 'carol');
    carol.send(`JOIN ${chan}`);
    await carol.waitFor(/ 366 /);
    const start = carol.lines.length;
    carol.send(`CHATHISTORY LATEST ${chan} * 10`);
    await eventually('three lines', () => carol.lines.slice(start).filter((l) => / PRIVMSG /.test(l)).length >= 3);
    const lines = carol.lines.slice(start).filter((l) => / PRIVMSG /.test(l));
    expect(lines.map((l) => /msgid=([^; ]+)/.exec(l)?.[1])).toEqual([msgid, undefined, undefined]);
    expect(lines.map((l) => l.replace(/^.* PRIVMSG \S+ :?/, ''))).toEqual(['first line', '+joined', 'second line']);
  });

  it('a secret channel is read by its members only, on any server', async () => {
    const chan = channel('sec');
    const owner = await historyClient('Chatsrv1', 'own');
    owner.send(`JOIN ${chan}`);
    owner.send(`MODE ${chan} +s`);
    await owner.waitFor(/ MODE \S+ \+s/);
    const sent = await say(owner, chan, ['for members']);
    const member = await historyClient('Chatsrv2', 'mem');
    member.send(`JOIN ${chan}`);
    await member.waitFor(/ 366 /);
    expect(await latest(member, chan, 1)).toEqual(sent);
    const outsider = await historyClient('Chatsrv2', 'out');
    outsider.send(`CHATHISTORY LATEST ${chan} * 10`);
    await outsider.waitFor(new RegExp(` FAIL CHATHISTORY INVALID_TARGET LATEST \\${chan} `));
  });
});
