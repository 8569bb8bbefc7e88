import { adminActionProblems, adminCommandLine } from './admin-actions';
import type { AdminStateAction } from './admin-envelopes';

describe('adminActionProblems', () => {
  it.each<[string, unknown]>([
    ['a kill', { op: 'kill', nick: 'bob', reason: 'flooding' }],
    ['a wallops', { op: 'wallops', text: 'maintenance at noon' }],
    ['a channel closed', { op: 'close-channel', channel: '#lobby', reason: 'closed' }],
    ['a registration', { op: 'register-channel', channel: '#lobby', registered: true }],
    [
      'an ACCESS entry with a timeout and a reason',
      { op: 'access-add', channel: '#a', level: 'DENY', mask: '*!*@bad', minutes: 10, reason: 'spam' },
    ],
    ['the reads', { op: 'users' }],
  ])('takes %s', (_what, action) => {
    expect(adminActionProblems(action)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 'KILL bob', ['expected a JSON object']],
    [
      'an unknown op',
      { op: 'rehash' },
      [
        'op: expected one of users, channels, kill, wallops, close-channel, register-channel, access-list, access-add, access-delete',
      ],
    ],
    ['a kill without a reason', { op: 'kill', nick: 'bob', reason: ' ' }, ['reason: must not be empty']],
    ['a nick with a space', { op: 'kill', nick: 'bob x', reason: 'r' }, ['nick: expected a nickname']],
    [
      'a reason that smuggles a second command',
      { op: 'kill', nick: 'bob', reason: 'x\r\nQUIT' },
      ['reason: must not contain line breaks or NUL'],
    ],
    ['a channel without its prefix', { op: 'access-list', channel: 'lobby' }, ['channel: expected a channel name']],
    [
      'an unknown level and a mask with a space',
      { op: 'access-delete', channel: '#a', level: 'ADMIN', mask: 'a b' },
      [
        'level: expected one of OWNER, HOST, VOICE, GRANT, DENY',
        'mask: expected a mask like nick!user@host (wildcards * and ?), without spaces',
      ],
    ],
    [
      'negative minutes',
      { op: 'access-add', channel: '#a', level: 'VOICE', mask: '*', minutes: -1 },
      ['minutes: expected a whole number from 0 to 525600'],
    ],
    [
      'registered as a string',
      { op: 'register-channel', channel: '#a', registered: 'yes' },
      ['registered: expected true or false'],
    ],
  ])('refuses %s, naming the field', (_what, action, problems) => {
    expect(adminActionProblems(action)).toEqual(problems);
  });
});

describe('adminCommandLine', () => {
  it.each<[AdminStateAction, string | undefined]>([
    [{ op: 'kill', nick: 'bob', reason: 'bye now' }, 'KILL bob :bye now'],
    [{ op: 'wallops', text: 'hello all' }, 'WALLOPS :hello all'],
    [{ op: 'close-channel', channel: '#x', reason: 'gone' }, 'KILL #x :gone'],
    [{ op: 'register-channel', channel: '#x', registered: false }, 'MODE #x -r'],
    [{ op: 'access-list', channel: '#x' }, 'ACCESS #x LIST'],
    [{ op: 'access-add', channel: '#x', level: 'HOST', mask: 'al!*@*' }, 'ACCESS #x ADD HOST al!*@*'],
    [{ op: 'access-add', channel: '#x', level: 'DENY', mask: '*', reason: 'no' }, 'ACCESS #x ADD DENY * 0 :no'],
    [{ op: 'access-delete', channel: '#x', level: 'DENY', mask: '*' }, 'ACCESS #x DELETE DENY *'],
    [{ op: 'users' }, undefined],
  ])('%j → %s', (action, line) => {
    expect(adminCommandLine(action)).toBe(line);
  });
});
