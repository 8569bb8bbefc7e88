import { A, B, C, threeServerStar } from '../../testing/networks';
import type { TestClient } from '../../testing/harness';

const CAPS = ['message-tags', 'server-time', 'draft/chathistory', 'draft/event-playback', 'draft/message-redaction'];

/** The history lines of a CHATHISTORY reply without the batch tag (each server names its batch). */
function replay(c: TestClient, target: string): string[] {
  c.user.local?.caps.add('batch');
  return c
    .ask(`CHATHISTORY LATEST ${target} * 50`)
    .slice(1, -1)
    .map((l) => l.replace(/^@batch=[^;]+;/, '@'));
}

describe('history across servers', () => {
  it('a server that joins a channel late replays the same lines, msgids and times as the origin', () => {
    const net = threeServerStar();
    // The servers' clocks move together (history orders by the origin's time).
    const tick = () => {
      for (const id of [A, B, C]) net.server(id).advance(10);
    };
    const alice = net.server(A).connect('alice', { caps: CAPS });
    const carol = net.server(C).connect('carol', { caps: CAPS });
    const bob = net.server(B).connect('bob', { caps: CAPS });
    const steps: [TestClient, string][] = [
      [alice, 'JOIN #late'],
      [alice, 'TOPIC #late :first topic'],
      [alice, 'PRIVMSG #late :before anyone else'],
      [alice, '@+draft/react=x TAGMSG #late'],
      // Nobody on B or C was in #late so far: they stored it all the same.
      [carol, 'JOIN #late'],
      [bob, 'JOIN #late'],
      [alice, 'MODE #late +v bob'],
      [alice, 'PRIVMSG #late :after'],
      [bob, 'NICK bobby'],
      [bob, 'PART #late :bye'],
    ];
    for (const [client, line] of steps) {
      tick();
      client.ask(line); // ask: the network delivers before the next step
    }
    for (const c of [alice, bob, carol]) c.lines();
    const fromA = replay(alice, '#late');
    expect(fromA.map((l) => l.replace(/^@\S+ /, ''))).toEqual([
      ':alice!~alice@127.0.1.1 JOIN #late',
      ':alice!~alice@127.0.1.1 TOPIC #late :first topic',
      ':alice!~alice@127.0.1.1 PRIVMSG #late :before anyone else',
      ':alice!~alice@127.0.1.1 TAGMSG #late',
      ':carol!~carol@127.0.1.1 JOIN #late',
      ':bob!~bob@127.0.1.1 JOIN #late',
      ':alice!~alice@127.0.1.1 MODE #late +v bob',
      ':alice!~alice@127.0.1.1 PRIVMSG #late after',
      ':bob!~bob@127.0.1.1 NICK bobby',
      ':bobby!~bob@127.0.1.1 PART #late bye',
    ]);
    expect(replay(carol, '#late')).toEqual(fromA);
    bob.send('JOIN #late');
    bob.lines();
    expect(replay(bob, '#late').slice(0, fromA.length)).toEqual(fromA);
  });

  it('a private message is stored on both servers alike, and a redaction removes it from both', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice', { caps: CAPS });
    const bob = net.server(B).connect('bob', { caps: CAPS });
    alice.send('PRIVMSG bob :hello bob');
    bob.send('PRIVMSG alice :hello alice');
    alice.lines();
    bob.lines();
    const fromA = replay(alice, 'bob');
    expect(fromA).toHaveLength(2);
    expect(replay(bob, 'alice')).toEqual(fromA);
    const msgid = /msgid=([^;]+)/.exec(fromA[0] ?? '')?.[1] ?? '';
    alice.send(`REDACT bob ${msgid}`);
    expect(bob.lines()).toEqual([expect.stringMatching(new RegExp(` REDACT bob ${msgid}$`))]);
    expect(replay(alice, 'bob')).toEqual(fromA.slice(1));
    expect(replay(bob, 'alice')).toEqual(fromA.slice(1));
  });

  it('a channel redaction on one server removes the line from every server', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice', { caps: CAPS });
    const bob = net.server(B).connect('bob', { caps: CAPS });
    alice.send('JOIN #r');
    bob.send('JOIN #r');
    alice.send('PRIVMSG #r :remove me');
    alice.lines();
    bob.lines();
    const msgid =
      net
        .server(A)
        .engine.history?.target('#r')
        ?.list.find((e) => e.command === 'PRIVMSG')?.msgid ?? '';
    expect(net.server(C).engine.history?.find('#r', msgid)?.params).toEqual(['#r', 'remove me']);
    alice.send(`REDACT #r ${msgid}`);
    expect(bob.lines()).toEqual([expect.stringMatching(new RegExp(` REDACT #r ${msgid}$`))]);
    for (const id of [A, B, C]) expect(net.server(id).engine.history?.find('#r', msgid)).toBeUndefined();
  });

  it('issue 13: after a netsplit the netjoin burst merges both sides into one history (same msgids, same order)', () => {
    const net = threeServerStar();
    const tick = () => {
      for (const id of [A, B, C]) net.server(id).advance(10);
    };
    const alice = net.server(A).connect('alice', { caps: CAPS });
    const bob = net.server(B).connect('bob', { caps: CAPS });
    for (const [c, line] of [
      [alice, 'JOIN #split'],
      [bob, 'JOIN #split'],
      [alice, 'PRIVMSG #split :before the split'],
      [alice, 'PRIVMSG #split :redacted while split'],
    ] as const) {
      tick();
      c.ask(line);
    }
    bob.lines();
    const doomed = net.server(A).engine.history?.target('#split')?.list.at(-1)?.msgid ?? '';
    net.unlink(B, C);
    alice.lines();
    bob.lines();
    // Each side talks on its own; A also redacts a line B still holds.
    for (const [c, line] of [
      [alice, 'PRIVMSG #split :a while split'],
      [bob, 'PRIVMSG #split :b while split'],
      [alice, 'PRIVMSG #split :a again'],
      [bob, `PRIVMSG #split :b again`],
      [alice, `REDACT #split ${doomed}`],
    ] as const) {
      tick();
      c.ask(line);
    }
    expect(replay(alice, '#split')).not.toEqual(replay(bob, '#split'));
    net.link(B, C);
    alice.lines();
    bob.lines();
    const merged = replay(alice, '#split');
    const texts = merged.filter((l) => l.includes(' PRIVMSG ')).map((l) => l.replace(/^.* PRIVMSG #split :?/, ''));
    expect(texts).toEqual(['before the split', 'a while split', 'b while split', 'a again', 'b again']);
    expect(replay(bob, '#split')).toEqual(merged);
    const carol = net.server(C).connect('carol', { caps: CAPS });
    carol.send('JOIN #split');
    carol.lines();
    // Carol's own JOIN comes after everything merged.
    expect(replay(carol, '#split').slice(0, merged.length)).toEqual(merged);
  });
});
