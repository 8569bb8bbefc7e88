import { join } from 'node:path';
import { loadHostConfig, parseHostConfig } from './load';
import { describeNetwork } from './network';
import type { HostConfig } from './types';

const CONFIG_DIR = join(__dirname, '../../../config');
const example = (name: string) => loadHostConfig(join(CONFIG_DIR, `${name}.yaml`));

/** A host on 127.0.0.<id> with the given portals, written as YAML flow mappings. */
function host(name: string, id: number, portals: string[] = []): HostConfig {
  const yaml = `server: { name: ${name}, id: ${id} }\nlisten: { irc: [{ host: 127.0.0.${id} }] }\nportals: [${portals.join(', ')}]\n`;
  return parseHostConfig(yaml, `${name}.yaml`);
}

function portal(to: number, uplink: boolean, secret = 's3cret', port = 6665): string {
  return `{ name: To${to}, address: 127.0.0.${to}, port: ${port}, serverId: ${to}, uplink: ${uplink}, secret: ${secret} }`;
}

describe('describeNetwork', () => {
  it('finds nothing wrong with the example network', () => {
    expect(describeNetwork([example('chatsrv1'), example('chatsrv2'), example('chatsrv3')])).toEqual([]);
  });

  it('accepts a single host without portals', () => {
    expect(describeNetwork([host('Solo', 1)])).toEqual([]);
  });

  it('accepts a linked pair with one uplink', () => {
    expect(describeNetwork([host('A', 1, [portal(2, true)]), host('B', 2, [portal(1, false)])])).toEqual([]);
  });

  it('reports duplicate server IDs and names', () => {
    const a = host('A', 1);
    const b = parseHostConfig('server: { name: a, id: 1 }\nlisten: { irc: [{ host: 127.0.0.2 }] }\n', 'b.yaml');
    expect(describeNetwork([a, b])).toEqual([
      'a (b.yaml): server.id 1 is also used by A (A.yaml)',
      'a (b.yaml): server.name a is also used by A (A.yaml)',
    ]);
  });

  it('reports a portal to a server that is not in the network', () => {
    expect(describeNetwork([host('A', 1, [portal(9, true)])])).toEqual([
      'A (A.yaml): portal To9: peer server ID 9 is not in the network',
    ]);
  });

  it('reports a portal configured on one side only', () => {
    expect(describeNetwork([host('A', 1, [portal(2, true)]), host('B', 2)])).toEqual([
      'A (A.yaml): portal To2: B (B.yaml) has no portal back to server ID 1',
    ]);
  });

  it('reports a pair where both sides, or neither, are the uplink', () => {
    expect(describeNetwork([host('A', 1, [portal(2, true)]), host('B', 2, [portal(1, true)])])).toEqual([
      "A (A.yaml): portal To2: both it and B's To1 have uplink: true; exactly one side must connect",
    ]);
    expect(describeNetwork([host('A', 1, [portal(2, false)]), host('B', 2, [portal(1, false)])])).toEqual([
      "A (A.yaml): portal To2: neither it nor B's To1 has uplink: true; exactly one side must connect",
    ]);
  });

  it('reports different secrets without printing them', () => {
    const problems = describeNetwork([host('A', 1, [portal(2, true, 'one')]), host('B', 2, [portal(1, false, 'two')])]);
    expect(problems).toEqual(["A (A.yaml): portal To2: its secret differs from B's To1's"]);
  });

  it('reports a portal aimed at the wrong port of its peer', () => {
    expect(
      describeNetwork([host('A', 1, [portal(2, true, 's3cret', 7000)]), host('B', 2, [portal(1, false)])]),
    ).toEqual(['A (A.yaml): portal To2: points at 127.0.0.2:7000, but B listens for portals on 127.0.0.2:6665']);
  });

  it('accepts a portal that names its peer by DNS name, or a peer listening on every address', () => {
    const byName = parseHostConfig(
      `server: { name: A, id: 1 }\nlisten: { irc: [{ host: 127.0.0.1 }] }\nportals: [{ name: To2, address: b.example.net, serverId: 2, uplink: true, secret: s3cret }]\n`,
      'A.yaml',
    );
    const wildcard = parseHostConfig(
      `server: { name: B, id: 2 }\nlisten: { irc: [{ host: 0.0.0.0 }] }\nportals: [${portal(1, false)}]\n`,
      'B.yaml',
    );
    expect(describeNetwork([byName, wildcard])).toEqual([]);
  });

  it('still reports the wrong port behind a DNS name', () => {
    const byName = parseHostConfig(
      `server: { name: A, id: 1 }\nlisten: { irc: [{ host: 127.0.0.1 }] }\nportals: [{ name: To2, address: b.example.net, port: 7000, serverId: 2, uplink: true, secret: s3cret }]\n`,
      'A.yaml',
    );
    expect(describeNetwork([byName, host('B', 2, [portal(1, false)])])).toEqual([
      'A (A.yaml): portal To2: points at b.example.net:7000, but B listens for portals on 127.0.0.2:6665',
    ]);
  });

  it('reports a control endpoint shared by two hosts', () => {
    const a = host('A', 1, [portal(2, true)]);
    const b = parseHostConfig(
      `server: { name: B, id: 2 }\nlisten: { irc: [{ host: 127.0.0.2 }], control: { host: 127.0.0.1 } }\nportals: [${portal(1, false)}]\n`,
      'B.yaml',
    );
    expect(describeNetwork([a, b])).toEqual([
      'B (B.yaml) listen.control: 127.0.0.1:8083 is also used by A (A.yaml) listen.control',
    ]);
  });

  it('reports listeners and data directories shared by two hosts', () => {
    const a = parseHostConfig('server: { name: A, id: 1 }\ndataDir: /tmp/shared\n', 'A.yaml');
    const b = parseHostConfig(
      'server: { name: B, id: 2 }\ndataDir: /tmp/shared\nlisten: { irc: [{ host: 127.0.0.2 }], health: { state: { host: 127.0.0.1, port: 8081 } } }\n',
      'B.yaml',
    );
    expect(describeNetwork([a, b])).toEqual([
      'B (B.yaml) listen.health.state: 127.0.0.1:8081 is also used by A (A.yaml) listen.health.state',
      'B (B.yaml) dataDir: /tmp/shared is also used by A (A.yaml) dataDir',
      'the network is split: A cannot reach B through any portal',
    ]);
  });

  it('reports a network in two pieces', () => {
    const problems = describeNetwork([
      host('A', 1, [portal(2, true)]),
      host('B', 2, [portal(1, false)]),
      host('C', 3, [portal(4, true)]),
      host('D', 4, [portal(3, false)]),
    ]);
    expect(problems).toEqual(['the network is split: A, B cannot reach C, D through any portal']);
  });

  it('accepts a cycle of redundant portals', () => {
    expect(
      describeNetwork([
        host('A', 1, [portal(2, true), portal(3, true)]),
        host('B', 2, [portal(1, false), portal(3, true)]),
        host('C', 3, [portal(1, false), portal(2, false)]),
      ]),
    ).toEqual([]);
  });
});
