import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { ConfigError, fixedFieldChanges, natsCaFile, natsLoginFor, type HostConfig } from '@portalchat/config';
import {
  busUser,
  decodeEnvelope,
  encodeEnvelope,
  inboxPrefixOf,
  PROTOCOL_VERSION,
  subjects,
  type ReloadReply,
  type ReloadRequest,
} from '@portalchat/protocol';

/** Each service re-reads and applies the file in milliseconds; a stopped one simply has no responders. */
const SERVICE_RELOAD_TIMEOUT_MS = 10_000;

export interface HostReloadSteps {
  /** The host file read and checked again, as at start (throws ConfigError with the same messages). */
  load(): HostConfig;
  current(): HostConfig;
  /** Certificates issued where needed and the effective file rewritten for the services. */
  prepare(next: HostConfig): void;
  /** The reload subjects of the services running now (`state`, `portal`, `gw-<id>`). */
  services(): string[];
  /** Takes the new config as the host's once every service has been asked. */
  commit(next: HostConfig): void;
}

/**
 * A reload of the host file (issue 14): the host reads and validates it as at start; a bad file, or
 * one that changes what only a restart can change, is refused with the validation messages and the
 * running config stays. Otherwise the host writes the new effective file and asks each service
 * over NATS to re-read it (subjects.serviceReload), and reports what each did.
 */
export async function reloadHost(
  nc: NatsConnection | undefined,
  serverId: number,
  steps: HostReloadSteps,
  file: string,
): Promise<ReloadReply> {
  const refuse = (problems: string[]): ReloadReply => ({
    v: PROTOCOL_VERSION,
    ok: false,
    file,
    problems,
    services: [],
  });
  let next: HostConfig;
  try {
    next = steps.load();
  } catch (err) {
    if (err instanceof ConfigError) return refuse([...err.problems]);
    return refuse([`${file}: ${(err as Error).message}`]);
  }
  const fixed = fixedFieldChanges(steps.current(), next);
  if (fixed.length > 0) return refuse(fixed);
  try {
    steps.prepare(next);
  } catch (err) {
    return refuse([`${file}: ${(err as Error).message}`]);
  }
  const services: string[] = [];
  const problems: string[] = [];
  for (const service of steps.services()) {
    if (!nc) {
      problems.push(`${service}: not told (the host has no NATS connection)`);
      continue;
    }
    try {
      const request: ReloadRequest = { v: PROTOCOL_VERSION, by: `host reload of ${file}` };
      const answer = await nc.request(subjects.serviceReload(serverId, service).name, encodeEnvelope(request), {
        timeout: SERVICE_RELOAD_TIMEOUT_MS,
      });
      const reply = decodeEnvelope(subjects.serviceReload(serverId, service).reply, answer.string());
      services.push(...reply.services);
      problems.push(...reply.problems);
    } catch (err) {
      problems.push(`${service}: no answer (${(err as Error).message})`);
    }
  }
  steps.commit(next);
  return { v: PROTOCOL_VERSION, ok: problems.length === 0, file, problems, services };
}

/**
 * The host process's own NATS connection, as the `operator` user of its bus: it answers
 * subjects.hostReload (REHASH, the admin API) with `reload`. Requests are handled one at a time.
 */
export class HostReloadServer {
  private nc: NatsConnection | undefined;
  private subscription: Subscription | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: HostConfig,
    private readonly reload: (by: string) => Promise<ReloadReply>,
    private readonly log: (message: string) => void,
  ) {}

  get connection(): NatsConnection | undefined {
    return this.nc;
  }

  async start(): Promise<void> {
    const role = { kind: 'operator' } as const;
    const ca = natsCaFile(this.config);
    this.nc = await connect({
      servers: this.config.nats.url,
      name: `host-${this.config.server.id}`,
      ...natsLoginFor(this.config, busUser(role)),
      inboxPrefix: inboxPrefixOf(role),
      ...(ca === undefined ? {} : { tls: { caFile: ca } }),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const subject = subjects.hostReload(this.config.server.id);
    this.subscription = this.nc.subscribe(subject.name, {
      callback: (err, msg) => {
        if (err) return;
        let by = 'an unreadable request';
        try {
          by = decodeEnvelope(subject.payload, msg.string()).by;
        } catch {
          // Still reloaded: the requester learns the outcome, and the log says who could not be read.
        }
        this.queue = this.queue
          .then(async () => {
            const reply = await this.reload(by);
            msg.respond(encodeEnvelope(reply));
          })
          .catch((e: unknown) => this.log(`reload request failed: ${(e as Error).message}`));
      },
    });
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.queue;
    await this.nc?.close();
    this.nc = undefined;
  }
}
