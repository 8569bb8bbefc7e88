import type { NatsConnection } from '@nats-io/transport-node';
import { PROTOCOL_VERSION, subjects, type StateInfo } from '@portalchat/protocol';
import { requestEnvelope } from './envelope-publish';
import type { Logger } from './logger';

export interface StateInfoPollerOptions {
  nc: NatsConnection;
  serverId: number;
  logger: Logger;
  /** How long one request waits for state's answer. */
  timeoutMs: number;
  /** Whether NATS has a server now: a request without one would only time out. */
  connected(): boolean;
  /** State answered: it is alive, and says which instance and history it is. */
  onInfo(info: StateInfo): void;
}

/**
 * The gateway's and the portal's once-a-second question to state (StateInfo): its answers are how
 * they notice a state that went silent, and learn which history a state carries before its
 * hello. At most one request is in flight; no answer is only logged at debug (the caller's
 * timers decide what silence means).
 */
export class StateInfoPoller {
  private polling = false;

  constructor(private readonly opts: StateInfoPollerOptions) {}

  /** Resolves once this poll has ended: answered, refused or timed out. */
  async poll(): Promise<void> {
    const { nc, serverId, logger } = this.opts;
    if (this.polling || nc.isClosed() || !this.opts.connected()) return;
    this.polling = true;
    let info: StateInfo | undefined;
    try {
      info = await requestEnvelope(nc, subjects.stateInfo(serverId), { v: PROTOCOL_VERSION }, logger, {
        timeout: this.opts.timeoutMs,
      });
    } catch (err) {
      logger.debug({ err }, 'state did not answer the info request');
    } finally {
      this.polling = false;
    }
    if (info) this.opts.onInfo(info);
  }
}
