// Monitoring (issue 14, part 4) on a real three-host network run by the launcher: every /metrics
// endpoint (gateway, state, portal, and the host process's control endpoint) is scraped before and
// after real clients register, chat across two portals and send an unknown verb; the new series
// must exist and move. Then the Grafana dashboard in docs/ is checked against what the services
// really expose, so it cannot name a metric that is gone.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defined, eventually, IrcTestClient, metricSample } from '@portalchat/testkit';
import { control, launchNetwork, LOOPBACK, type LaunchedNetwork, type Plan } from './support/launched-network';

const ROOT = resolve(__dirname, '../../..');
const DASHBOARD = join(ROOT, 'docs/grafana/portalchat-dashboard.json');

type Endpoint = 'gateway' | 'state' | 'portal' | 'control';
const ENDPOINTS: readonly Endpoint[] = ['gateway', 'state', 'portal', 'control'];

function metricsUrl(plan: Plan, endpoint: Endpoint): string {
  return endpoint === 'control'
    ? `${control(plan).url}/metrics`
    : `http://${LOOPBACK}:${plan.health[endpoint]}/metrics`;
}

async function scrape(plan: Plan, endpoint: Endpoint): Promise<string> {
  const response = await fetch(metricsUrl(plan, endpoint));
  expect(response.status).toBe(200);
  return response.text();
}

/** The metric families a scrape defines (its `# TYPE` lines), whether or not they have a series yet. */
function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm))
    out.set(defined(match[1], 'name'), defined(match[2], 'type'));
  return out;
}

interface DashboardTarget {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
}
interface Dashboard {
  schemaVersion: number;
  uid: string;
  panels: DashboardPanel[];
  templating: { list: { name: string; type: string; query?: unknown }[] };
}

const dashboard = (): Dashboard => JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

/** Every Portalchat metric the dashboard's queries name (histogram series as their family). */
function dashboardMetrics(d: Dashboard): Set<string> {
  const names = new Set<string>();
  for (const panel of d.panels)
    for (const target of panel.targets ?? [])
      for (const match of (target.expr ?? '').matchAll(/\bportalchat_[a-z0-9_]+/g))
        names.add(match[0].replace(/_(bucket|sum|count)$/, ''));
  return names;
}

describe('the Grafana dashboard (docs/grafana/portalchat-dashboard.json)', () => {
  it('is a Grafana 10 dashboard whose every query goes to the Prometheus datasource variable', () => {
    const d = dashboard();
    expect(d.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(d.uid).toBe('portalchat-network');
    expect(d.templating.list.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'],
      ['host', 'query'],
    ]);
    const ids = d.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queried = d.panels.filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThan(10);
    for (const panel of queried) {
      expect([panel.title, panel.datasource]).toEqual([panel.title, { type: 'prometheus', uid: '${datasource}' }]);
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.expr).toMatch(/portalchat_/);
    }
  });

  it('shows what an operator watches: clients per host, messages per second, link RTT and state, restarts, latency', () => {
    const titles = dashboard().panels.map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Clients per host',
        'Messages per second',
        'Link round-trip time',
        'Link state',
        'Restarts',
        'Input to deliveries (state)',
        'Network event age on arrival (portal)',
      ]),
    );
  });
});

describe('metrics of a real three-host network (the launcher)', () => {
  let net: LaunchedNetwork;
  const clients: IrcTestClient[] = [];
  const before = new Map<string, string>();

  const key = (plan: Plan, endpoint: Endpoint) => `${plan.name} ${endpoint}`;

  beforeAll(async () => {
    net = await launchNetwork('portalchat-monitoring-');
    await net.waitLinked();
    for (const plan of net.plans)
      for (const endpoint of ENDPOINTS) before.set(key(plan, endpoint), await scrape(plan, endpoint));

    // alice on Leaf, bob on Other: Leaf ↔ Hub ↔ Other, two portals on the way.
    for (const [nick, plan] of [
      ['alice', net.leaf],
      ['bob', net.other],
    ] as const) {
      const client = await IrcTestClient.connect({ host: LOOPBACK, port: plan.irc });
      clients.push(client);
      await client.register(nick);
      client.send('JOIN #metrics');
      await client.waitFor(/ 366 /);
    }
    const [alice, bob] = [defined(clients[0], 'alice'), defined(clients[1], 'bob')];
    await alice.waitFor(/^:bob!\S+ JOIN #metrics$/, 10_000);
    alice.send('PRIVMSG #metrics :hello from Leaf');
    await bob.waitFor(/PRIVMSG #metrics :hello from Leaf$/, 10_000);
    alice.send('FROBNICATE now');
    await alice.waitFor(/ 421 alice FROBNICATE /);
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    if (net) expect((await net.stop()).left).toEqual([]);
  }, 30_000);

  /** A sample's growth on one endpoint since the first scrape (absent counts as 0). */
  async function growth(plan: Plan, endpoint: Endpoint, name: string, labels?: Record<string, string>) {
    const was = metricSample(defined(before.get(key(plan, endpoint)), 'the first scrape'), name, labels) ?? 0;
    return (metricSample(await scrape(plan, endpoint), name, labels) ?? 0) - was;
  }

  it('serves portalchat_build_info on every endpoint of every host, with the package version and Node version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const plan of net.plans)
      for (const endpoint of ENDPOINTS) {
        const text = await scrape(plan, endpoint);
        const line = text.split('\n').find((l) => l.startsWith('portalchat_build_info{'));
        expect([plan.name, endpoint, line]).toEqual([plan.name, endpoint, expect.stringMatching(/ 1$/)]);
        expect(line).toContain(`version="${version}"`);
        expect(line).toContain(`node_version="${process.versions.node}"`);
        expect(line).toMatch(/commit="([0-9a-f]{40}|unknown)"/);
      }
  });

  it('counts an accepted connection and a registration on the gateway of each client', async () => {
    for (const plan of [net.leaf, net.other]) {
      expect([plan.name, await growth(plan, 'gateway', 'portalchat_gateway_connections_accepted_total')]).toEqual([
        plan.name,
        1,
      ]);
      expect([plan.name, await growth(plan, 'gateway', 'portalchat_gateway_registrations_total')]).toEqual([
        plan.name,
        1,
      ]);
    }
    expect(await growth(net.hub, 'gateway', 'portalchat_gateway_registrations_total')).toBe(0);
  });

  it("counts commands by verb on the sender's host, an unknown verb as other", async () => {
    const leaf = net.leaf;
    expect(await growth(leaf, 'state', 'portalchat_commands_total', { command: 'PRIVMSG' })).toBe(1);
    expect(await growth(leaf, 'state', 'portalchat_commands_total', { command: 'JOIN' })).toBe(1);
    expect(await growth(leaf, 'state', 'portalchat_commands_total', { command: 'other' })).toBe(1);
    // bob sent no PRIVMSG: Other's state ran none.
    expect(await growth(net.other, 'state', 'portalchat_commands_total', { command: 'PRIVMSG' })).toBe(0);
  });

  it("observes the state's input latency and the age of the events that crossed the portals", async () => {
    expect(await growth(net.leaf, 'state', 'portalchat_state_input_latency_seconds_count')).toBeGreaterThan(0);
    // The message, the JOINs and the users reached Other through Hub, stamped at Leaf.
    const arrived = await growth(net.other, 'portal', 'portalchat_portal_event_age_seconds_count');
    expect(arrived).toBeGreaterThan(0);
    const text = await scrape(net.other, 'portal');
    // On one machine an event is a few milliseconds old; a minute would be a broken stamp.
    const sum = defined(metricSample(text, 'portalchat_portal_event_age_seconds_sum'), 'the age sum');
    const count = defined(metricSample(text, 'portalchat_portal_event_age_seconds_count'), 'the age count');
    expect(sum / count).toBeLessThan(5);
    expect(metricSample(text, 'portalchat_portal_event_age_seconds_bucket', { le: '+Inf' })).toBe(count);
  });

  it('names in the dashboard only metrics the services define', async () => {
    const exposed = new Map<string, string>();
    await eventually(
      'every link to have a measured RTT (its series appears after the first ping)',
      async () => metricSample(await scrape(net.hub, 'portal'), 'portalchat_portal_link_rtt_seconds') !== undefined,
      { timeoutMs: 10_000 },
    );
    for (const plan of net.plans)
      for (const endpoint of ENDPOINTS)
        for (const [name, type] of families(await scrape(plan, endpoint))) exposed.set(name, type);
    const missing = [...dashboardMetrics(dashboard())].filter((name) => !exposed.has(name));
    expect(missing).toEqual([]);
    // A histogram is queried through its buckets: the family must be one.
    expect(exposed.get('portalchat_state_input_latency_seconds')).toBe('histogram');
    expect(exposed.get('portalchat_portal_event_age_seconds')).toBe('histogram');
  });

  it('follows the Prometheus naming rules: counters end in _total, nothing per user or channel', async () => {
    for (const plan of net.plans)
      for (const endpoint of ENDPOINTS) {
        const text = await scrape(plan, endpoint);
        for (const [name, type] of families(text)) {
          if (!name.startsWith('portalchat_')) continue;
          if (type === 'counter') expect(name).toMatch(/_total$/);
          else expect(name).not.toMatch(/_total$/);
        }
        for (const match of text.matchAll(/^portalchat_\S*\{([^}]*)\}/gm)) {
          const labelNames = [...defined(match[1], 'labels').matchAll(/(\w+)="/g)].map((m) => m[1]);
          expect(labelNames).not.toContain('nick');
          expect(labelNames).not.toContain('user');
          expect(labelNames).not.toContain('channel');
        }
        // No user's nick or channel's name shows in a label value either.
        expect(text).not.toMatch(/"(alice|bob|#metrics)"/);
      }
  });
});
