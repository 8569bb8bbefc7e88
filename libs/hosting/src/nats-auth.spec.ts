import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { readNatsCredentials, testHostConfig, type HostConfig } from '@portalchat/config';
import { subjects } from '@portalchat/protocol';
import { prepareNatsAuth } from './nats-auth';
import { startNatsServer, type RunningNatsServer } from './nats-server';
import { freePort } from './ports';

jest.setTimeout(20_000);

const SID = 10;

/** A locked host bus on a real nats-server, as the host starts it. */
describe('the locked bus (a real nats-server with the generated users)', () => {
  let dataDir: string;
  let config: HostConfig;
  let nats: RunningNatsServer;
  const open: NatsConnection[] = [];

  const login = async (user: string, pass?: string, inboxPrefix?: string) => {
    const nc = await connect({
      servers: nats.url,
      user,
      pass: pass ?? readNatsCredentials(config)?.passwords[user] ?? '',
      ...(inboxPrefix ? { inboxPrefix } : {}),
      reconnect: false,
    });
    open.push(nc);
    return nc;
  };

  /** Subscriptions the server refused, with its reason. */
  const denied: string[] = [];

  /** What `listener` receives on `subject` after `speak` ran (a round trip later). */
  const heard = async (listener: NatsConnection, subject: string, speak: () => Promise<void>) => {
    const got: string[] = [];
    const sub = listener.subscribe(subject, {
      callback: (err, msg) => {
        if (err) denied.push(err.message);
        else got.push(msg.string());
      },
    });
    await listener.flush();
    await speak();
    await listener.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    sub.unsubscribe();
    return got;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nats-auth-'));
    config = { ...testHostConfig({ server: { name: 'Alpha', id: SID } }), dataDir };
    config = { ...config, nats: { ...config.nats, auth: 'generated' } };
    const configFile = prepareNatsAuth(config);
    expect(configFile).toBeDefined();
    nats = await startNatsServer({ host: '127.0.0.1', port: await freePort(), configFile });
  });

  afterAll(async () => {
    for (const nc of open) await nc.close().catch(() => undefined);
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the server its users in a file only the owner reads', () => {
    expect(statSync(join(dataDir, 'nats', 'auth.conf')).mode & 0o777).toBe(0o600);
  });

  it('refuses a connection without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization/i);
    await expect(login('state', 'wrong')).rejects.toThrow(/Authorization/i);
  });

  it("lets a gateway speak on its own input only: a batch on another gateway's subject never reaches state", async () => {
    const state = await login('state');
    const gateway = await login('gateway-gw1', undefined, '_INBOX.gateway-gw1');
    const own = await heard(state, subjects.stateInAll(SID).name, async () => {
      gateway.publish(subjects.stateIn(SID, 'gw1').name, 'mine');
      gateway.publish(subjects.stateIn(SID, 'gw2').name, 'impostor');
      gateway.publish(subjects.portalIn(SID).name, 'as the portal');
      await gateway.flush();
    });
    expect(own).toEqual(['mine']);
  });

  it("keeps a gateway from reading another gateway's lines, and state reaches each", async () => {
    const state = await login('state');
    const gateway = await login('gateway-gw1', undefined, '_INBOX.gateway-gw1');
    const others = await heard(gateway, subjects.gatewayOut(SID, 'gw2').name, async () => {
      state.publish(subjects.gatewayOut(SID, 'gw2').name, 'not yours');
      await state.flush();
    });
    expect(others).toEqual([]);
    expect(denied.join()).toMatch(/Permissions Violation for Subscription to "chat\.10\.gw\.gw2\.out"/);
    const own = await heard(gateway, subjects.gatewayOut(SID, 'gw1').name, async () => {
      state.publish(subjects.gatewayOut(SID, 'gw1').name, 'yours');
      await state.flush();
    });
    expect(own).toEqual(['yours']);
  });

  it("answers a gateway's info request from state, through the gateway's own inbox", async () => {
    const state = await login('state');
    const gateway = await login('gateway-gw1', undefined, '_INBOX.gateway-gw1');
    state.subscribe(subjects.stateInfo(SID).name, {
      callback: (_err, msg) => {
        msg.respond('info');
      },
    });
    await state.flush();
    const reply = await gateway.request(subjects.stateInfo(SID).name, '{}', { timeout: 2000 });
    expect(reply.string()).toBe('info');
  });
});
