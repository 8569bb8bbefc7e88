import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isNatsConnected, METRIC_PREFIX, type ServiceDeps, type ServiceParts } from '@portalchat/service';
import { Gauge } from 'prom-client';
import { StateEngine } from './engine/engine';
import { StateNatsAdapter } from './nats-adapter';
import { ChannelStore } from './persistence/channel-store';
import { RegisteredChannelPersistence } from './persistence/registered-persistence';

export interface StateDeps extends ServiceDeps {
  clock?: () => number;
}

export interface StateService extends ServiceParts {
  engine: StateEngine;
}

/** Composes the state service: engine, NATS adapter, metrics and readiness. No listen, no env. */
export function buildState({ config, nc, logger, metrics, clock = Date.now }: StateDeps): StateService {
  const instance = randomBytes(6).toString('hex');
  const engine = new StateEngine(config, clock, instance);
  const registered = new RegisteredChannelPersistence(
    engine.state,
    config,
    new ChannelStore(join(config.dataDir, 'channels')),
    logger,
    clock,
  );
  const eventsIn = metrics.counter('state_events_in_total', 'Gateway events (lines, connects, disconnects) handled');
  const opsOut = metrics.counter('state_ops_out_total', 'Delivery operations sent to gateways');
  const faults = metrics.counter('state_faults_total', 'Events whose handling failed with an internal error');
  const netIn = metrics.counter(
    'state_network_items_in_total',
    'Network events and server tables applied from the portal',
  );
  const netOut = metrics.counter('state_network_events_out_total', 'Network events handed to the portal');
  const netIgnored = metrics.counter(
    'state_network_items_ignored_total',
    'Network items skipped because they break the contract (unknown type, missing field)',
  );
  const stateGauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name: METRIC_PREFIX + name,
      help,
      registers: [metrics.registry],
      collect() {
        this.set(read());
      },
    });
  stateGauge('state_users', 'Users on the network as this host sees them', () => engine.state.users.size);
  stateGauge('state_local_users', 'Registered users connected to this host', () => engine.state.localUserCount());
  stateGauge(
    'state_connections',
    'Client connections on this host (registered or not)',
    () => engine.state.connections.size,
  );
  stateGauge('state_channels', 'Channels on the network as this host sees them', () => engine.state.channels.size);

  const adapter = new StateNatsAdapter(nc, engine, registered, logger, {
    onBatch: (n) => eventsIn.inc(n),
    onOps: (n) => opsOut.inc(n),
    onNetIn: (n) => netIn.inc(n),
    onNetOut: (n) => netOut.inc(n),
    onFault: () => faults.inc(),
    onIgnored: () => netIgnored.inc(),
  });

  return {
    engine,
    readiness: () =>
      isNatsConnected(nc)
        ? { ready: true, details: { instance, users: engine.state.users.size, channels: engine.state.channels.size } }
        : { ready: false, reason: 'not connected to NATS' },
    // Stored registered channels come back before the first client or portal is served.
    start: async () => {
      await registered.load();
      adapter.start();
    },
    stop: async () => {
      await adapter.stop();
      await registered.idle();
    },
  };
}
