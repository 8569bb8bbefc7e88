import type { GatewayEvent } from '@portalchat/protocol';
import { HistoryGate, batchReadsHistory, commandOf, readsHistory } from './history-gate';

describe('commandOf', () => {
  it('finds the command behind tags and a source, in any case', () => {
    expect(commandOf('CHATHISTORY LATEST #a * 10')).toBe('CHATHISTORY');
    expect(commandOf('@label=x;+typing=active chathistory TARGETS a b 5')).toBe('CHATHISTORY');
    expect(commandOf(':nick!u@h Redact #a msgid')).toBe('REDACT');
    expect(commandOf('@a=b :src privmsg #a :CHATHISTORY')).toBe('PRIVMSG');
    expect(commandOf('  PING\r\n')).toBe('PING');
    expect(commandOf('')).toBe('');
  });
});

describe('readsHistory', () => {
  it('is true for CHATHISTORY and REDACT only', () => {
    expect(readsHistory('CHATHISTORY LATEST #a * 10')).toBe(true);
    expect(readsHistory('REDACT #a abc')).toBe(true);
    expect(readsHistory('PRIVMSG #a :REDACT #a abc')).toBe(false);
    expect(readsHistory('CHATHISTORYX')).toBe(false);
  });

  it('looks at the lines of a batch only', () => {
    const events: GatewayEvent[] = [
      { type: 'open', conn: 1, ip: '127.0.0.1', port: 1, localIp: '127.0.0.1', localPort: 6667, tls: false },
      { type: 'line', conn: 1, line: 'PRIVMSG #a :hi' },
    ];
    expect(batchReadsHistory(events)).toBe(false);
    expect(batchReadsHistory([...events, { type: 'line', conn: 2, line: 'CHATHISTORY LATEST #a * 1' }])).toBe(true);
  });
});

describe('HistoryGate', () => {
  it('takes everything at once while closed to nobody', () => {
    const gate = new HistoryGate();
    expect(gate.hold(() => undefined, true)).toBe(false);
    expect(gate.active).toBe(false);
  });

  it('holds a reader and everything after it until open, then takes them in order', () => {
    const gate = new HistoryGate();
    const taken: string[] = [];
    const input = (name: string, reads: boolean) => {
      if (!gate.hold(() => taken.push(name), reads)) taken.push(name);
    };
    gate.close();
    input('line before', false);
    input('chathistory', true);
    input('line after', false);
    input('burst', true);
    expect(taken).toEqual(['line before']);
    expect(gate.waiting).toBe(3);
    gate.open();
    expect(taken).toEqual(['line before', 'chathistory', 'line after', 'burst']);
    expect(gate.waiting).toBe(0);
    input('later', true);
    expect(taken.at(-1)).toBe('later');
  });
});
