import type { Membership, User } from '../model/types';
import {
  actsAsOwnerEverywhere,
  effectiveRank,
  isAdmin,
  isGagged,
  isHostOrOwner,
  isOwner,
  isSysop,
  isVoicedOrAbove,
  memberRank,
  RANK,
} from './levels';

const member = (modes: string): Membership => ({ user: {} as User, modes: new Set(modes), joinedAt: 0 });
const user = (modes: string) => ({ modes: new Set(modes) }) as unknown as User;

describe('levels', () => {
  it.each<[string, boolean, boolean, boolean, number]>([
    ['', false, false, false, RANK.member],
    ['v', false, false, true, RANK.voice],
    ['o', false, true, true, RANK.host],
    ['q', true, true, true, RANK.owner],
    ['qo', true, true, true, RANK.owner],
  ])(
    'membership %j: owner %s, host or owner %s, voiced or above %s, rank %s',
    (modes, owner, hostOrOwner, voiced, rank) => {
      expect(isOwner(member(modes))).toBe(owner);
      expect(isHostOrOwner(member(modes))).toBe(hostOrOwner);
      expect(isVoicedOrAbove(member(modes))).toBe(voiced);
      expect(memberRank(member(modes))).toBe(rank);
    },
  );

  it('treats no membership as no rights', () => {
    expect(isOwner(undefined)).toBe(false);
    expect(isHostOrOwner(undefined)).toBe(false);
    expect(isVoicedOrAbove(undefined)).toBe(false);
    expect(memberRank(undefined)).toBe(RANK.none);
  });

  it('reads sysop, admin and gag from user modes', () => {
    expect([isSysop(user('o')), isAdmin(user('o')), isGagged(user('o'))]).toEqual([true, false, false]);
    expect([isSysop(user('ao')), isAdmin(user('ao'))]).toEqual([true, true]);
    expect(isGagged(user('iz'))).toBe(true);
  });

  it('makes admins owners everywhere, sysops only under sysopIsOwner', () => {
    expect(actsAsOwnerEverywhere(user('ao'), { sysopIsOwner: false })).toBe(true);
    expect(actsAsOwnerEverywhere(user('o'), { sysopIsOwner: false })).toBe(false);
    expect(actsAsOwnerEverywhere(user('o'), { sysopIsOwner: true })).toBe(true);
    expect(effectiveRank(user('o'), undefined, { sysopIsOwner: false })).toBe(RANK.none);
    expect(effectiveRank(user('ao'), undefined, { sysopIsOwner: false })).toBe(RANK.owner);
  });
});
