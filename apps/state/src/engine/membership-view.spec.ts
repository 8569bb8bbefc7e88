import type { Channel, Membership, User } from '../model/types';
import { memberPrefix, namesEntry, namesReplyParams } from './membership-view';
import { defined } from '@portalchat/testkit';

const user = { nick: 'alice', username: '~al', hostname: 'host.example' } as User;
const membership = (modes: string[]): Membership => ({ user, modes: new Set(modes), joinedAt: 0 });

describe('memberPrefix', () => {
  it.each([
    [[], false, ''],
    [['v'], false, '+'],
    [['o'], false, '@'],
    [['o', 'v'], false, '@'],
    [['v', 'o'], true, '@+'],
    [['v'], true, '+'],
  ])('modes %j multi-prefix %s → %j', (modes, multi, expected) => {
    expect(memberPrefix(membership(modes), multi)).toBe(expected);
  });

  it.each([
    [['q'], false, '.', '~'],
    [['q', 'o'], false, '.', '~'],
    [['v', 'o', 'q'], true, '.@+', '~@+'],
  ])('owner modes %j multi-prefix %s: IRCX %j, plain %j', (modes, multi, ircx, irc) => {
    expect(memberPrefix(membership(modes), multi, true)).toBe(ircx);
    expect(memberPrefix(membership(modes), multi, false)).toBe(irc);
  });
});

describe('namesEntry', () => {
  it('adds user@host with userhost-in-names', () => {
    expect(namesEntry(membership(['o', 'v']), { multiPrefix: true, userhostInNames: true })).toBe(
      '@+alice!~al@host.example',
    );
    expect(namesEntry(membership(['o', 'v']), { multiPrefix: false, userhostInNames: false })).toBe('@alice');
    expect(namesEntry(membership(['q']), { multiPrefix: false, userhostInNames: false, ircx: true })).toBe('.alice');
    expect(namesEntry(membership(['q']), { multiPrefix: false, userhostInNames: false })).toBe('~alice');
  });
});

describe('namesReplyParams', () => {
  const channel = { name: '#big', modes: new Set<string>() } as Channel;

  it('splits entries so every 353 line fits in 512 bytes', () => {
    const entries = Array.from({ length: 200 }, (_, i) => `nick${String(i).padStart(10, '0')}!user@some.host.example`);
    const lines = namesReplyParams(channel, entries, 'irc.test', 'alice');
    expect(lines.length).toBeGreaterThan(1);
    for (const [symbol, name, names] of lines) {
      const line = `:irc.test 353 alice ${symbol} ${name} :${names}\r\n`;
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(512);
    }
    expect(lines.flatMap((l) => defined(l[2], 'the names param').split(' '))).toEqual(entries);
  });

  it('returns no line when there are no entries', () => {
    expect(namesReplyParams(channel, [], 'irc.test', 'alice')).toEqual([]);
  });
});
