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

export const INSPIRCD_BINARY = '/usr/sbin/inspircd';
const LINK_PASSWORD = 'benchlink';
/**
 * InspIRCd 3 completes registrations in its once-a-second background pass, whatever the
 * window: its best window is every client at once (bounded by the accept backlog).
 */
const CONNECT_WINDOW = 20_000;
const HUGE = 100_000_000;

interface Ports {
  clients: number[];
  servers: number[];
}

/** An InspIRCd 3 config with flood limits off: no fakelag, huge commandrate/threshold/queues. */
export function inspircdConfig(index: number, ports: Ports, workDir: string, tls?: StartOptions['tls']): string {
  const count = ports.clients.length;
  const hub = hubOf(count);
  const peers = hub < 0 ? [] : index === hub ? ports.clients.map((_, i) => i).filter((i) => i !== hub) : [hub];
  const lines = [
    // SIDs are a digit and two alphanumerics.
    `<server name="${serverName(index)}" description="bench" id="${index + 1}BN" network="bench">`,
    '<admin name="bench" nick="bench" email="bench@localhost">',
    // Over TLS: GnuTLS (Debian's inspircd builds ssl_gnutls, not ssl_openssl), no client certificate asked.
    ...(tls
      ? [
          '<module name="ssl_gnutls">',
          `<sslprofile name="bench" provider="gnutls" certfile="${tls.cert}" keyfile="${tls.key}" dhfile="" requestclientcert="no">`,
          `<bind address="${LOOPBACK}" port="${ports.clients[index]}" type="clients" sslprofile="bench">`,
        ]
      : [`<bind address="${LOOPBACK}" port="${ports.clients[index]}" type="clients">`]),
    `<connect name="main" allow="*" timeout="600" pingfreq="3600" hardsendq="${HUGE}" softsendq="${HUGE}" recvq="${HUGE}"`,
    `  threshold="${HUGE}" commandrate="${HUGE}" fakelag="off" localmax="${HUGE}" globalmax="${HUGE}" limit="${HUGE}"`,
    '  maxchans="100" maxconnwarn="off" resolvehostnames="no" useident="no" usednsbl="no">',
    `<performance softlimit="${HUGE}" somaxconn="65535" netbuffersize="65536" clonesonconnect="no" quietbursts="yes">`,
    `<pid file="${join(workDir, `inspircd-${index}.pid`)}">`,
    '<dns server="127.0.0.1" timeout="1">',
    `<log method="file" type="* -USERINPUT -USEROUTPUT" level="sparse" target="${join(workDir, `inspircd-${index}.log`)}">`,
    '<options prefixquit="Quit: " announcets="no">',
    '<security hideserver="" userstats="Pu" maxtargets="20">',
    '<channels users="100" opers="100">',
    '<limits maxnick="30" maxchan="64" maxmodes="20" maxident="10" maxquit="255" maxtopic="307" maxkick="255" maxreal="128" maxgecos="128" maxaway="200">',
  ];
  if (peers.length > 0) {
    lines.push('<module name="spanningtree">');
    lines.push(`<bind address="${LOOPBACK}" port="${ports.servers[index]}" type="servers">`);
    for (const peer of peers) {
      lines.push(
        `<link name="${serverName(peer)}" ipaddr="${LOOPBACK}" port="${ports.servers[peer]}" allowmask="127.0.0.0/8" timeout="30" sendpass="${LINK_PASSWORD}" recvpass="${LINK_PASSWORD}">`,
      );
    }
    // The leaves dial the hub.
    if (index !== hub) lines.push(`<autoconnect period="1s" server="${serverName(hub)}">`);
  }
  return `${lines.join('\n')}\n`;
}

export async function startInspircd(options: StartOptions): Promise<RunningSystem> {
  const taken = new Set<number>();
  const ports: Ports = { clients: [], servers: [] };
  for (let i = 0; i < options.servers; i++) {
    ports.clients.push(await freeLoopbackPort(taken));
    ports.servers.push(await freeLoopbackPort(taken));
  }
  const processes: ExternalProcess[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
  };
  try {
    for (const [i, clientPort] of ports.clients.entries()) {
      const file = join(options.workDir, `inspircd-${i}.conf`);
      writeFileSync(file, inspircdConfig(i, ports, options.workDir, options.tls));
      const args = ['--nofork', '--nopid', '--config', file];
      if (process.getuid?.() === 0) args.push('--runasroot');
      const server = runExternal(INSPIRCD_BINARY, args, options.workDir);
      processes.push(server);
      await waitForListener(LOOPBACK, clientPort, 10_000, () => server.alive()).catch((err: Error) => {
        throw new Error(`inspircd ${i}: ${err.message}\n${server.output()}`);
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: 'inspircd',
    servers: ports.clients.map((port) => ({ host: LOOPBACK, port, ...(options.tls ? { tls: true } : {}) })),
    processes: () => processes.map((p) => [{ pid: p.child.pid ?? -1, role: 'inspircd' }]),
    connectWindow: CONNECT_WINDOW,
    stop,
  };
}
