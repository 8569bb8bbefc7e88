import { ircLower } from '@portalchat/protocol';
import type { HostConfig } from '@portalchat/config';
import type { Logger } from '@portalchat/service';
import type { ChatState } from '../model/chat-state';
import { RegisteredChannelTracker, restoreRegisteredChannels } from '../engine/registered-channels';
import type { ChannelStore } from './channel-store';

/**
 * Connects the engine's registered channels to the store, on the adapter side: `load` once at
 * start (before the state serves), then `persist` after every handled batch. Writes run in the
 * background, in order; a failure is logged and the channel is written again at the next change.
 */
export class RegisteredChannelPersistence {
  private readonly tracker: RegisteredChannelTracker;

  constructor(
    private readonly state: ChatState,
    private readonly config: HostConfig,
    private readonly store: ChannelStore,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {
    this.tracker = new RegisteredChannelTracker(config);
  }

  /** Reads the store and brings its channels back over the host file's (see restoreRegisteredChannels). */
  async load(): Promise<void> {
    const { snapshots, skipped } = await this.store.loadAll();
    for (const { file, reason } of skipped) this.logger.warn({ file, reason }, `skipped a stored channel: ${reason}`);
    restoreRegisteredChannels(this.state, this.config, snapshots, this.clock());
    this.tracker.noteStored(this.state, snapshots);
    this.logger.info({ channels: snapshots.length, dir: this.store.dir }, 'registered channels loaded');
    this.persist();
  }

  /**
   * For a state recovered from its history (which holds the registered channels already): reads
   * the store only to know what it holds, then writes what differs.
   */
  async resume(): Promise<void> {
    const { snapshots } = await this.store.loadAll();
    this.tracker.noteStored(this.state, snapshots);
    this.persist();
  }

  /** Hands the store what changed since the last call. Must run on the state's event loop. */
  persist(): void {
    const { save, remove } = this.tracker.changes(this.state);
    for (const snapshot of save) {
      const folded = ircLower(snapshot.name);
      this.store.save(snapshot, folded).catch((err: unknown) => {
        this.tracker.failed(folded, false);
        this.logger.error(
          { err, channel: snapshot.name },
          'could not save a registered channel; will retry on the next change',
        );
      });
    }
    for (const folded of remove) {
      this.store.remove(folded).catch((err: unknown) => {
        this.tracker.failed(folded, true);
        this.logger.error({ err, channel: folded }, 'could not delete a stored channel; will retry on the next change');
      });
    }
  }

  /** Resolves when every write asked for so far is done (clean stop). */
  idle(): Promise<void> {
    return this.store.idle();
  }
}
