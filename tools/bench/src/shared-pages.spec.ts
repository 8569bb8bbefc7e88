import { parseSmaps, sharedOnceKiB } from './shared-pages';

const SMAPS = `00400000-00b6f000 r--p 00000000 fe:00 260689                             /usr/bin/node
Size:               7612 kB
Rss:                5944 kB
Shared_Clean:       5000 kB
Shared_Dirty:          0 kB
Private_Clean:       944 kB
Private_Dirty:         0 kB
0c5b5000-0c87c000 rw-p 00000000 00:00 0                                  [heap]
Rss:                2720 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:      2720 kB
7f7c9b600000-7f7c9b792000 r-xp 014c4000 fe:00 260689                     /usr/bin/node
Shared_Clean:        500 kB
Private_Dirty:        76 kB
7f0000000000-7f0000100000 rw-p 00000000 00:00 0
Private_Dirty:       300 kB
Shared_Dirty:         10 kB
`;

describe('parseSmaps', () => {
  it('adds up private pages and splits shared ones by mapping', () => {
    const pages = parseSmaps(SMAPS);
    expect(pages.privateKiB).toBe(944 + 2720 + 76 + 300);
    expect(Object.fromEntries(pages.sharedKiB)).toEqual({ '/usr/bin/node': 5500, '[heap]': 0, '[anon]': 10 });
  });
});

describe('sharedOnceKiB', () => {
  it('counts every private page and each shared mapping once, at its largest', () => {
    const state = { privateKiB: 40_000, sharedKiB: new Map([['/usr/bin/node', 38_000]]) };
    const gateway = { privateKiB: 35_000, sharedKiB: new Map([['/usr/bin/node', 39_000]]) };
    const nats = { privateKiB: 2_000, sharedKiB: new Map([['/usr/sbin/nats-server', 10_000]]) };
    expect(sharedOnceKiB([state, gateway, nats])).toBe(40_000 + 35_000 + 2_000 + 39_000 + 10_000);
    expect(sharedOnceKiB([])).toBe(0);
  });
});
