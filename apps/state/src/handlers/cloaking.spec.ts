import { Harness, operatorAccount } from '../testing/harness';
import { A, B } from '../testing/networks';
import { TestNetwork } from '../testing/test-network';

const CLOAK = /^[A-Z2-7]{8}\.[A-Z2-7]{8}\.[A-Z2-7]{8}\.IP$/;

function setup() {
  const h = new Harness({ cloaking: { enabled: true }, operators: [operatorAccount('root', 'pw')] });
  const alice = h.connect('alice', { ip: '192.0.2.10' });
  const bob = h.connect('bob', { ip: '192.0.2.20' });
  return { h, alice, bob };
}

describe('cloaking', () => {
  it('others see the cloak in JOIN, WHO and WHOIS; never the IP', () => {
    const { h, alice, bob } = setup();
    const cloak = alice.user.hostname;
    expect(cloak).toMatch(CLOAK);
    h.addToChannel('#a', bob);
    alice.send('JOIN #a');
    const seen = bob.lines();
    expect(seen).toEqual([`:alice!~alice@${cloak} JOIN #a`]);
    const whois = bob.ask('WHOIS alice').join('\n');
    expect(whois).toContain(` 311 bob alice ~alice ${cloak} * :alice`);
    expect(whois).not.toContain('192.0.2.10');
    expect(bob.ask('WHO alice').join('\n')).not.toContain('192.0.2.10');
  });

  it('tells the user its cloak (396) and shows it its real host in WHOIS (378)', () => {
    const h = new Harness({ cloaking: { enabled: true } });
    const raw = h.connectUnregistered({ ip: '192.0.2.30' });
    raw.send('NICK carol');
    raw.send('USER carol 0 * :Carol');
    const welcome = raw.lines();
    const cloak = h.state.userByNick('carol')?.hostname ?? '';
    expect(welcome).toContain(`:irc.test 396 carol ${cloak} :is now your displayed host`);
    expect(raw.ask('WHOIS carol')).toContain(':irc.test 378 carol carol :is connecting from *@192.0.2.30 192.0.2.30');
  });

  it('operators see the real host in WHOIS (378)', () => {
    const { bob } = setup();
    bob.send('OPER root pw');
    bob.lines();
    expect(bob.ask('WHOIS alice')).toContain(':irc.test 378 bob alice :is connecting from *@192.0.2.10 192.0.2.10');
  });

  it('a channel ban on the real IP or on the cloak keeps the user out', () => {
    const { h, alice, bob } = setup();
    bob.send('JOIN #real');
    bob.send('MODE #real +b *!*@192.0.2.10');
    bob.send('JOIN #cloak');
    bob.send(`MODE #cloak +b *!*@*.${alice.user.hostname.split('.').slice(1).join('.')}`);
    expect(alice.ask('JOIN #real')).toEqual([':irc.test 474 alice #real :Cannot join channel (+b)']);
    expect(alice.ask('JOIN #cloak')).toEqual([':irc.test 474 alice #cloak :Cannot join channel (+b)']);
    expect(h.state.channel('#real')?.members.size).toBe(1);
  });

  it('a KLINE on the cloak or on the real host drops the user', () => {
    const { h, alice, bob } = setup();
    bob.send('OPER root pw');
    bob.send(`KLINE *@${alice.user.hostname} :by cloak`);
    expect(alice.closed).toBe(true);
    const dave = h.connect('dave', { ip: '192.0.2.40' });
    bob.send('KLINE *@192.0.2.40 :by address');
    expect(dave.closed).toBe(true);
  });

  it('a KLINE by nick bans the real host, not the cloak', () => {
    const { alice, bob } = setup();
    bob.send('OPER root pw');
    bob.lines();
    expect(bob.ask('KLINE alice :by nick')[0]).toBe(
      ':irc.test NOTICE bob :Added permanent K-Line [*@192.0.2.10]: by nick',
    );
    expect(alice.closed).toBe(true);
  });

  it('an OPER hostmask matches the real host', () => {
    const h = new Harness({
      cloaking: { enabled: true },
      operators: [operatorAccount('local', 'pw', '~*@192.0.2.50')],
    });
    const erin = h.connect('erin', { ip: '192.0.2.50' });
    expect(erin.ask('OPER local pw')[0]).toMatch(/ 381 erin /);
  });

  it('is the same for one user on every server (one key), and operators elsewhere see the real host', () => {
    const net = new TestNetwork([
      { id: A, name: 'a.test', overrides: { cloaking: { enabled: true } } },
      { id: B, name: 'b.test', overrides: { cloaking: { enabled: true }, operators: [operatorAccount('root', 'pw')] } },
    ]);
    net.link(A, B);
    const onA = net.server(A).connect('frank', { ip: '192.0.2.60' });
    const cloak = onA.user.hostname;
    expect(net.server(B).state.userByNick('frank')?.hostname).toBe(cloak);
    onA.send('QUIT');
    net.flush();
    const onB = net.server(B).connect('frank', { ip: '192.0.2.60' });
    expect(onB.user.hostname).toBe(cloak);
    const oper = net.server(A).connect('oper');
    const operB = net.server(B).connect('operb');
    operB.send('OPER root pw');
    operB.lines();
    expect(operB.ask('WHOIS frank')).toContain(':b.test 378 operb frank :is connecting from *@192.0.2.60 192.0.2.60');
    expect(oper.ask('WHOIS frank').join('\n')).not.toContain('192.0.2.60');
  });

  it('is off with cloaking.enabled false: everyone sees the IP', () => {
    const h = new Harness({ cloaking: { enabled: false } });
    expect(h.connect('gina', { ip: '192.0.2.70' }).user.hostname).toBe('192.0.2.70');
  });
});
