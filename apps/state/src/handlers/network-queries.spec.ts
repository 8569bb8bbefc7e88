import { operatorAccount, TEST_EPOCH } from '../testing/harness';
import { A, B, C, threeServerStar } from '../testing/networks';

describe('network queries on a three-server network', () => {
  it('LINKS lists every server with its uplink, hops and description', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    expect(alice.ask('LINKS')).toEqual([
      ':a.test 364 alice a.test a.test :0 Server A',
      ':a.test 364 alice c.test a.test :1 Hub C',
      ':a.test 364 alice b.test c.test :2 Server B',
      ':a.test 365 alice * :End of /LINKS list',
    ]);
    expect(alice.ask('LINKS b.*')).toEqual([
      ':a.test 364 alice b.test c.test :2 Server B',
      ':a.test 365 alice b.* :End of /LINKS list',
    ]);
    expect(alice.ask('LINKS nowhere.test *')).toEqual([':a.test 402 alice nowhere.test :No such server']);
  });

  it('LUSERS counts the network, and this server with its direct links', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    net.server(B).connect('bob');
    net.server(C).connect('carol');
    net.server(C).connect('dave');
    const hub = net.server(C).connect('erin');
    expect(alice.ask('LUSERS')).toEqual([
      ':a.test 251 alice :There are 5 users and 0 invisible on 3 servers',
      ':a.test 252 alice 0 :operator(s) online',
      ':a.test 253 alice 0 :unknown connection(s)',
      ':a.test 254 alice 0 :channels formed',
      ':a.test 255 alice :I have 1 clients and 1 servers',
      ':a.test 265 alice 1 1 :Current local users 1, max 1',
      ':a.test 266 alice 5 5 :Current global users 5, max 5',
    ]);
    expect(hub.ask('LUSERS').find((l) => / 255 /.test(l))).toBe(':c.test 255 erin :I have 3 clients and 2 servers');
  });

  it('WHOIS names the remote server and its description; idle time only for local users', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    net.server(B).connect('bob');
    const whois = alice.ask('WHOIS bob');
    expect(whois).toContain(':a.test 312 alice bob b.test :Server B');
    expect(whois.some((l) => / 317 /.test(l))).toBe(false);
    expect(alice.ask('WHOIS b.test bob')).toContain(':a.test 312 alice bob b.test :Server B');
    expect(alice.ask('WHOIS alice').some((l) => / 317 alice alice /.test(l))).toBe(true);
  });

  it('WHO shows each user with its server and hop count', () => {
    const net = threeServerStar();
    const alice = net.server(A).connect('alice');
    net.server(B).connect('bob');
    net.server(C).connect('carol');
    expect(alice.ask('WHO bob')[0]).toBe(':a.test 352 alice * ~bob 127.0.1.1 b.test bob H :2 bob test');
    expect(alice.ask('WHO carol')[0]).toBe(':a.test 352 alice * ~carol 127.0.1.1 c.test carol H :1 carol test');
    expect(alice.ask('WHO alice')[0]).toBe(':a.test 352 alice * ~alice 127.0.1.1 a.test alice H :0 alice test');
  });

  it('STATS l shows one 211 line per portal link from the figures the portal sends', () => {
    const net = threeServerStar({ [C]: { operators: [operatorAccount('root', 'pw')] } });
    const hub = net.server(C);
    hub.engine.applyNetwork([
      {
        type: 'servers',
        servers: [...hub.state.servers.values()],
        links: [
          {
            name: 'to_a',
            serverId: A,
            serverName: 'a.test',
            sendQ: 0,
            sentEvents: 12,
            sentBytes: 4096,
            receivedEvents: 3,
            receivedBytes: 1500,
            openSince: TEST_EPOCH - 90_000,
          },
        ],
      },
    ]);
    const erin = hub.connect('erin');
    erin.send('OPER root pw');
    erin.lines();
    expect(erin.ask('STATS l')).toEqual([
      ':c.test 211 erin to_a 0 12 4 3 1 90',
      ':c.test 219 erin l :End of /STATS report',
    ]);
  });
});
