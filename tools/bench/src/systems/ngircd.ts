import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freeLoopbackPort,
  hubOf,
  LOOPBACK,
  runExternal,
  serverName,
  waitForListener,
  type ExternalProcess,
} from './external';
import type { RunningSystem, StartOptions } from './types';

export const NGIRCD_BINARY = '/usr/sbin/ngircd';
const LINK_PASSWORD = 'benchlink';
/** ngircd accepts about 10 registrations in flight; more only queue up in its accept backlog. */
const CONNECT_WINDOW = 10;

/** ngircd.conf with every limit off: no penalty time, no per-IP limit, no DNS/ident/PAM. */
export function ngircdConfig(index: number, ports: number[], workDir: string): string {
  const hub = hubOf(ports.length);
  const peers = hub < 0 ? [] : index === hub ? ports.map((_, i) => i).filter((i) => i !== hub) : [hub];
  const servers = peers.map((peer) =>
    [
      '[Server]',
      `  Name = ${serverName(peer)}`,
      `  Host = ${LOOPBACK}`,
      // The leaves dial the hub; the hub waits (a [Server] block without Port is passive).
      ...(index === hub ? [] : [`  Port = ${ports[peer]}`]),
      `  MyPassword = ${LINK_PASSWORD}`,
      `  PeerPassword = ${LINK_PASSWORD}`,
    ].join('\n'),
  );
  return [
    '[Global]',
    `  Name = ${serverName(index)}`,
    '  Info = bench',
    `  Listen = ${LOOPBACK}`,
    `  Ports = ${ports[index]}`,
    '  MotdPhrase = "bench"',
    `  PidFile = ${join(workDir, `ngircd-${index}.pid`)}`,
    '  ServerUID = 0',
    '  ServerGID = 0',
    '[Limits]',
    '  MaxConnections = 0',
    '  MaxConnectionsIP = 0',
    '  MaxJoins = 0',
    '  MaxNickLength = 30',
    '  MaxPenaltyTime = 0',
    '  PingTimeout = 3600',
    '  PongTimeout = 3600',
    '  ConnectRetry = 1',
    '[Options]',
    '  DNS = no',
    '  Ident = no',
    '  PAM = no',
    '  ConnectIPv6 = no',
    '  ConnectIPv4 = yes',
    ...servers,
    '',
  ].join('\n');
}

export async function startNgircd(options: StartOptions): Promise<RunningSystem> {
  if (options.tls) throw new Error('ngircd: --tls runs compare with InspIRCd only');
  const taken = new Set<number>();
  const ports: number[] = [];
  for (let i = 0; i < options.servers; i++) ports.push(await freeLoopbackPort(taken));
  const processes: ExternalProcess[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
  };
  try {
    for (const [i, port] of ports.entries()) {
      const file = join(options.workDir, `ngircd-${i}.conf`);
      writeFileSync(file, ngircdConfig(i, ports, options.workDir));
      const server = runExternal(NGIRCD_BINARY, ['-n', '-f', file], options.workDir);
      processes.push(server);
      await waitForListener(LOOPBACK, port, 10_000, () => server.alive()).catch((err: Error) => {
        throw new Error(`ngircd ${i}: ${err.message}\n${server.output()}`);
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: 'ngircd',
    servers: ports.map((port) => ({ host: LOOPBACK, port })),
    processes: () => processes.map((p) => [{ pid: p.child.pid ?? -1, role: 'ngircd' }]),
    connectWindow: CONNECT_WINDOW,
    stop,
  };
}
