import { CHANNEL_MODE_SPEC, parseModeString } from '@portalchat/protocol';
import { ChatState } from '../model/chat-state';
import type { Connection } from '../model/types';
import { applyChannelModeChanges } from './channel-mode-changes';

function setup() {
  const state = new ChatState(10, 'irc.test', 5);
  const conn = { key: 'gw:1', gateway: 'gw', conn: 1, hostname: 'h' } as Connection;
  const alice = state.registerUser(conn, 'alice', 'al', 'Alice', 0);
  const { channel } = state.ensureChannel('#c', 0);
  state.addMember(channel, alice, ['o'], 0);
  const apply = (modes: string, args: string[] = [], modesPerCommand = 4) =>
    applyChannelModeChanges({
      state,
      channel,
      changes: parseModeString(modes, args, CHANNEL_MODE_SPEC).changes,
      setBy: 'alice!al@h',
      now: 1000,
      modesPerCommand,
      maxListEntries: 2,
    });
  return { channel, apply };
}

describe('applyChannelModeChanges', () => {
  it('returns only the changes that changed something', () => {
    const { apply } = setup();
    expect(apply('+mm-i').applied).toEqual([{ add: true, mode: 'm' }]);
  });

  it('uses the nick as stored for o/v', () => {
    const { apply } = setup();
    expect(apply('-o', ['ALICE']).applied).toEqual([{ add: false, mode: 'o', arg: 'alice' }]);
  });

  it('stores list entries with setter and time', () => {
    const { apply, channel } = setup();
    apply('+b', ['x']);
    expect(channel.lists.b).toEqual([{ mask: 'x!*@*', setBy: 'alice!al@h', setAt: 1000 }]);
  });

  it('reports a full list and keeps the earlier entries', () => {
    const { apply, channel } = setup();
    expect(apply('+bbb', ['a', 'b', 'c']).errors).toEqual([{ code: 'list-full', mode: 'b', arg: 'c!*@*' }]);
    expect(channel.lists.b.map((e) => e.mask)).toEqual(['a!*@*', 'b!*@*']);
  });

  it('counts only parametrised changes against modesPerCommand', () => {
    const { apply } = setup();
    expect(apply('+mbnb', ['a', 'b'], 1).applied).toEqual([
      { add: true, mode: 'm' },
      { add: true, mode: 'b', arg: 'a!*@*' },
      { add: true, mode: 'n' },
    ]);
  });
});
