import type { Connection, User } from '../model/types';
import { Outbox } from './outbox';

const conn = (gateway: string, id: number) => ({ gateway, conn: id, caps: new Set<string>() }) as unknown as Connection;
const user = (c: Connection) => ({ local: c }) as unknown as User;

describe('Outbox', () => {
  it('joins consecutive lines to one connection into one op, in order, and counts them', () => {
    const out = new Outbox();
    const a = conn('gw1', 1);
    out.line(a, 'one');
    out.line(a, 'two');
    out.line(a, 'three');
    expect(out.drain().get('gw1')).toEqual([{ type: 'send', to: [1], line: 'one\r\ntwo\r\nthree', lines: 3 }]);
  });

  it('starts a new op when another connection, a broadcast or a close comes between', () => {
    const out = new Outbox();
    const a = conn('gw1', 1);
    const b = conn('gw1', 2);
    out.line(a, 'a1');
    out.line(b, 'b1');
    out.line(a, 'a2');
    out.deliver([user(a), user(b)], { command: 'PING', params: ['x'] });
    out.line(a, 'a3');
    out.close(a, 'bye');
    out.line(a, 'a4');
    expect(out.drain().get('gw1')).toEqual([
      { type: 'send', to: [1], line: 'a1' },
      { type: 'send', to: [2], line: 'b1' },
      { type: 'send', to: [1], line: 'a2' },
      { type: 'send', to: [1, 2], line: 'PING x' },
      { type: 'send', to: [1], line: 'a3' },
      { type: 'close', conn: 1, reason: 'bye' },
      { type: 'send', to: [1], line: 'a4' },
    ]);
  });

  it('keeps gateways apart', () => {
    const out = new Outbox();
    out.line(conn('gw1', 1), 'x');
    out.line(conn('gw2', 1), 'y');
    const drained = out.drain();
    expect(drained.get('gw1')).toEqual([{ type: 'send', to: [1], line: 'x' }]);
    expect(drained.get('gw2')).toEqual([{ type: 'send', to: [1], line: 'y' }]);
  });

  it('sends a message to one recipient as it would among many: its own caps, its own op, never merged', () => {
    const tagged = { ...conn('gw1', 1), caps: new Set(['server-time', 'message-tags']) };
    const plain = conn('gw1', 2);
    const msg = { prefix: 'a!a@h', command: 'PRIVMSG', params: ['b', 'hi'] };
    const tags = { time: Date.UTC(2026, 0, 1), msgid: 'm1' };
    const one = new Outbox();
    one.line(tagged, 'before');
    one.deliver([user(tagged)], msg, tags);
    one.deliver([user(plain)], msg, tags);
    one.deliver([{ local: undefined } as unknown as User], msg, tags);
    const many = new Outbox();
    many.deliver([user(tagged), user(plain)], msg, tags);
    const [, toTagged, toPlain, ...rest] = one.drain().get('gw1') ?? [];
    expect(rest).toEqual([]);
    expect(toTagged).toEqual({
      type: 'send',
      to: [1],
      line: '@msgid=m1;time=2026-01-01T00:00:00.000Z :a!a@h PRIVMSG b hi',
    });
    expect(many.drain().get('gw1')).toEqual([toTagged, toPlain].map((op, i) => ({ ...op, to: [i + 1] })));
    expect(toPlain).toEqual({ type: 'send', to: [2], line: ':a!a@h PRIVMSG b hi' });
  });
});
