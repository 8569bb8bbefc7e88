import { DEFAULTS } from '@portalchat/config';
import { ScramClient } from '@portalchat/testkit';
import type { ConfigOverrides, Harness, TestClient } from '../../testing/harness';
import { A, B } from '../../testing/networks';
import { TestNetwork } from '../../testing/test-network';

/** Accounts and read markers across servers: they travel, burst, and settle the same everywhere. */

const OPEN: ConfigOverrides = { auth: { ...DEFAULTS.auth, registration: true } };
const TS = '2021-05-20T08:30:00.000Z';

function pair(linked = true): TestNetwork {
  const net = new TestNetwork([
    { id: A, name: 'a.test', overrides: OPEN },
    { id: B, name: 'b.test', overrides: OPEN },
  ]);
  if (linked) net.link(A, B);
  return net;
}

function register(server: Harness, nick: string, password: string): TestClient {
  const c = server.connect(nick, { caps: ['draft/read-marker'] });
  c.ask(`REGISTER * * ${password}`);
  return c;
}

/** A SASL PLAIN login on `server`, ending with registration; returns the client. */
function plainLogin(server: Harness, nick: string, account: string, password: string): TestClient {
  const c = server.connectUnregistered();
  c.send('CAP LS 302');
  c.send('CAP REQ :sasl draft/read-marker');
  c.send(`NICK ${nick}`);
  c.send(`USER ${nick} 0 * :x`);
  c.send('AUTHENTICATE PLAIN');
  c.send(`AUTHENTICATE ${Buffer.from(`\0${account}\0${password}`).toString('base64')}`);
  c.send('CAP END');
  return c;
}

describe('network: accounts', () => {
  it('registered on one server, logs in with PLAIN and SCRAM on another', () => {
    const net = pair();
    register(net.server(A), 'alice', 'pw1').send('QUIT');
    net.flush();
    const plain = plainLogin(net.server(B), 'al1', 'alice', 'pw1');
    expect(plain.lines()).toContain(':b.test 903 al1 :SASL authentication successful');
    const c = net.server(B).connectUnregistered();
    c.send('CAP LS 302');
    c.send('CAP REQ :sasl');
    c.send('NICK al2');
    c.send('USER al2 0 * :x');
    c.lines();
    const scram = new ScramClient('alice', 'pw1');
    c.ask('AUTHENTICATE SCRAM-SHA-256');
    const [first = ''] = c.ask(`AUTHENTICATE ${scram.first()}`);
    const [final = ''] = c.ask(`AUTHENTICATE ${scram.final(first.slice(13))}`);
    expect(scram.verifyServer(final.slice(13))).toBe(true);
    expect(c.ask('AUTHENTICATE +').at(-1)).toBe(':b.test 903 al2 :SASL authentication successful');
  });

  it('a login after connecting shows in WHOIS on the other server', () => {
    const net = pair();
    register(net.server(A), 'bob', 'pw');
    net.flush();
    const watcher = net.server(B).connect('watcher');
    expect(watcher.ask('WHOIS bob').some((l) => / 330 watcher bob bob /.test(l))).toBe(true);
  });

  it('a name registered on both sides of a split settles on the older registration', () => {
    const net = pair(false);
    register(net.server(B), 'carol', 'second-side').send('QUIT');
    net.server(A).advance(1000);
    net.server(B).advance(1000);
    register(net.server(A), 'carol', 'later').send('QUIT');
    net.link(A, B);
    net.flush();
    for (const id of [A, B]) {
      expect(net.server(id).state.registeredAccounts.get('carol')?.serverId).toBe(B);
    }
    expect(plainLogin(net.server(A), 'c1', 'carol', 'second-side').lines()).toContain(
      ':a.test 903 c1 :SASL authentication successful',
    );
  });

  it("a read marker set on one server reaches the account's sessions on another, and a netjoin", () => {
    const net = pair();
    const here = register(net.server(A), 'dan', 'pw');
    net.flush();
    const there = plainLogin(net.server(B), 'dan2', 'dan', 'pw');
    net.flush();
    there.lines();
    here.ask(`MARKREAD #x timestamp=${TS}`);
    net.flush();
    expect(there.lines()).toEqual([`:b.test MARKREAD #x timestamp=${TS}`]);
    expect(there.ask('MARKREAD #x')).toEqual([`:b.test MARKREAD #x timestamp=${TS}`]);
    // A server that was apart gets the marker in the burst.
    const late = new TestNetwork([
      { id: A, name: 'a.test', overrides: OPEN },
      { id: B, name: 'b.test', overrides: OPEN },
    ]);
    const first = register(late.server(A), 'eve', 'pw');
    first.ask(`MARKREAD #y timestamp=${TS}`);
    late.link(A, B);
    late.flush();
    expect(plainLogin(late.server(B), 'eve2', 'eve', 'pw').lines()).toContain(
      ':b.test 903 eve2 :SASL authentication successful',
    );
    expect(late.server(B).state.readMarkers.get('eve')?.get('#y')?.time).toBe(Date.parse(TS));
  });
});
