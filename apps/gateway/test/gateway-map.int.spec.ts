/**
 * Black-box: the network map on the gateway's WebSocket listener (issue 14), with a real
 * nats-server. A stand-in portal publishes map reports and a stand-in state answers the census;
 * an HTTP client reads /map/events as a browser's EventSource would, and the page's files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { testHostConfig } from '@portalchat/config';
import {
  PROTOCOL_VERSION,
  subjects,
  type MapDelta,
  type MapSnapshot,
  type PortalMapReport,
} from '@portalchat/protocol';
import { createLogger, createMetrics, publishEnvelope, serveRequests } from '@portalchat/service';
import { defined, eventually, SseClient, startTestNats, type TestNats } from '@portalchat/testkit';
import { buildGateway, type Gateway } from '../src/app';
import { FakeState, SERVER_ID, SERVER_NAME } from './fixtures';

const logger = createLogger('gateway-map-test', { level: 'silent' });

function fetchText(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const report = (over: Partial<PortalMapReport> = {}): PortalMapReport => ({
  v: PROTOCOL_VERSION,
  serverId: SERVER_ID,
  at: Date.now(),
  servers: [
    { serverId: SERVER_ID, name: SERVER_NAME, description: 'here', hops: 0 },
    { serverId: 12, name: 'hub', description: 'the hub', hops: 1 },
    { serverId: 11, name: 'far', description: 'far away', hops: 2 },
  ],
  pending: [],
  edges: [
    [SERVER_ID, 12],
    [11, 12],
  ],
  links: [{ portal: 'to_hub', peerId: 12, state: 'up', since: 0, rttMs: 2, eventsIn: 0, eventsOut: 0 }],
  ...over,
});

describe('gateway network map (integration)', () => {
  let dir: string;
  let nats: TestNats;
  let gatewayNc: NatsConnection;
  let peerNc: NatsConnection;
  let gateway: Gateway;
  let port: number;
  const readers: SseClient[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-map-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>map</title>');
    writeFileSync(join(dir, 'main.js'), 'console.log("map")');
    nats = await startTestNats();
    peerNc = await connect({ servers: nats.url });
    new FakeState(peerNc, 'state-A');
    serveRequests(peerNc, subjects.stateCensus(SERVER_ID), logger, () => ({
      v: PROTOCOL_VERSION,
      servers: [
        { serverId: SERVER_ID, name: SERVER_NAME, users: 4, channels: 2 },
        { serverId: 11, name: 'far', users: 1, channels: 1 },
      ],
    }));
    await peerNc.flush();
    gatewayNc = await connect({ servers: nats.url });
    const local = { host: '127.0.0.1', port: 0 };
    gateway = buildGateway({
      config: testHostConfig({
        server: { name: SERVER_NAME, id: SERVER_ID },
        nats: { url: 'unused' },
        listen: { irc: [local], websocket: [{ ...local, tls: false }] },
      }),
      gatewayId: 'gw1',
      logger,
      nc: gatewayNc,
      metrics: createMetrics('gateway'),
      mapAssetsDir: dir,
    });
    await gateway.start();
    port = defined(gateway.websocketAddresses[0], 'the ws listener').port;
  });

  afterAll(async () => {
    for (const r of readers) r.close();
    await gateway?.stop();
    await gatewayNc?.close();
    await peerNc?.close();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('#14: streams a snapshot, then deltas as the portal reports a netsplit', async () => {
    publishEnvelope(peerNc, subjects.portalMap(SERVER_ID), report());
    await peerNc.flush();
    const reader = await SseClient.open(`http://127.0.0.1:${port}/map/events`);
    readers.push(reader);
    expect(reader.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    // The report may reach the gateway after the page opened: then it comes as a delta.
    const edgesUp = () => {
      const state = new Map<string, string>();
      for (const e of reader.events) {
        if (e.event === 'snapshot')
          for (const edge of (e.data as MapSnapshot).view.edges) state.set(edge.id, edge.state);
        else for (const c of (e.data as MapDelta).changes) if (c.kind === 'edge') state.set(c.edge.id, c.edge.state);
      }
      return state;
    };
    await eventually('both portals up', () => (edgesUp().get('11-12') === 'up' ? true : undefined));
    expect(reader.events[0]?.event).toBe('snapshot');
    expect(edgesUp().get(`${SERVER_ID}-12`)).toBe('up');

    // The census reaches the page within a tick or two.
    await eventually('the census', () =>
      reader.events.some(
        (e) => e.event === 'delta' && (e.data as MapDelta).changes.some((c) => c.kind === 'node' && c.node.users === 4),
      )
        ? true
        : undefined,
    );

    const before = reader.events.length;
    publishEnvelope(
      peerNc,
      subjects.portalMap(SERVER_ID),
      report({ servers: report().servers.slice(0, 2), pending: [11], edges: [[SERVER_ID, 12]] }),
    );
    const delta = await eventually('the split as a delta', () => {
      const found = reader.events.slice(before).find((e) => e.event === 'delta');
      return found ? (found.data as MapDelta) : undefined;
    });
    const nodes = delta.changes.flatMap((c) => (c.kind === 'node' ? [c.node] : []));
    const edges = delta.changes.flatMap((c) => (c.kind === 'edge' ? [c.edge] : []));
    expect(nodes.find((n) => n.id === 11)).toMatchObject({ state: 'pending', users: 1 });
    expect(edges.find((e) => e.id === '11-12')).toMatchObject({ state: 'pending-split', portal: null });
    // Only what changed: the link to the hub is not repeated.
    expect(delta.changes.some((c) => c.kind === 'edge' && c.edge.id === `${SERVER_ID}-12`)).toBe(false);
  });

  it('gives a second page the current map as its snapshot', async () => {
    const reader = await SseClient.open(`http://127.0.0.1:${port}/map/events`);
    readers.push(reader);
    const snapshot = await eventually('the snapshot', () => reader.events[0]?.data as MapSnapshot | undefined);
    expect(snapshot.view.nodes.find((n) => n.id === 11)).toMatchObject({ name: 'far', state: 'pending' });
    expect(snapshot.view.nodes.find((n) => n.self)).toMatchObject({ id: SERVER_ID, users: 4, channels: 2 });
  });

  it('serves the built page and its files, read-only, and nothing outside them', async () => {
    expect(await fetchText(port, '/map')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await fetchText(port, '/map/main.js')).toMatchObject({ status: 200, body: 'console.log("map")' });
    expect((await fetchText(port, '/map/missing.js')).status).toBe(404);
    expect((await fetchText(port, '/map/..%2Fsecret.js')).status).toBe(404);
    expect((await fetchText(port, '/map/events', 'POST')).status).toBe(405);
    expect((await fetchText(port, '/map/events', 'HEAD')).status).toBe(405);
    expect((await fetchText(port, '/map', 'HEAD')).status).toBe(200);
  });
});
