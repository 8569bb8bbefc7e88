import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortalConfig } from '@portalchat/config';
import { portalClash, RuntimePortals } from './runtime-portals';

const portal = (name: string, serverId: number): PortalConfig => ({
  name,
  address: '127.0.0.1',
  port: 6665,
  serverId,
  uplink: false,
  secret: 'a-shared-secret',
  insecure: false,
});

describe('portalClash', () => {
  const existing = [portal('Portal_to_B', 11)];

  it.each<[PortalConfig, string | undefined]>([
    [portal('Portal_to_C', 12), undefined],
    [portal('Portal_to_B', 12), 'a portal named Portal_to_B exists already'],
    [portal('Portal_to_C', 11), 'portal Portal_to_B links server ID 11 already'],
    [portal('Portal_to_self', 10), "server ID 10 is this server's own"],
  ])('%j → %s', (candidate, clash) => {
    expect(portalClash(candidate, existing, 10)).toBe(clash);
  });
});

describe('RuntimePortals', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runtime-portals-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps what was saved for the next start, and has none at first', () => {
    const problems: string[] = [];
    expect(new RuntimePortals(dir).load((p) => problems.push(p))).toEqual([]);
    new RuntimePortals(dir).save([portal('Portal_to_D', 13)]);
    expect(new RuntimePortals(dir).load((p) => problems.push(p))).toEqual([portal('Portal_to_D', 13)]);
    expect(problems).toEqual([]);
  });

  it('reports a damaged file, naming it, and starts with none', () => {
    const store = new RuntimePortals(dir);
    store.save([]);
    writeFileSync(store.file, '{ not json');
    const problems: string[] = [];
    expect(store.load((p) => problems.push(p))).toEqual([]);
    expect(problems).toEqual([expect.stringContaining(`${store.file}: `)]);
  });
});
