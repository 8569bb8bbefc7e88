import { prettyLogFormatter } from './log-format';

describe('prettyLogFormatter', () => {
  it('shows prefix, level, message and the other fields of a pino line on one line', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1,
      pid: 7,
      hostname: 'h',
      name: 'gateway',
      msg: 'listening',
      irc: '127.0.0.1:6667',
    });
    expect(prettyLogFormatter('Chatsrv1 gateway')(line)).toBe(
      '[Chatsrv1 gateway] INFO listening {"irc":"127.0.0.1:6667"}',
    );
  });

  it.each([
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [40, 'WARN'],
    [50, 'ERROR'],
    [60, 'FATAL'],
  ])('names pino level %i %s', (level, label) => {
    expect(prettyLogFormatter('x')(JSON.stringify({ level, msg: 'm' }))).toBe(`[x] ${label} m`);
  });

  it('keeps nested and quoted field values readable as JSON', () => {
    const line = JSON.stringify({ level: 40, msg: 'slow', reason: 'two words', link: { peer: 'Chatsrv3', rttMs: 2 } });
    expect(prettyLogFormatter('x')(line)).toBe(
      '[x] WARN slow {"reason":"two words","link":{"peer":"Chatsrv3","rttMs":2}}',
    );
  });

  it('prints an error stack on its own lines below the message', () => {
    const line = JSON.stringify({
      level: 50,
      msg: 'boom',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f' },
    });
    const [first, ...rest] = prettyLogFormatter('x')(line).split('\n');
    expect(first).toBe('[x] ERROR boom ');
    expect(rest.join('\n')).toContain('Error: boom\n');
    expect(rest.join('\n')).toMatch(/^\s+at f$/m);
  });

  it('passes a line that is not a JSON object through with the prefix', () => {
    const format = prettyLogFormatter('Chatsrv1 state');
    expect(format('TypeError: x is undefined')).toBe('[Chatsrv1 state] TypeError: x is undefined');
    expect(format('{not json')).toBe('[Chatsrv1 state] {not json');
    expect(format('42')).toBe('[Chatsrv1 state] 42');
  });
});
