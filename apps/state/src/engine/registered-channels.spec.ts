import type { ConfiguredChannel } from '@portalchat/config';
import { eventLine, eventSubscriber } from '../testing/event-subscriber';
import { Harness, makeConfig, operatorAccount } from '../testing/harness';
import {
  RegisteredChannelTracker,
  restoreRegisteredChannels,
  setChannelRegistered,
  snapshotOfRegistered,
  type RegisteredSnapshot,
} from './registered-channels';

const LOBBY: ConfiguredChannel = {
  name: '#Lobby',
  modes: 'nt',
  topic: 'Welcome to the lobby',
  limit: 100,
  memberKey: 'mk',
  ownerKey: 'ok',
  hostKey: 'hk',
  props: { SUBJECT: 'General', ONJOIN: 'Hello!', BOGUS: 'ignored' },
  access: [{ level: 'OWNER', mask: 'boss', reason: 'founder' }],
};

describe('registered channels from the host file', () => {
  it('exist at start, empty, with mode r, their modes, topic, key, limit, props and access', () => {
    const h = new Harness({ channels: [LOBBY] });
    const channel = h.state.channel('#lobby');
    expect(channel).toMatchObject({ name: '#Lobby', registered: true, key: 'mk', limit: 100, createdAt: h.now });
    expect([...(channel?.modes ?? [])].sort()).toEqual(['n', 'r', 't']);
    expect(channel?.topic).toEqual({ text: 'Welcome to the lobby', setBy: 'irc.test', setAt: h.now });
    expect(Object.fromEntries(channel?.props ?? [])).toEqual({
      SUBJECT: 'General',
      ONJOIN: 'Hello!',
      OWNERKEY: 'ok',
      HOSTKEY: 'hk',
    });
    expect(channel?.access).toEqual([
      {
        level: 'OWNER',
        mask: 'boss!*@*$*',
        expiresAt: 0,
        setBy: 'irc.test',
        setAt: h.now,
        reason: 'founder',
        byOwner: true,
      },
    ]);
  });

  it('show in LIST, LISTX and PROP', () => {
    const h = new Harness({ channels: [LOBBY] });
    const plain = h.connect('plain');
    expect(plain.ask('LIST')).toEqual([
      ':irc.test 322 plain #Lobby 0 :[+nrtkl] Welcome to the lobby',
      ':irc.test 323 plain :End of /LIST',
    ]);
    const viewer = h.connect('viewer', { ircx: true });
    expect(viewer.ask('LISTX R=1')).toEqual([
      ':irc.test 811 viewer :Start of ListX',
      ':irc.test 812 viewer #Lobby +nrtkl 0 100 :Welcome to the lobby',
      ':irc.test 817 viewer :End of ListX',
    ]);
    expect(viewer.ask('PROP #Lobby SUBJECT,ONJOIN')).toEqual([
      ':irc.test 818 viewer #Lobby SUBJECT General',
      ':irc.test 818 viewer #Lobby ONJOIN Hello!',
      ':irc.test 819 viewer #Lobby :End of properties',
    ]);
  });

  it('stays when its last member leaves', () => {
    const h = new Harness({ channels: [LOBBY] });
    const alice = h.connect('alice');
    expect(alice.ask('JOIN #Lobby mk')[0]).toBe(':alice!~alice@127.0.1.1 JOIN #Lobby');
    alice.send('PART #Lobby');
    expect(h.state.channel('#lobby')?.members.size).toBe(0);
  });
});

describe('setChannelRegistered', () => {
  it('an unregistered channel that is empty vanishes', () => {
    const h = new Harness({ channels: [LOBBY] });
    const channel = h.state.channel('#lobby');
    if (!channel) throw new Error('no channel');
    setChannelRegistered(h.state, channel, false);
    expect(h.state.channel('#lobby')).toBeUndefined();
    expect(h.state.dirtyRegistered.has('#lobby')).toBe(true);
  });

  it('an empty channel unregistered by MODE -r is reported gone on the EVENT feed', () => {
    const h = new Harness();
    const watcher = eventSubscriber(h, 'CHANNEL');
    const alice = h.connect('alice');
    alice.send('JOIN #c');
    expect(watcher.lines()).toEqual([eventLine(h, 'CHANNEL CREATE #c +nt alice!~alice@127.0.2.1$irc.test')]);
    watcher.send('MODE #c +r');
    alice.send('PART #c');
    expect(h.state.channel('#c')?.members.size).toBe(0);
    // Registered: it stays (only the MODE is reported).
    expect(watcher.lines().filter((line) => / EVENT /.test(line))).toEqual([
      eventLine(h, 'CHANNEL MODE #c watcher!~watcher@127.0.1.1$irc.test +r'),
    ]);
    watcher.send('MODE #c -r');
    expect(h.state.channel('#c')).toBeUndefined();
    // The channel goes as the change applies, before the MODE is reported.
    expect(watcher.lines().filter((line) => / EVENT /.test(line))).toEqual([
      eventLine(h, 'CHANNEL DESTROY #c'),
      eventLine(h, 'CHANNEL MODE #c watcher!~watcher@127.0.1.1$irc.test -r'),
    ]);
  });

  it('registering sets mode r and the flag', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.addToChannel('#c', alice);
    const channel = h.state.channel('#c');
    if (!channel) throw new Error('no channel');
    setChannelRegistered(h.state, channel, true);
    expect(channel.registered).toBe(true);
    expect(channel.modes.has('r')).toBe(true);
  });
});

describe('which server stores a registered channel', () => {
  it('only the one it was registered on: a +r that came from the network leaves this store alone', () => {
    const h = new Harness();
    const alice = h.connect('alice');
    h.addToChannel('#far', alice);
    const channel = h.state.channel('#far');
    if (!channel) throw new Error('no channel');
    // As a cmode +r from another server applies it (no local MODE): registered, not registeredHere.
    setChannelRegistered(h.state, channel, true);
    const tracker = new RegisteredChannelTracker(h.config);
    expect(channel.registered).toBe(true);
    expect(tracker.changes(h.state)).toEqual({ save: [], remove: [] });
  });
});

describe('a registered channel across a restart', () => {
  it('comes back with its run-time props, topic and access from the stored snapshot', () => {
    const first = new Harness({ channels: [LOBBY], operators: [operatorAccount('sysop', 'pw')] });
    const owner = first.connect('owner', { ircx: true });
    owner.send('OPER sysop pw');
    owner.lines(); // the 381: a client waits for it before going on
    first.addToChannel('#Lobby', owner, 'q');
    owner.send('PROP #Lobby SUBJECT :Changed at run time');
    owner.send('PROP #Lobby TOPIC :New topic');
    const channel = first.state.channel('#lobby');
    if (!channel) throw new Error('no channel');
    channel.access.push({
      level: 'VOICE',
      mask: '*!*@*$*',
      expiresAt: 0,
      setBy: 'owner',
      setAt: first.now,
      reason: '',
      byOwner: true,
    });
    // A dynamic channel registered at run time comes back too.
    first.addToChannel('#later', owner);
    const later = first.state.channel('#later');
    if (!later) throw new Error('no #later');
    owner.send('MODE #later +r');
    later.props.set('LANGUAGE', 'fr');

    const stored: RegisteredSnapshot[] = JSON.parse(
      JSON.stringify(new RegisteredChannelTracker(first.config).changes(first.state).save),
    ) as RegisteredSnapshot[];
    expect(stored.map((s) => s.name).sort()).toEqual(['#Lobby', '#later']);

    const second = new Harness({ channels: [LOBBY] });
    second.advance(60_000);
    restoreRegisteredChannels(second.state, second.config, stored, second.now);
    const back = second.state.channel('#lobby');
    expect(back?.props.get('SUBJECT')).toBe('Changed at run time');
    expect(back?.topic?.text).toBe('New topic');
    expect(back?.access.map((e) => e.level)).toEqual(['OWNER', 'VOICE']);
    expect(back?.createdAt).toBe(first.state.channel('#lobby')?.createdAt);
    expect(second.state.channel('#later')).toMatchObject({ registered: true, members: new Map() });
    expect(second.state.channel('#later')?.props.get('LANGUAGE')).toBe('fr');
    expect(second.state.channel('#later')?.modes.has('r')).toBe(true);
  });

  it('takes the host file when its entry was edited since the copy was stored (keeping the TS)', () => {
    const first = new Harness({ channels: [LOBBY] });
    const snap = snapshotOfRegistered(first.state.channel('#lobby') as never, first.config);
    snap.props['SUBJECT'] = 'stale';
    const edited = { ...LOBBY, topic: 'Edited in the file' };
    const second = new Harness({ channels: [edited] });
    second.advance(60_000);
    restoreRegisteredChannels(second.state, second.config, [snap], second.now);
    const back = second.state.channel('#lobby');
    expect(back?.topic?.text).toBe('Edited in the file');
    expect(back?.props.get('SUBJECT')).toBe('General');
    expect(back?.createdAt).toBe(snap.createdAt);
  });
});

describe('RegisteredChannelTracker', () => {
  it('hands out a channel once per change, and its removal when unregistered', () => {
    const h = new Harness({ channels: [LOBBY] });
    const tracker = new RegisteredChannelTracker(makeConfig({ channels: [LOBBY] }));
    expect(tracker.changes(h.state).save.map((s) => s.name)).toEqual(['#Lobby']);
    expect(tracker.changes(h.state)).toEqual({ save: [], remove: [] });
    h.state.channel('#lobby')?.props.set('SUBJECT', 'x');
    expect(tracker.changes(h.state).save).toHaveLength(1);
    setChannelRegistered(h.state, h.state.channel('#lobby') as never, false);
    expect(tracker.changes(h.state)).toEqual({ save: [], remove: ['#lobby'] });
  });

  it('hands a failed write out again on the next call', () => {
    const h = new Harness({ channels: [LOBBY] });
    const tracker = new RegisteredChannelTracker(h.config);
    tracker.changes(h.state);
    tracker.failed('#lobby', false);
    expect(tracker.changes(h.state).save).toHaveLength(1);
  });

  it('does not rewrite what the store already holds', () => {
    const h = new Harness({ channels: [LOBBY] });
    const stored = [snapshotOfRegistered(h.state.channel('#lobby') as never, h.config)];
    const tracker = new RegisteredChannelTracker(h.config);
    tracker.noteStored(h.state, stored);
    expect(tracker.changes(h.state)).toEqual({ save: [], remove: [] });
  });
});
