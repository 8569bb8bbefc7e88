/** What a scenario needs from a server under test, whichever implementation it is. */
export interface Endpoint {
  host: string;
  port: number;
  /** Clients connect with TLS (`npm run bench -- --tls`); the certificate is not checked. */
  tls?: boolean;
}

export const SYSTEM_NAMES = ['portalchat', 'ngircd', 'inspircd', 'portalchat-nohistory'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/**
 * What runs without `--systems`. `portalchat-nohistory` (Portalchat with `history.enabled: false`)
 * runs when named: `--scenarios fanout --systems portalchat,portalchat-nohistory` gives what
 * history costs, both in the same run (docs/benchmarks.md).
 */
export const DEFAULT_SYSTEMS: readonly SystemName[] = ['portalchat', 'ngircd', 'inspircd'];

/** An OS process of a deployment and its part in it (`gateway`, `state`, `nats`, `inspircd`…). */
export interface ServerProcess {
  pid: number;
  role: string;
}

/**
 * The role of a warm spare (Portalchat's state and portal keep one standing by): its CPU counts
 * with the deployment's, and the memory rows show the host with and without it.
 */
export const SPARE_ROLE = 'spare';

/** Every process of a deployment, whatever server it belongs to. */
export const allPids = (system: RunningSystem): number[] =>
  system.processes().flatMap((server) => server.map((p) => p.pid));

/** The processes that serve (every one but the warm spares). */
export const servingPids = (system: RunningSystem): number[] =>
  system.processes().flatMap((server) => server.filter((p) => p.role !== SPARE_ROLE).map((p) => p.pid));

/** One running deployment: a single server or a linked network of `servers.length` servers. */
export interface RunningSystem {
  name: SystemName;
  /**
   * One client endpoint per server, in server order; per gateway when a host runs several (the
   * scale-out scenario), so that clients spread over them.
   */
  servers: Endpoint[];
  /** Every OS process of the deployment (for CPU and RSS), per server. */
  processes(): ServerProcess[][];
  /** Registrations a client pool may have in flight at once (each server's best window). */
  connectWindow: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Number of linked servers: 1, or 3 for the network scenario. */
  servers: number;
  /** A scratch directory for configs, pid files and logs (removed by the caller). */
  workDir: string;
  /** Serve clients over TLS only, with this certificate and key (PEM files); `servers` say `tls`. */
  tls?: { cert: string; key: string };
}

export type SystemStarter = (options: StartOptions) => Promise<RunningSystem>;
