import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { GENERATED, natsCaFile, readNatsCredentials, testHostConfig, type HostConfig } from '@portalchat/config';
import { natsTlsBlock, prepareNatsAuth } from './nats-auth';
import { startNatsServer, type RunningNatsServer } from './nats-server';
import { freePort } from './ports';
import { createCa } from './tls/pki';

jest.setTimeout(20_000);

describe('natsTlsBlock', () => {
  it('gives nats-server its certificate and key files', () => {
    expect(natsTlsBlock({ cert: '/d/tls/nats.crt', key: '/d/tls/nats.key' })).toBe(
      'tls {\n  cert_file: "/d/tls/nats.crt"\n  key_file: "/d/tls/nats.key"\n}\n',
    );
  });
});

/** A host NATS with nats.tls (generated) and the locked bus, as the host starts it, on a real nats-server. */
describe('NATS over TLS (a real nats-server)', () => {
  let dataDir: string;
  let config: HostConfig;
  let nats: RunningNatsServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nats-tls-'));
    const port = await freePort();
    const base = testHostConfig({ server: { name: 'Alpha', id: 10 } });
    const caDir = join(dataDir, 'ca');
    config = {
      ...base,
      dataDir,
      portal: { ...base.portal, tls: { ...base.portal.tls, caDir, ca: join(caDir, 'ca.crt') } },
      nats: {
        ...base.nats,
        url: `tls://127.0.0.1:${port}`,
        auth: 'generated',
        tls: { cert: GENERATED },
      },
    };
    const configFile = prepareNatsAuth(config);
    nats = await startNatsServer({ host: '127.0.0.1', port, configFile });
  });

  afterAll(async () => {
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const servers = () => `127.0.0.1:${new URL(config.nats.url).port}`;
  const state = () => ({ user: 'state', pass: readNatsCredentials(config)?.passwords['state'] ?? '' });

  it('lets a service in over TLS, its certificate checked against the generated CA, with its login', async () => {
    const caFile = natsCaFile(config);
    expect(caFile).toBe(join(dataDir, 'ca', 'ca.crt'));
    const nc = await connect({ servers: servers(), ...state(), tls: { caFile }, reconnect: false });
    expect(nc.info?.tls_required).toBe(true);
    await nc.close();
  });

  it('refuses a plaintext client, and a client that trusts another CA', async () => {
    // The server requires TLS: a client that will not speak it gets no connection.
    await expect(connect({ servers: servers(), ...state(), reconnect: false, tls: null })).rejects.toThrow();
    const elsewhere = join(dataDir, 'other-ca.crt');
    writeFileSync(elsewhere, createCa('another CA').cert);
    await expect(
      connect({ servers: servers(), ...state(), tls: { caFile: elsewhere }, reconnect: false }),
    ).rejects.toThrow();
    expect(readFileSync(join(dataDir, 'nats', 'auth.conf'), 'utf8')).toContain('cert_file');
  });
});
