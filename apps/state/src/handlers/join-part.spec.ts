import { Harness } from '../testing/harness';

describe('JOIN', () => {
  it('creates the channel, ops the creator and sends JOIN, NAMES and end', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    expect(alice.ask('JOIN #a')).toEqual([
      ':alice!~alice@127.0.1.1 JOIN #a',
      ':irc.test 353 alice = #a @alice',
      ':irc.test 366 alice #a :End of /NAMES list',
    ]);
    const channel = h.state.channel('#a');
    expect(channel?.modes).toEqual(new Set(['n', 't']));
    expect(channel?.createdAt).toBe(h.now);
  });

  it('announces a join to the members and sends the topic to the joiner', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('JOIN #a');
    alice.send('TOPIC #a :hello world');
    alice.lines();
    h.advance(5000);
    expect(bob.ask('JOIN #A')).toEqual([
      ':bob!~bob@127.0.2.1 JOIN #a',
      ':irc.test 332 bob #a :hello world',
      `:irc.test 333 bob #a alice!~alice@127.0.1.1 ${Math.floor((h.now - 5000) / 1000)}`,
      ':irc.test 353 bob = #a :@alice bob',
      ':irc.test 366 bob #a :End of /NAMES list',
    ]);
    expect(alice.lines()).toEqual([':bob!~bob@127.0.2.1 JOIN #a']);
  });

  it('does nothing when already on the channel', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    alice.send('JOIN #a');
    expect(alice.ask('JOIN #a')).toEqual([]);
  });

  it('joins several channels with their keys', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('JOIN #a,#b');
    alice.send('MODE #b +k kb');
    const lines = bob.ask('JOIN #a,#b ,kb');
    expect(lines.filter((l) => / JOIN /.test(l))).toEqual([
      ':bob!~bob@127.0.2.1 JOIN #a',
      ':bob!~bob@127.0.2.1 JOIN #b',
    ]);
  });

  it('gives extended-join clients the account and realname', () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: ['extended-join'] });
    alice.send('JOIN #a');
    alice.lines();
    h.connect('bob', { realname: 'Bob Builder' }).send('JOIN #a');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.2.1 JOIN #a * :Bob Builder']);
  });

  it("irctest testAwayNotifyOnJoin: sends an away joiner's AWAY to away-notify members only", () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: ['away-notify'] });
    const carol = h.connect('carol');
    alice.send('JOIN #a');
    carol.send('JOIN #a');
    const bob = h.connect('bob');
    bob.send("AWAY :i'm already away");
    alice.lines();
    carol.lines();
    bob.send('JOIN #a');
    expect(alice.lines()).toEqual([':bob!~bob@127.0.3.1 JOIN #a', ":bob!~bob@127.0.3.1 AWAY :i'm already away"]);
    expect(carol.lines()).toEqual([':bob!~bob@127.0.3.1 JOIN #a']);
    expect(bob.lines().some((l) => / AWAY /.test(l))).toBe(false);
  });

  it('adds server-time to the JOIN for clients that asked', () => {
    const h = new Harness();
    const alice = h.connect('alice', { caps: ['server-time'] });
    expect(alice.ask('JOIN #a')[0]).toBe('@time=2024-01-02T03:04:05.000Z :alice!~alice@127.0.1.1 JOIN #a');
  });

  it.each(['a', '#a b', '#a\x07', `#${'x'.repeat(200)}`, '%#a\\t'])('refuses the bad name %j with 403', (name) => {
    const h = new Harness();
    const alice = h.connect('alice');
    const lines = alice.ask(`JOIN :${name}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^:irc.test 403 alice \S+ :No such channel$/);
  });

  it('refuses a join beyond maxChannelsPerUser with 405', () => {
    const h = new Harness({ limits: { maxChannelsPerUser: 2 } });
    const alice = h.connect('alice');
    alice.send('JOIN #a,#b');
    expect(alice.ask('JOIN #c')).toEqual([':irc.test 405 alice #c :You have joined too many channels']);
  });

  describe('channel restrictions', () => {
    function setup(modes: string) {
      const h = new Harness();
      const op = h.connect('op');
      op.send('JOIN #a');
      op.send(`MODE #a ${modes}`);
      op.lines();
      return { h, op, bob: h.connect('bob') };
    }

    it('refuses a wrong or missing key with 475 and admits the right one', () => {
      const { bob } = setup('+k sesame');
      expect(bob.ask('JOIN #a')).toEqual([':irc.test 475 bob #a :Cannot join channel (+k)']);
      expect(bob.ask('JOIN #a nope')).toEqual([':irc.test 475 bob #a :Cannot join channel (+k)']);
      expect(bob.ask('JOIN #a sesame')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #a');
    });

    it('refuses a full channel with 471', () => {
      const { bob } = setup('+l 1');
      expect(bob.ask('JOIN #a')).toEqual([':irc.test 471 bob #a :Cannot join channel (+l)']);
    });

    it('refuses an invite-only channel with 473 unless invited or +I', () => {
      const { h, op, bob } = setup('+i');
      expect(bob.ask('JOIN #a')).toEqual([':irc.test 473 bob #a :Cannot join channel (+i)']);
      op.send('INVITE bob #a');
      expect(bob.ask('JOIN #a')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #a');
      op.send('MODE #a +I carol');
      expect(h.connect('carol').ask('JOIN #a')[0]).toMatch(/^:carol!~carol@\S+ JOIN #a$/);
    });

    it('forgets an invite once used', () => {
      const { op, bob } = setup('+i');
      op.send('INVITE bob #a');
      bob.send('JOIN #a');
      bob.send('PART #a');
      expect(bob.ask('JOIN #a')).toEqual([':irc.test 473 bob #a :Cannot join channel (+i)']);
    });

    it('refuses a banned user with 474 unless an exception matches', () => {
      const { op, bob } = setup('+b bob');
      expect(bob.ask('JOIN #a')).toEqual([':irc.test 474 bob #a :Cannot join channel (+b)']);
      op.send('MODE #a +e *!~bob@*');
      expect(bob.ask('JOIN #a')[0]).toBe(':bob!~bob@127.0.2.1 JOIN #a');
    });
  });

  it('JOIN 0 parts every channel without a reason', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('JOIN #a,#b');
    bob.send('JOIN #a');
    bob.lines();
    expect(alice.ask('JOIN 0')).toEqual([':alice!~alice@127.0.1.1 PART #a', ':alice!~alice@127.0.1.1 PART #b']);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PART #a']);
    expect(h.state.channel('#b')).toBeUndefined();
    expect(h.state.userByNick('alice')?.channels.size).toBe(0);
  });
});

describe('PART', () => {
  it('broadcasts the part with its reason and leaves the channel', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    const bob = h.connect('bob');
    alice.send('JOIN #a');
    bob.send('JOIN #a');
    bob.lines();
    expect(alice.ask('PART #a :see you')).toEqual([':alice!~alice@127.0.1.1 PART #a :see you']);
    expect(bob.lines()).toEqual([':alice!~alice@127.0.1.1 PART #a :see you']);
    expect(h.state.channel('#a')?.members.size).toBe(1);
  });

  it('answers 403 for an unknown channel and 442 when not a member', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.connect('bob').send('JOIN #b');
    expect(alice.ask('PART #nope,#b')).toEqual([
      ':irc.test 403 alice #nope :No such channel',
      ":irc.test 442 alice #b :You're not on that channel",
    ]);
  });

  it('needs a channel (461)', () => {
    const h = new Harness();
    expect(h.connect('alice').ask('PART')).toEqual([':irc.test 461 alice PART :Not enough parameters']);
  });
});
