import type { NetOutItem, ServerTable } from '@portalchat/protocol';
import { Harness, operatorAccount } from '../testing/harness';

const PORTAL = {
  name: 'Portal_to_b',
  address: '127.0.0.2',
  port: 6665,
  serverId: 11,
  uplink: true,
  secret: 's',
  insecure: false,
};
const LISTENING = {
  name: 'Portal_to_c',
  address: '127.0.0.3',
  port: 6665,
  serverId: 12,
  uplink: false,
  secret: 's',
  insecure: false,
};

const SELF = { serverId: 10, name: 'irc.test', description: 'Test server', hops: 0, uplink: 'irc.test' };
const B = { serverId: 11, name: 'b.test', description: 'B', hops: 1, uplink: 'irc.test' };
const D = { serverId: 13, name: 'd.test', description: 'D', hops: 2, uplink: 'b.test' };

function linkOf(name: string, serverId: number, serverName: string) {
  return {
    name,
    serverId,
    serverName,
    sendQ: 0,
    sentEvents: 0,
    sentBytes: 0,
    receivedEvents: 0,
    receivedBytes: 0,
    openSince: 0,
  };
}

/** irc.test linked to b.test (and d.test behind it) by its portal Portal_to_b; an operator. */
function setup() {
  const h = new Harness(
    { operators: [operatorAccount('root', 'pw')], portals: [PORTAL, LISTENING] },
    { network: true },
  );
  const table: ServerTable = { type: 'servers', servers: [SELF, B, D], links: [linkOf('Portal_to_b', 11, 'b.test')] };
  h.engine.applyNetwork([table]);
  const oper = h.connect('oper');
  oper.send('OPER root pw');
  oper.lines();
  h.engine.network.drain();
  return { h, oper };
}

/** What state sent its portal: only the link-control items. */
function controls(h: Harness): NetOutItem[] {
  return h.engine.network.drain().filter((item) => item.event.type === 'link-control');
}

describe('SQUIT', () => {
  it('asks the portal to close the link (an item for no server) and tells the operator', () => {
    const { h, oper } = setup();
    expect(oper.ask('SQUIT b.test :maintenance')).toEqual([
      ':irc.test NOTICE oper :*** SQUIT: closing the link to b.test (maintenance); it stays down until CONNECT',
    ]);
    expect(controls(h)).toEqual([
      {
        event: {
          type: 'link-control',
          action: 'squit',
          portal: 'Portal_to_b',
          by: 'oper!~oper@127.0.1.1',
          reason: 'maintenance',
        },
        targets: [],
      },
    ]);
  });

  it('names a server by its portal too; the reason is optional', () => {
    const { h, oper } = setup();
    oper.send('SQUIT Portal_to_b');
    expect(controls(h)[0]?.event).toMatchObject({ action: 'squit', portal: 'Portal_to_b', reason: 'No reason given' });
  });

  it('is for operators only (481)', () => {
    const { h } = setup();
    const alice = h.connect('alice');
    expect(alice.ask('SQUIT b.test')).toEqual([":irc.test 481 alice :Permission Denied- You're not an IRC operator"]);
    expect(alice.ask('CONNECT b.test')[0]).toMatch(/ 481 alice /);
    expect(controls(h)).toEqual([]);
  });

  it('answers 402 for an unknown server, 461 without one, and explains a server not linked here', () => {
    const { h, oper } = setup();
    expect(oper.ask('SQUIT nowhere.test')).toEqual([':irc.test 402 oper nowhere.test :No such server']);
    expect(oper.ask('SQUIT')).toEqual([':irc.test 461 oper SQUIT :Not enough parameters']);
    expect(oper.ask('SQUIT d.test')).toEqual([
      ':irc.test NOTICE oper :*** SQUIT: d.test is not linked to irc.test directly; SQUIT it on b.test',
    ]);
    expect(oper.ask('SQUIT irc.test')).toEqual([
      ':irc.test NOTICE oper :*** SQUIT: irc.test is this server; SQUIT one of its links',
    ]);
    expect(controls(h)).toEqual([]);
  });
});

describe('CONNECT', () => {
  it('after a SQUIT, asks the portal to dial again, naming the server as before', () => {
    const { h, oper } = setup();
    oper.send('SQUIT b.test :maintenance');
    // The portal closed the link: the server table no longer lists b.test.
    h.engine.applyNetwork([{ type: 'servers', servers: [SELF], links: [], splitReason: 'irc.test b.test' }]);
    controls(h);
    expect(oper.ask('CONNECT b.test')).toEqual([
      ':irc.test NOTICE oper :*** CONNECT: Connecting to b.test (Portal_to_b, 127.0.0.2:6665)',
    ]);
    expect(controls(h).map((item) => item.event)).toEqual([
      { type: 'link-control', action: 'connect', portal: 'Portal_to_b', by: 'oper!~oper@127.0.1.1', reason: '' },
    ]);
    expect(h.state.squitted.size).toBe(0);
  });

  it('says so for a server already linked', () => {
    const { h, oper } = setup();
    expect(oper.ask('CONNECT b.test')).toEqual([
      ':irc.test NOTICE oper :*** CONNECT: Server b.test already linked (Portal_to_b)',
    ]);
    expect(controls(h)).toEqual([]);
  });

  it('takes a portal name or server ID; a portal whose peer dials is released for it', () => {
    const { h, oper } = setup();
    expect(oper.ask('CONNECT 12')).toEqual([
      ':irc.test NOTICE oper :*** CONNECT: 12 may link again (Portal_to_c); its side dials',
    ]);
    expect(controls(h)[0]?.event).toMatchObject({ action: 'connect', portal: 'Portal_to_c' });
  });

  it('answers 402 for a server no portal names, or another remote server', () => {
    const { oper } = setup();
    expect(oper.ask('CONNECT x.test')).toEqual([':irc.test 402 oper x.test :No such server']);
    expect(oper.ask('CONNECT b.test 6665 d.test')).toEqual([':irc.test 402 oper d.test :No such server']);
  });
});
