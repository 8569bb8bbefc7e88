import { ClientPool } from '@portalchat/testkit';
import { startTestNetwork, type TestNetwork, type TestNetworkOptions, type Topology } from './network';

export interface NetworkSuite {
  /** The spec file's network, started in beforeAll (reading it earlier throws). */
  readonly net: TestNetwork;
  // Function properties rather than methods: specs destructure them (`const { pool, nick } = suite`).
  /** The clients of one host, closed after each test. */
  readonly pool: (host: string) => ClientPool;
  /** `base` plus a number unique in the spec file. */
  readonly nick: (base: string) => string;
  /** `#<base><n>`, unique in the spec file. */
  readonly channel: (base: string) => string;
}

export interface NetworkSuiteOptions extends TestNetworkOptions {
  /** Wait until every host lists every host in LINKS before the first test (default true). */
  linked?: boolean;
}

/**
 * The setup every network spec shares, for the `describe` it is called in: one network of real
 * hosts (started and, unless `linked: false`, linked in beforeAll; stopped in afterAll), a
 * ClientPool per host whose clients are closed after each test, and nicks and channel names no
 * other test of the file uses.
 */
export function networkSuite(topology: Topology, options: NetworkSuiteOptions = {}): NetworkSuite {
  const { linked = true, ...networkOptions } = options;
  let net: TestNetwork | undefined;
  const pools = new Map<string, ClientPool>();
  let serial = 0;

  beforeAll(async () => {
    net = await startTestNetwork(topology, networkOptions);
    if (linked) await net.waitLinked();
  }, 60_000);
  afterEach(() => pools.forEach((pool) => pool.closeAll()));
  afterAll(async () => {
    await net?.stop();
  });

  const suite: NetworkSuite = {
    get net() {
      if (!net) throw new Error('the test network starts in beforeAll');
      return net;
    },
    pool: (host) => {
      let pool = pools.get(host);
      if (!pool) {
        pool = new ClientPool(() => suite.net.host(host));
        pools.set(host, pool);
      }
      return pool;
    },
    nick: (base) => `${base}${++serial}`,
    channel: (base) => `#${base}${++serial}`,
  };
  return suite;
}
