import { eventLine, eventSubscriber } from '../../testing/event-subscriber';
import { A, B, twoServers } from '../../testing/networks';

describe('EVENT CHANNEL MODE and TOPIC, USER TIMEOUT', () => {
  it('reports local mode and topic changes with the setter', () => {
    const net = twoServers();
    const a = net.server(A);
    const watcher = eventSubscriber(a, 'CHANNEL');
    const alice = a.connect('alice');
    alice.send('JOIN #here');
    watcher.lines();
    alice.send('MODE #here +l 5');
    alice.send('TOPIC #here :news');
    expect(watcher.lines()).toEqual([
      eventLine(a, 'CHANNEL MODE #here alice!~alice@127.0.2.1$a.test +l 5'),
      eventLine(a, 'CHANNEL TOPIC #here alice!~alice@127.0.2.1$a.test news'),
    ]);
  });

  it('reports a client the gateway dropped for silence as USER TIMEOUT, a quit as LOGOFF', () => {
    const net = twoServers();
    const a = net.server(A);
    const watcher = eventSubscriber(a, 'USER');
    a.connect('sleepy').disconnect('Ping timeout: 240 seconds');
    a.connect('leaver').send('QUIT :bye');
    expect(watcher.lines().filter((l) => !/ LOGON /.test(l))).toEqual([
      eventLine(a, 'USER TIMEOUT sleepy!~sleepy@127.0.2.1$a.test :Ping timeout: 240 seconds'),
      eventLine(a, 'USER LOGOFF leaver!~leaver@127.0.3.1$a.test :Quit: bye'),
    ]);
  });
});

describe('network: EVENT feeds see remote changes', () => {
  it('CHANNEL and MEMBER events for a channel made and left on another server', () => {
    const net = twoServers();
    const b = net.server(B);
    const watcher = eventSubscriber(b, 'CHANNEL');
    watcher.send('EVENT ADD MEMBER');
    watcher.lines();
    const alice = net.server(A).connect('alice');
    alice.send('JOIN #remote');
    alice.send('TOPIC #remote :hello there');
    alice.send('MODE #remote +m');
    alice.send('PART #remote');
    expect(watcher.lines()).toEqual([
      eventLine(b, 'CHANNEL CREATE #remote +nt alice!~alice@127.0.1.1$a.test'),
      eventLine(b, 'MEMBER JOIN #remote alice!~alice@127.0.1.1$a.test +o'),
      eventLine(b, 'CHANNEL TOPIC #remote alice!~alice@127.0.1.1$a.test :hello there'),
      eventLine(b, 'CHANNEL MODE #remote alice!~alice@127.0.1.1$a.test +m'),
      eventLine(b, 'MEMBER PART #remote alice!~alice@127.0.1.1$a.test'),
      eventLine(b, 'CHANNEL DESTROY #remote'),
    ]);
  });
});
