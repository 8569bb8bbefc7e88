import { Harness, operatorAccount, type TestClient } from '../testing/harness';

const CAPS = ['message-tags', 'server-time', 'echo-message', 'draft/chathistory', 'draft/message-redaction'];

function msgidOf(line: string | undefined): string {
  return /msgid=([^; ]+)/.exec(line ?? '')?.[1] ?? '';
}

/** alice (op, first in) and bob in #r, both with the redaction cap; carol in it without. */
function setup(): { h: Harness; alice: TestClient; bob: TestClient; carol: TestClient } {
  const h = new Harness({ operators: [operatorAccount('boss', 'pw')] });
  const alice = h.connect('alice', { caps: CAPS });
  const bob = h.connect('bob', { caps: CAPS });
  const carol = h.connect('carol', { caps: ['message-tags'] });
  for (const c of [alice, bob, carol]) c.send('JOIN #r');
  for (const c of [alice, bob, carol]) c.lines();
  return { h, alice, bob, carol };
}

const strip = (lines: string[]) => lines.map((l) => l.replace(/^@\S+ /, ''));

describe('REDACT', () => {
  it('the sender redacts its message: members with the cap see REDACT, and it leaves history', () => {
    const { alice, bob, carol } = setup();
    const msgid = msgidOf(bob.ask('PRIVMSG #r :oops')[0]);
    alice.lines();
    carol.lines();
    expect(strip(bob.ask(`REDACT #r ${msgid} :typo`))).toEqual([`:bob!~bob@127.0.2.1 REDACT #r ${msgid} typo`]);
    expect(strip(alice.lines())).toEqual([`:bob!~bob@127.0.2.1 REDACT #r ${msgid} typo`]);
    expect(carol.lines()).toEqual([]);
    expect(alice.ask('CHATHISTORY LATEST #r * 10').join('\n')).not.toContain('oops');
  });

  it('a channel operator redacts anyone; a plain member only itself (REDACT_FORBIDDEN)', () => {
    const { alice, bob } = setup();
    const fromAlice = msgidOf(alice.ask('PRIVMSG #r :mine')[0]);
    const fromBob = msgidOf(bob.ask('PRIVMSG #r :spam')[0]);
    alice.lines();
    expect(bob.ask(`REDACT #r ${fromAlice}`)).toEqual([
      `:irc.test FAIL REDACT REDACT_FORBIDDEN #r ${fromAlice} :You are not authorised to delete this message`,
    ]);
    expect(strip(alice.ask(`REDACT #r ${fromBob} :spam`))).toEqual([
      `:alice!~alice@127.0.1.1 REDACT #r ${fromBob} spam`,
    ]);
  });

  it('an operator outside the channel may redact, and sees its REDACT', () => {
    const { h, bob } = setup();
    const oper = h.connect('oper', { caps: CAPS });
    oper.send('OPER boss pw');
    oper.lines();
    const msgid = msgidOf(bob.ask('PRIVMSG #r :bad')[0]);
    expect(strip(oper.ask(`REDACT #r ${msgid}`))).toEqual([`:oper!~oper@127.0.4.1 REDACT #r ${msgid}`]);
  });

  it('answers UNKNOWN_MSGID and INVALID_TARGET', () => {
    const { alice } = setup();
    expect(alice.ask('REDACT #r nothing')).toEqual([
      ':irc.test FAIL REDACT UNKNOWN_MSGID #r nothing :This message does not exist or is too old',
    ]);
    expect(alice.ask('REDACT #nowhere x')).toEqual([':irc.test FAIL REDACT INVALID_TARGET #nowhere :No such channel']);
  });

  it('a private message: the sender redacts it, both see REDACT; the recipient may not', () => {
    const { alice, bob } = setup();
    const msgid = msgidOf(alice.ask('PRIVMSG bob :private')[0]);
    bob.lines();
    expect(bob.ask(`REDACT alice ${msgid}`)[0]).toContain('FAIL REDACT REDACT_FORBIDDEN alice');
    expect(strip(alice.ask(`REDACT bob ${msgid}`))).toEqual([`:alice!~alice@127.0.1.1 REDACT bob ${msgid}`]);
    expect(strip(bob.lines())).toEqual([`:alice!~alice@127.0.1.1 REDACT bob ${msgid}`]);
    expect(bob.ask('CHATHISTORY LATEST alice * 10').join('\n')).not.toContain('private');
  });
});
