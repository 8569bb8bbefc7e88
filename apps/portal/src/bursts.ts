import type { NetEvent } from '@portalchat/protocol';
import type { Switchboard } from '@portalchat/routing';
import type { Logger } from '@portalchat/service';
import type { PortalStatuses } from './link-status';
import type { PortalMetrics } from './portal-metrics';
import type { UpLink } from './up-link';

export interface BurstDeps {
  board: Switchboard;
  /**
   * Asks state for its view of the network without `exclude`, chunk by chunk; resolves once the
   * last chunk came (StateBridge.requestBurst).
   */
  requestBurst(exclude: number[], onChunk: (events: NetEvent[]) => void): Promise<number>;
  statuses: PortalStatuses;
  metrics: PortalMetrics;
  logger: Logger;
  clock: () => number;
  /** A burst started or ended on a link (the map shows bursts in progress). */
  onProgress?(): void;
}

/**
 * The bursts on the links that are up. Ours starts once the peer's first records came (they tell
 * what lies behind it, so the burst can leave that out; the switchboard's burstPlan decides):
 * state's view, stamped as this server's events, with the live events held behind it. The
 * peer's is timed from its start mark to its end mark, for /readyz.
 */
export class Bursts {
  private readonly started = new WeakSet<UpLink>();
  private readonly receivingSince = new WeakMap<UpLink, number>();
  private readonly sending = new WeakSet<UpLink>();

  constructor(private readonly deps: BurstDeps) {}

  /** The burst in progress on a link: ours, the peer's, or both. */
  inProgress(link: UpLink): 'sending' | 'receiving' | 'both' | undefined {
    const out = this.sending.has(link);
    const inbound = this.receivingSince.has(link);
    return out && inbound ? 'both' : out ? 'sending' : inbound ? 'receiving' : undefined;
  }

  /** The peer sent link-state records; the first time, our burst starts. */
  topologyReceived(link: UpLink): void {
    if (this.started.has(link)) return;
    this.started.add(link);
    this.send(link);
  }

  /** A burst mark of the peer's. */
  markReceived(link: UpLink, mark: { end: boolean; events: number }): void {
    const { clock, statuses } = this.deps;
    if (!mark.end) {
      this.receivingSince.set(link, clock());
      this.deps.onProgress?.();
      return;
    }
    const status = statuses.get(link.portal.name);
    if (status)
      status.lastBurstReceived = {
        events: mark.events,
        ms: clock() - (this.receivingSince.get(link) ?? clock()),
        at: clock(),
      };
    this.receivingSince.delete(link);
    this.deps.onProgress?.();
  }

  /** Asks state for its view (minus the peer's side), stamps it and sends it, then the held live events. */
  private send(link: UpLink): void {
    const { board, clock, logger, metrics, statuses } = this.deps;
    const name = link.portal.name;
    const plan = board.burstPlan(link);
    link.beginBurst();
    if (!plan.send) {
      logger.info(
        { portal: name, peerId: link.peerId },
        'no burst: the peer was already reachable through another link',
      );
      link.endBurst(0);
      return;
    }
    const started = clock();
    let sent = 0;
    this.sending.add(link);
    this.deps.onProgress?.();
    // The marks tell every receiver that the burst is the whole truth about `plan.servers`: what a
    // receiver still holds of them (a split that was pending) and the burst lacks went away.
    const mark = (phase: 'begin' | 'end') => board.stamp({ type: 'burst', phase, servers: plan.servers }, undefined);
    link.sendBurstEvents([mark('begin')]);
    this.deps
      .requestBurst(plan.exclude, (events) => {
        sent += events.length;
        // No targets: a server that links to the peer while this burst travels must get it too (applying twice is harmless).
        link.sendBurstEvents(events.map((e) => board.stamp(e, undefined)));
      })
      .then(() => {
        // Only a complete burst ends with its mark: a partial one must not make receivers remove anything.
        link.sendBurstEvents([mark('end')]);
        const ms = clock() - started;
        const status = statuses.get(name);
        if (status) status.lastBurstSent = { events: sent, ms, at: clock() };
        metrics.burstEvents.set({ link: name }, sent);
        metrics.burstSeconds.set({ link: name }, ms / 1000);
        logger.info({ portal: name, events: sent, ms, exclude: plan.exclude, servers: plan.servers }, 'burst sent');
      })
      .catch((err: unknown) =>
        logger.error({ err, portal: name, sent }, 'burst from state failed; the link goes on with live events'),
      )
      .finally(() => {
        link.endBurst(sent);
        this.sending.delete(link);
        this.deps.onProgress?.();
      });
  }
}
