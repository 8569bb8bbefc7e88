import { Harness } from '../testing/harness';
it('smoke', () => {
  const h = new Harness();
  const a = h.connect('alice');
  const b = h.connect('bob', { caps: ['multi-prefix', 'userhost-in-names', 'echo-message', 'server-time', 'extended-join'] });
  console.log(a.ask('JOIN #a'));
  console.log(b.ask('JOIN #a'));
  console.log(a.lines());
  console.log(b.ask('PRIVMSG #a :hello there'));
  console.log(a.lines());
  console.log(a.ask('MODE #a +ov-n+kbl bob bob key foo 10'));
  console.log(a.ask('KICK #a :a b'));
  console.log(a.ask('JOIN :#a b'));
  console.log(a.ask('MODE #a +:'));
});
