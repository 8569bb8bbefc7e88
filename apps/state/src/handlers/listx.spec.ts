import { compileMask } from '../engine/listx-query';
import { Harness, type TestClient } from '../testing/harness';

/** #big (3 members, topic, SUBJECT, PICS, +l 50), #small (1, registered), #hid (+h), #sec (+s), #priv (+p). */
function setup() {
  const h = new Harness();
  const [a, b, c] = ['a', 'b', 'c'].map((nick) => h.connect(nick)) as [TestClient, TestClient, TestClient];
  for (const who of [a, b, c]) h.addToChannel('#big', who);
  const big = h.state.channel('#big');
  if (!big) throw new Error('no #big');
  big.modes = new Set(['n', 't']);
  big.limit = 50;
  big.topic = { text: 'Big talk', setBy: 'a', setAt: h.now };
  big.props.set('SUBJECT', 'Sports');
  big.props.set('LANGUAGE', 'en');
  big.props.set('PICS', 'G-rated');
  h.advance(10 * 60_000);
  h.addToChannel('#small', a);
  const small = h.state.channel('#small');
  if (small) small.registered = true;
  h.addToChannel('#hid', a);
  h.state.channel('#hid')?.modes.add('h');
  h.addToChannel('#sec', a);
  h.state.channel('#sec')?.modes.add('s');
  h.addToChannel('#priv', a);
  h.state.channel('#priv')?.modes.add('p');
  h.state.channel('#priv')?.props.set('PICS', 'R');
  const viewer = h.connect('viewer', { ircx: true });
  return { h, viewer, a };
}

const START = ':irc.test 811 viewer :Start of ListX';
const END = ':irc.test 817 viewer :End of ListX';
const BIG = [':irc.test 812 viewer #big +ntl 3 50 :Big talk', ':irc.test 813 viewer G-rated'];
const SMALL = ':irc.test 812 viewer #small + 1 0 :';
const PRIV = [':irc.test 812 viewer #priv +p 1 0 :', ':irc.test 813 viewer R'];

describe('LISTX', () => {
  it('is an IRCX command: plain sessions get 421', () => {
    const { a } = setup();
    expect(a.ask('LISTX')).toEqual([':irc.test 421 a LISTX :Unknown command']);
  });

  it('lists every channel the viewer may see; +h and +s are left out, +p shows name and count', () => {
    const { viewer } = setup();
    expect(viewer.ask('LISTX')).toEqual([START, ...BIG, SMALL, ...PRIV, END]);
  });

  it('shows a hidden channel named exactly, never a secret one to outsiders', () => {
    const { viewer } = setup();
    expect(viewer.ask('LISTX #hid,#sec')).toEqual([START, ':irc.test 812 viewer #hid +h 1 0 :', END]);
  });

  it('shows members their secret channels', () => {
    const { h, a } = setup();
    a.send('IRCX');
    a.lines();
    expect(a.ask('LISTX #sec')).toEqual([
      ':irc.test 811 a :Start of ListX',
      ':irc.test 812 a #sec +s 1 0 :',
      ':irc.test 817 a :End of ListX',
    ]);
    expect(h.state.channel('#sec')).toBeDefined();
  });

  it.each([
    ['>2', [...BIG]],
    ['<2', [SMALL, ...PRIV]],
    ['C>5', [...BIG]],
    ['C<5', [SMALL]],
    ['T<20', [...BIG]],
    ['T>20', []],
    ['S=sport*', [...BIG]],
    ['L=EN', [...BIG]],
    ['N=#s*', [SMALL]],
    ['T=*big\\btalk', [...BIG]],
    ['R=1', [SMALL]],
    ['R=0', [...BIG]],
    ['N=#*,>0,<2', [SMALL, ...PRIV]],
  ])('filters with %s', (query, expected) => {
    const { viewer } = setup();
    expect(viewer.ask(`LISTX ${query}`)).toEqual([START, ...expected, END]);
  });

  it('stops at the limit with 816 instead of 817; 0 is unlimited', () => {
    const { viewer } = setup();
    expect(viewer.ask('LISTX >0 1')).toEqual([START, ...BIG, ':irc.test 816 viewer :Truncation of ListX']);
    expect(viewer.ask('LISTX >0 0')).toEqual([START, ...BIG, SMALL, ...PRIV, END]);
  });

  it('answers 906 for a term or limit it does not understand', () => {
    const { viewer } = setup();
    expect(viewer.ask('LISTX X=1')).toEqual([':irc.test 906 viewer X=1 :Bad value specified']);
    expect(viewer.ask('LISTX >1 many')).toEqual([':irc.test 906 viewer many :Bad value specified']);
  });
});

describe('compileMask', () => {
  it.each([
    ['a*c', 'ABBC', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a\\*c', 'a*c', true],
    ['a\\*c', 'abc', false],
    ['a\\?', 'a?', true],
    ['a\\bb', 'a b', true],
    ['a\\cb', 'a,b', true],
    ['a\\\\b', 'a\\b', true],
    ['*', '', true],
    ['', 'x', false],
  ])('%s against %s → %s', (mask, text, expected) => {
    expect(compileMask(mask)(text)).toBe(expected);
  });
});

describe('LIST and hidden (+h) channels', () => {
  it('leaves +h channels out unless named exactly or the viewer is a member', () => {
    const { h, a } = setup();
    const plain = h.connect('plain');
    const listed = plain.ask('LIST').map((l) => l.split(' ')[3]);
    expect(listed).toEqual(['#big', '#small', ':End']);
    expect(plain.ask('LIST #hid')).toEqual([':irc.test 322 plain #hid 1 :[+h] ', ':irc.test 323 plain :End of /LIST']);
    expect(a.ask('LIST').map((l) => l.split(' ')[3])).toContain('#hid');
  });
});
