import { ConfigError } from './errors';
import { parseHostConfig } from './load';

const SOURCE = 'config/chatsrv3.yaml';
const BASE = 'server: { name: Chatsrv3, id: 12 }\n';
const HASH = 'scrypt$16384$8$1$AAAA$BBBB';

function problemsOf(text: string): string[] {
  try {
    parseHostConfig(text, SOURCE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('parseHostConfig: ircx, accounts and channels', () => {
  it('fills the IRCX policy defaults when the sections are absent', () => {
    const config = parseHostConfig(BASE, SOURCE);
    expect(config.ircx).toEqual({
      creatorOnJoin: 'host',
      creatorOnCreate: 'owner',
      sysopIsOwner: false,
      allowDynamicChannels: true,
      authPackages: ['ANON', 'PLAIN'],
      maxAccessEntries: 100,
    });
    expect(config.accounts).toEqual([]);
    expect(config.channels).toEqual([]);
  });

  it('reads a file that sets all three', () => {
    const text = `${BASE}
ircx:
  creatorOnJoin: owner
  sysopIsOwner: true
  allowDynamicChannels: false
  authPackages: [PLAIN]
  maxAccessEntries: 20
accounts:
  - { name: alice, passwordHash: "${HASH}" }
  - { name: root, passwordHash: "${HASH}", level: admin }
channels:
  - name: "#Lobby"
    topic: Welcome to the lobby
    limit: 200
    memberKey: member
    hostKey: host-secret
    ownerKey: owner-secret
    props: { SUBJECT: General chat, ONJOIN: Hello!, LANGUAGE: en }
    access:
      - { level: OWNER, mask: "*!*@admin.example$*", reason: admins }
      - { level: DENY, mask: troll }
  - { name: "%#Ünïcode", modes: ntu }
`;
    const config = parseHostConfig(text, SOURCE);
    expect(config.ircx).toEqual({
      creatorOnJoin: 'owner',
      creatorOnCreate: 'owner',
      sysopIsOwner: true,
      allowDynamicChannels: false,
      authPackages: ['PLAIN'],
      maxAccessEntries: 20,
    });
    expect(config.accounts).toEqual([
      { name: 'alice', passwordHash: HASH, level: 'user', certFingerprints: [] },
      { name: 'root', passwordHash: HASH, level: 'admin', certFingerprints: [] },
    ]);
    expect(config.channels).toEqual([
      {
        name: '#Lobby',
        modes: 'nt',
        topic: 'Welcome to the lobby',
        limit: 200,
        memberKey: 'member',
        hostKey: 'host-secret',
        ownerKey: 'owner-secret',
        props: { SUBJECT: 'General chat', ONJOIN: 'Hello!', LANGUAGE: 'en' },
        access: [
          { level: 'OWNER', mask: '*!*@admin.example$*', reason: 'admins' },
          { level: 'DENY', mask: 'troll', reason: '' },
        ],
      },
      { name: '%#Ünïcode', modes: 'ntu', props: {}, access: [] },
    ]);
    expect(Object.isFrozen(config.channels[0]?.props)).toBe(true);
  });

  it.each([
    [
      'channels: [{ name: Lobby }]',
      'channels[0].name: expected a channel name starting with #, &, %# or %& (no spaces or commas), got "Lobby"',
    ],
    [
      'channels: [{ name: "#a", modes: "+nt" }]',
      'channels[0].modes: expected flag mode letters from adfhimnpstuwxzS, without a sign, got "+nt"',
    ],
    ['channels: [{ name: "#a", limit: 0 }]', 'channels[0].limit: expected integer 1–48000, got 0'],
    [
      'channels: [{ name: "#a", ownerKey: "two words" }]',
      'channels[0].ownerKey: expected a key of 1–31 characters without spaces or commas, got a string of 9 characters (not shown: a secret)',
    ],
    [
      'channels: [{ name: "#a", props: { subject: x } }]',
      'channels[0].props.subject: expected an upper-case property name, got "subject"',
    ],
    [
      'channels: [{ name: "#a", access: [{ level: BOSS, mask: x }] }]',
      'channels[0].access[0].level: expected OWNER, HOST, VOICE, GRANT or DENY, got "BOSS"',
    ],
    ['ircx: { creatorOnJoin: admin }', 'ircx.creatorOnJoin: expected "owner", "host" or "none", got "admin"'],
    ['ircx: { authPackages: [NTLM] }', 'ircx.authPackages[0]: expected "ANON" or "PLAIN", got "NTLM"'],
    ['ircx: { maxAccessEntries: 0 }', 'ircx.maxAccessEntries: expected integer ≥ 1, got 0'],
    [
      `accounts: [{ name: a, passwordHash: "${HASH}", level: root }]`,
      'accounts[0].level: expected "user", "sysop" or "admin", got "root"',
    ],
    [
      'accounts: [{ name: a, passwordHash: plain }]',
      'accounts[0].passwordHash: expected a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js), got a string of 5 characters (not shown: a secret)',
    ],
  ])('reports %s', (extra, expected) => {
    expect(problemsOf(`${BASE}${extra}\n`)).toEqual([`${SOURCE}: ${expected}`]);
  });
});
