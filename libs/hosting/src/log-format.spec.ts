import { formatLogLine } from './log-format';

describe('formatLogLine', () => {
  it('shows level, message and extra fields of a pino line', () => {
    const line = JSON.stringify({ level: 30, time: 1, pid: 7, hostname: 'h', msg: 'listening', irc: '127.0.0.1:6667' });
    expect(formatLogLine('Chatsrv1 gateway', line)).toBe('[Chatsrv1 gateway] INFO  listening irc=127.0.0.1:6667');
  });

  it('quotes string fields that contain spaces', () => {
    const line = JSON.stringify({ level: 40, msg: 'slow', reason: 'two words' });
    expect(formatLogLine('x', line)).toBe('[x] WARN  slow reason="two words"');
  });

  it('prints an error stack on its own lines', () => {
    const line = JSON.stringify({ level: 50, msg: 'boom', err: { type: 'Error', stack: 'Error: boom\n    at f' } });
    expect(formatLogLine('x', line)).toBe('[x] ERROR boom \nError: boom\n    at f');
  });

  it('passes a line that is not JSON through with the prefix', () => {
    expect(formatLogLine('Chatsrv1 state', 'TypeError: x is undefined')).toBe('[Chatsrv1 state] TypeError: x is undefined');
    expect(formatLogLine('p', '{not json')).toBe('[p] {not json');
  });
});
