import { CHANNEL_MODE_SPEC, formatModeChanges, parseModeString } from '@portalchat/protocol';
import { ChatState } from '../model/chat-state';
import type { Connection, User } from '../model/types';
import { applyChannelModeChanges, applyInitialModes } from './channel-mode-changes';
import { checkModeRights, modeActorOf, modeChangeRefusal } from './channel-mode-rights';
import { RANK } from './levels';
import { defined } from '@portalchat/testkit';

/** IRCX channel mode rules: p/h/s exclusivity, r → registered, who may change which letter. */

function setup() {
  const state = new ChatState(10, 'irc.test', 5);
  const user = (nick: string, n: number) =>
    state.registerUser({ key: `gw:${n}`, gateway: 'gw', conn: n, hostname: 'h' } as Connection, nick, nick, nick, 0);
  const owner = user('owner', 1);
  const host = user('host', 2);
  const member = user('member', 3);
  const { channel } = state.ensureChannel('#c', 0);
  state.addMember(channel, owner, ['q'], 0);
  state.addMember(channel, host, ['o'], 0);
  state.addMember(channel, member, [], 0);
  const parse = (modes: string, args: string[] = []) => parseModeString(modes, args, CHANNEL_MODE_SPEC).changes;
  const input = (modes: string, args: string[] = []) => ({
    state,
    channel,
    changes: parse(modes, args),
    setBy: 'x!x@h',
    now: 1000,
    modesPerCommand: 6,
    maxListEntries: 10,
  });
  const apply = (modes: string, args: string[] = []) =>
    formatModeChanges(applyChannelModeChanges(input(modes, args)).applied);
  const actor = (u: User) => modeActorOf(u, channel, { sysopIsOwner: false });
  return { state, channel, owner, host, member, parse, input, apply, actor };
}

describe('applyChannelModeChanges (IRCX)', () => {
  it.each<[string, string, string[]]>([
    ['', '+p', ['+p']],
    ['s', '+p', ['+p-s']],
    ['p', '+h', ['+h-p']],
    ['h', '+ps', ['-h+s']],
    ['', '+ps', ['+s']],
    ['s', '-s+h', ['-s+h']],
  ])('with %j, %s shows %j (p, h and s exclusive)', (start, modes, shown) => {
    const { channel, apply } = setup();
    for (const m of start) channel.modes.add(m);
    expect(apply(modes)).toEqual(shown);
    expect([...channel.modes].filter((m) => 'phs'.includes(m)).length).toBeLessThanOrEqual(1);
  });

  it('marks the channel registered on +r and dirty for the store, and releases it on -r', () => {
    const { state, channel, apply } = setup();
    expect(apply('+r')).toEqual(['+r']);
    expect(channel.registered).toBe(true);
    expect(state.takeRegistrationChanges()).toEqual(['#c']);
    expect(state.dirtyRegistered.size).toBe(0);
    expect(apply('-r')).toEqual(['-r']);
    expect(channel.registered).toBe(false);
    expect([...state.dirtyRegistered]).toEqual(['#c']);
  });

  it('drops an empty channel that loses +r', () => {
    const { state, channel, owner, host, member, apply } = setup();
    apply('+r');
    for (const u of [owner, host, member]) state.removeMember(channel, u);
    expect(state.channel('#c')).toBe(channel);
    apply('-r');
    expect(state.channel('#c')).toBeUndefined();
  });

  it('applies q like the other prefix modes', () => {
    const { channel, member, apply } = setup();
    expect(apply('+q', ['member'])).toEqual(['+q', 'member']);
    expect(channel.members.get(member.uid)?.modes.has('q')).toBe(true);
  });
});

describe('modeChangeRefusal', () => {
  it.each<[string, 'owner' | 'host' | 'member', string, string[], string | undefined]>([
    ['owner gives q', 'owner', '+q', ['member'], undefined],
    ['host gives q', 'host', '+q', ['member'], 'not-owner'],
    ['host drops own o', 'host', '-o', ['host'], undefined],
    ['member drops own v', 'member', '-v', ['member'], undefined],
    ['member gives itself v', 'member', '+v', ['member'], 'not-host'],
    ['host deops owner', 'host', '-o', ['owner'], 'not-owner'],
    ['host devoices owner', 'host', '-v', ['owner'], 'not-owner'],
    ['host ops member', 'host', '+o', ['member'], undefined],
    ['host deops unknown nick', 'host', '-o', ['ghost'], undefined],
    ['owner deowns itself', 'owner', '-q', ['owner'], undefined],
    ['host sets u', 'host', '+u', [], undefined],
    ['member sets m', 'member', '+m', [], 'not-host'],
    ['owner sets x', 'owner', '+x', [], 'create-only'],
    ['owner sets z', 'owner', '+z', [], 'server-only'],
    ['owner sets f', 'owner', '+f', [], 'not-admin'],
    ['owner sets r', 'owner', '+r', [], 'not-sysop'],
    ['owner sets d', 'owner', '+d', [], undefined],
    ['host sets d', 'host', '+d', [], 'not-owner'],
    ['host bans', 'host', '+b', ['x!*@*'], undefined],
  ])('%s → %s', (_name, who, modes, args, expected) => {
    const ctx = setup();
    const [change] = ctx.parse(modes, args);
    expect(modeChangeRefusal(ctx.actor(ctx[who]), ctx.channel, defined(change, 'a parsed change'), ctx.state)).toBe(
      expected,
    );
  });

  it('gives sysop managers everything but x and z; sysops r and d', () => {
    const ctx = setup();
    const admin = ctx.member;
    ctx.state.setUserMode(admin, 'o', true);
    ctx.state.setUserMode(admin, 'a', true);
    const { allowed, refused } = checkModeRights(
      ctx.actor(admin),
      ctx.channel,
      ctx.parse('+frdqxz', ['host']),
      ctx.state,
    );
    expect(allowed.map((c) => c.mode).join('')).toBe('frdq');
    expect(refused).toEqual([
      { code: 'create-only', mode: 'x' },
      { code: 'server-only', mode: 'z' },
    ]);
    ctx.state.setUserMode(admin, 'a', false);
    const sysop = checkModeRights(ctx.actor(admin), ctx.channel, ctx.parse('+rdm'), ctx.state);
    expect(sysop.allowed.map((c) => c.mode).join('')).toBe('rd');
  });

  it('makes sysops owners under sysopIsOwner', () => {
    const ctx = setup();
    ctx.state.setUserMode(ctx.member, 'o', true);
    expect(modeActorOf(ctx.member, ctx.channel, { sysopIsOwner: true }).rank).toBe(RANK.owner);
    expect(modeActorOf(ctx.member, ctx.channel, { sysopIsOwner: false }).rank).toBe(RANK.member);
  });
});

describe('applyInitialModes (CREATE)', () => {
  it('sets x, which MODE never may, and still refuses what the creator may not set', () => {
    const ctx = setup();
    const creator = { ...ctx.actor(ctx.member), rank: RANK.owner };
    const result = applyInitialModes(ctx.input('+xtnfl', ['50']), creator);
    expect(formatModeChanges(result.applied)).toEqual(['+xtnl', '50']);
    expect(result.refused).toEqual([{ code: 'not-admin', mode: 'f' }]);
    expect(ctx.channel.modes.has('x')).toBe(true);
  });
});
