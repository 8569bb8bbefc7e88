import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@portalchat/service';
import { Harness } from '../testing/harness';
import { ChannelStore } from './channel-store';
import { RegisteredChannelPersistence } from './registered-persistence';

const LOBBY = { name: '#Lobby', modes: 'nt', topic: 'Hi', props: { SUBJECT: 'General' }, access: [] };
const silent = createLogger('state', { level: 'silent' });

describe('RegisteredChannelPersistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portalchat-persist-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function start(h: Harness): Promise<RegisteredChannelPersistence> {
    const persistence = new RegisteredChannelPersistence(
      h.state,
      h.config,
      new ChannelStore(join(dir, 'channels')),
      silent,
      () => h.now,
    );
    return persistence.load().then(() => persistence);
  }

  it('a restarted engine gets back what changed at run time, through the store', async () => {
    const first = new Harness({ channels: [LOBBY] });
    const persistence = await start(first);
    const owner = first.connect('owner');
    owner.send('IRCX');
    first.addToChannel('#Lobby', owner, 'q');
    owner.send('PROP #Lobby SUBJECT :Run time');
    first.state.channel('#lobby')?.access.push({
      level: 'HOST',
      mask: 'h!*@*$*',
      expiresAt: 0,
      setBy: 'owner',
      setAt: first.now,
      reason: 'trusted',
      byOwner: true,
    });
    persistence.persist();
    await persistence.idle();

    const second = new Harness({ channels: [LOBBY] });
    await start(second);
    const channel = second.state.channel('#lobby');
    expect(channel?.props.get('SUBJECT')).toBe('Run time');
    expect(channel?.access.map((e) => `${e.level} ${e.mask} ${e.reason}`)).toEqual(['HOST h!*@*$* trusted']);
    expect(channel?.members.size).toBe(0);
  });

  it('deletes the stored copy of a channel that was unregistered', async () => {
    const first = new Harness({ channels: [LOBBY] });
    const persistence = await start(first);
    await persistence.idle();
    expect((await new ChannelStore(join(dir, 'channels')).loadAll()).snapshots).toHaveLength(1);
    const channel = first.state.channel('#lobby');
    if (!channel) throw new Error('no #lobby');
    channel.registered = false;
    first.state.markRegistrationChanged(channel);
    persistence.persist();
    await persistence.idle();
    expect((await new ChannelStore(join(dir, 'channels')).loadAll()).snapshots).toEqual([]);
    expect(first.state.channel('#lobby')).toBeUndefined();
  });
});
