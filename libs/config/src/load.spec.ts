import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors';
import { loadHostConfig, parseHostConfig } from './load';

const SOURCE = 'config/chatsrv1.yaml';
const BASE = 'server: { name: Chatsrv1, id: 10 }\n';

/** The ConfigError lines parseHostConfig throws for `text`; fails the test if it does not throw. */
function problemsOf(text: string, source = SOURCE): string[] {
  try {
    parseHostConfig(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe((err as ConfigError).problems.join('\n'));
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

const tempDirs: string[] = [];

/** A fresh directory under the system's temp directory, removed after the test. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portalchat-config-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseHostConfig errors', () => {
  it.each([
    ['limits: { maxConnections: lots }', 'limits.maxConnections: expected integer ≥ 1, got "lots"'],
    ['limits: { maxConnections: 0 }', 'limits.maxConnections: expected integer ≥ 1, got 0'],
    ['limits: { sendQBytes: 100 }', 'limits.sendQBytes: expected integer ≥ 512, got 100'],
    ['limits: { realnameLength: 0 }', 'limits.realnameLength: expected integer ≥ 1, got 0'],
    ['limits: { monitorEntries: many }', 'limits.monitorEntries: expected integer ≥ 1, got "many"'],
    ['limits: { maxUnregisteredPerIp: 0 }', 'limits.maxUnregisteredPerIp: expected integer ≥ 1, got 0'],
    ['limits: { connectBurstPerIp: 2.5 }', 'limits.connectBurstPerIp: expected integer ≥ 1, got 2.5'],
    ['limits: { connectsPerSecondPerIp: 0 }', 'limits.connectsPerSecondPerIp: expected number > 0, got 0'],
    ['limits: { connectsPerSecondPerIp: fast }', 'limits.connectsPerSecondPerIp: expected number > 0, got "fast"'],
    ['flood: { burst: 2.5 }', 'flood.burst: expected integer ≥ 1, got 2.5'],
    ['flood: { linesPerSecond: 0 }', 'flood.linesPerSecond: expected number > 0, got 0'],
    ['listen: { irc: [{ port: 70000 }] }', 'listen.irc[0].port: expected integer 1–65535, got 70000'],
    [
      'listen: { irc: [{ host: example.com }] }',
      'listen.irc[0].host: expected an IPv4/IPv6 address or "localhost", got "example.com"',
    ],
    ['listen: { irc: [] }', 'listen.irc: expected at least one listener, got an empty list'],
    ['listen: { portal: { port: "x" } }', 'listen.portal.port: expected integer 1–65535, got "x"'],
    [
      'nats: { url: "http://127.0.0.1" }',
      'nats.url: expected a URL like nats://127.0.0.1:4222, got "http://127.0.0.1"',
    ],
    ['nats: { auth: open }', 'nats.auth: expected "generated" or "none", got "open"'],
    ['nats: { gateways: [a.b] }', 'nats.gateways[0]: expected 1–32 letters, digits, "_" or "-", got "a.b"'],
    ['gateway: { id: a.b }', 'gateway.id: expected 1–32 letters, digits, "_" or "-", got "a.b"'],
    ['portal: { splitGraceMs: -1 }', 'portal.splitGraceMs: expected integer 0–60000, got -1'],
    ['portal: { splitGraceMs: 2.5 }', 'portal.splitGraceMs: expected integer 0–60000, got 2.5'],
    ['portal: { splitGraceMs: "5s" }', 'portal.splitGraceMs: expected integer 0–60000, got "5s"'],
    [
      'portal: { graceMs: 100 }',
      'portal.graceMs: expected no such field, got "graceMs" (known fields here: splitGraceMs, holdMaxEvents, holdMaxBytes, tls)',
    ],
    ['host: { warmSpares: "yes" }', 'host.warmSpares: expected true or false, got "yes"'],
    ['host: { spares: false }', 'host.spares: expected no such field, got "spares" (known fields here: warmSpares)'],
    ['portal: { holdMaxEvents: -1 }', 'portal.holdMaxEvents: expected integer 0–10000000, got -1'],
    ['portal: { holdMaxBytes: 1.5 }', 'portal.holdMaxBytes: expected integer 0–1073741824, got 1.5'],
    ['motd: [1]', 'motd[0]: expected a line of text, got 1'],
    ['motd: { a: 1 }', 'motd: expected a list of lines or a multi-line string, got a mapping'],
    [
      'operators: [{ name: a, passwordHash: plain }]',
      // The plain password where its hash belongs (a common slip) is never echoed: secrets end up in logs.
      'operators[0].passwordHash: expected a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js), got a string of 5 characters (not shown: a secret)',
    ],
    [
      'accounts: [{ name: a, passwordHash: hunter22 }]',
      'accounts[0].passwordHash: expected a hash like scrypt$N$r$p$salt$hash (make one with tools/hash-password.js), got a string of 8 characters (not shown: a secret)',
    ],
    [
      'portals: [{ name: P, address: 127.0.0.2, serverId: 3, secret: 1234567 }]',
      'portals[0].secret: expected a non-empty shared secret, got a number (not shown: a secret)',
    ],
    [
      'operators: [{ name: "a b", passwordHash: "scrypt$1$1$1$AA$BB" }]',
      'operators[0].name: expected an operator name without spaces (1–64 characters), got "a b"',
    ],
    [
      'operators: [{ name: a, passwordHash: "scrypt$1$1$1$AA$BB", level: root }]',
      'operators[0].level: expected "sysop" or "admin", got "root"',
    ],
    [
      'portals: [{ name: 1abc, address: 127.0.0.2, serverId: 3, secret: s }]',
      'portals[0].name: expected 1–63 letters, digits, "_" or "-", not starting with a digit, got "1abc"',
    ],
    [
      'portals: [{ name: P, address: 127.0.0.2, serverId: 3, secret: "" }]',
      'portals[0].secret: expected a non-empty shared secret, got a string of 0 characters (not shown: a secret)',
    ],
    [
      'portals: [{ name: P, address: 127.0.0.2, serverId: 3, secret: s, uplink: yes }]',
      'portals[0].uplink: expected true or false, got "yes"',
    ],
    [
      'portals: [{ name: P, address: 127.0.0.2, serverId: 10, secret: s }]',
      "portals[0].serverId: expected the peer's server ID, not this server's own (10), got 10",
    ],
    [
      'portals: [{ name: P, address: 127.0.0.2, serverId: 4096, secret: s }]',
      'portals[0].serverId: expected integer 1–4095, got 4096',
    ],
    ['limits: ~\nlimits2: 1', 'limits2: expected no such field, got "limits2" (did you mean "limits"?)'],
    [
      'portals: [{ name: P, address: "bad name!", serverId: 3, secret: s }]',
      'portals[0].address: expected an IPv4/IPv6 address or a DNS name, got "bad name!"',
    ],
    [
      'portals: [{ name: P, address: "-x.example.net", serverId: 3, secret: s }]',
      'portals[0].address: expected an IPv4/IPv6 address or a DNS name, got "-x.example.net"',
    ],
    ['listen: { control: { port: 0 } }', 'listen.control.port: expected integer 1–65535, got 0'],
    [
      'log: { level: loud }',
      'log.level: expected "trace", "debug", "info", "warn", "error", "fatal", "silent", got "loud"',
    ],
    ['log: { file: "" }', 'log.file: expected a file path, got ""'],
    ['log: { levle: info }', 'log.levle: expected no such field, got "levle" (did you mean "level"?)'],
  ])('reports %s', (extra, expected) => {
    expect(problemsOf(`${BASE}${extra}\n`)).toEqual([`${SOURCE}: ${expected}`]);
  });

  it('reports bad server fields, including a missing one', () => {
    expect(problemsOf('server: { name: "bad name", description: 5 }\n')).toEqual([
      `${SOURCE}: server.name: expected 1–63 letters, digits, ".", "-" or "_", got "bad name"`,
      `${SOURCE}: server.id: expected integer 1–4095, got nothing`,
      `${SOURCE}: server.description: expected a string, got 5`,
    ]);
  });

  it('reports a missing server section in an empty file', () => {
    expect(problemsOf('')).toEqual([`${SOURCE}: server: expected a mapping of fields, got nothing`]);
  });

  it('reports a document that is not a mapping', () => {
    expect(problemsOf('- 1\n')).toEqual([`${SOURCE}: (top level): expected a mapping of fields, got a list`]);
  });

  it('lists every problem of a file together, one per line', () => {
    const text =
      `${BASE}limits: { maxConnections: lots, nickLength: 0 }\nlisten: { irc: [{ port: 0 }] }\n` +
      'portals:\n  - { name: P, address: 127.0.0.2, serverId: 3, secret: s }\n  - { name: p, address: 127.0.0.3, serverId: 3, secret: s }\n';
    expect(problemsOf(text)).toEqual([
      `${SOURCE}: listen.irc[0].port: expected integer 1–65535, got 0`,
      `${SOURCE}: limits.maxConnections: expected integer ≥ 1, got "lots"`,
      `${SOURCE}: limits.nickLength: expected integer ≥ 1, got 0`,
      `${SOURCE}: portals[1].name: expected a portal name not used by another entry, got "p" (also portals[0].name)`,
      `${SOURCE}: portals[1].serverId: expected a server ID not used by another entry, got 3 (also portals[0].serverId)`,
    ]);
  });

  it('rejects duplicate operator names', () => {
    const op = '{ name: a, passwordHash: "scrypt$16384$8$1$AA$BB" }';
    expect(problemsOf(`${BASE}operators: [${op}, ${op}]\n`)).toEqual([
      `${SOURCE}: operators[1].name: expected an operator name not used by another entry, got "a" (also operators[0].name)`,
    ]);
  });

  it('rejects the control endpoint on a port another listener uses', () => {
    expect(problemsOf(`${BASE}listen: { control: { port: 8081 } }\n`)).toEqual([
      `${SOURCE}: listen.control: expected an address and port no other listener uses, got 127.0.0.1:8081 (also listen.health.state)`,
    ]);
  });

  it('rejects two of its own listeners on one address and port', () => {
    expect(problemsOf(`${BASE}listen: { health: { gateway: { port: 6667 } } }\n`)).toEqual([
      `${SOURCE}: listen.health.gateway: expected an address and port no other listener uses, got 127.0.0.1:6667 (also listen.irc[0])`,
    ]);
  });

  describe('unknown fields', () => {
    it('suggests the closest known field for a typo', () => {
      expect(problemsOf(`${BASE}limits: { maxConnection: 5 }\n`)).toEqual([
        `${SOURCE}: limits.maxConnection: expected no such field, got "maxConnection" (did you mean "maxConnections"?)`,
      ]);
    });

    it('lists the known fields when nothing is close', () => {
      expect(problemsOf(`${BASE}flood: { zzzzzz: 1 }\n`)).toEqual([
        `${SOURCE}: flood.zzzzzz: expected no such field, got "zzzzzz" (known fields here: burst, linesPerSecond, maxQueuedLines)`,
      ]);
    });

    it('reports each unknown key of one mapping on its own line', () => {
      expect(problemsOf(`${BASE}flood: { brust: 1, maxQueuedLine: 2 }\n`)).toEqual([
        `${SOURCE}: flood.brust: expected no such field, got "brust" (did you mean "burst"?)`,
        `${SOURCE}: flood.maxQueuedLine: expected no such field, got "maxQueuedLine" (did you mean "maxQueuedLines"?)`,
      ]);
    });

    it('rejects a `source` field: it is set by the loader, not the file', () => {
      expect(problemsOf(`${BASE}source: x\n`)[0]).toMatch(
        /^config\/chatsrv1\.yaml: source: expected no such field, got "source"/,
      );
    });
  });

  describe('YAML syntax', () => {
    it.each([
      ['a: 1\n  b: 2\n', ':1:4: invalid YAML: Nested mappings are not allowed in compact mappings'],
      ['server:\n  name: A\n  name: B\n', ':3:3: invalid YAML: Map keys must be unique'],
      ['a: *nowhere\n', ':1:4: invalid YAML: Unresolved alias (the anchor must be set before the alias): nowhere'],
      // yaml reports an unclosed quote where the text ends.
      ['a: "open\n', ':2:1: invalid YAML: Missing closing "quote'],
    ])('reports %j with its line and column', (text, expected) => {
      expect(problemsOf(text)[0]).toBe(`${SOURCE}${expected}`);
    });
  });
});

describe('parseHostConfig motd', () => {
  it('splits a multi-line string into lines', () => {
    const config = parseHostConfig(`${BASE}motd: |\n  Hello\n\n  World\n`);
    expect(config.motd).toEqual(['Hello', '', 'World']);
  });

  it('keeps a list of lines as given', () => {
    expect(parseHostConfig(`${BASE}motd: [one, two]\n`).motd).toEqual(['one', 'two']);
  });

  it('reads motdFile relative to the config file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'motd.txt'), 'Line 1\r\nLine 2\n');
    expect(parseHostConfig(`${BASE}motdFile: motd.txt\n`, join(dir, 'host.yaml')).motd).toEqual(['Line 1', 'Line 2']);
  });

  it('reports an unreadable motdFile together with other problems', () => {
    expect(
      problemsOf(`${BASE}motdFile: missing.txt\nlimits: { maxTargets: 0 }\n`, join(tempDir(), 'h.yaml')).map((p) =>
        p.replace(/^.*?h\.yaml: /, ''),
      ),
    ).toEqual([
      'limits.maxTargets: expected integer ≥ 1, got 0',
      'motdFile: expected a readable text file, got "missing.txt" (no such file or directory)',
    ]);
  });

  it('refuses motd and motdFile together', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'motd.txt'), 'x\n');
    expect(problemsOf(`${BASE}motd: [a]\nmotdFile: motd.txt\n`, join(dir, 'h.yaml'))).toEqual([
      `${join(dir, 'h.yaml')}: motdFile: expected either motd or motdFile, not both, got "motd.txt"`,
    ]);
  });
});

describe('parseHostConfig overrides', () => {
  it('lets overrides win over the file and re-derives dependent defaults', () => {
    const config = parseHostConfig(`${BASE}limits: { maxConnections: 5 }\n`, SOURCE, {
      server: { name: 'Other' },
      listen: { irc: [{ host: '127.0.0.9', port: 7000 }] },
    });
    expect(config.server).toEqual({ name: 'Other', id: 10, description: '', network: 'Portalchat' });
    expect(config.limits.maxConnections).toBe(5);
    expect(config.listen.irc).toEqual([{ host: '127.0.0.9', port: 7000 }]);
    expect(config.listen.health.state).toEqual({ host: '127.0.0.9', port: 8081 });
    expect(config.nats.url).toBe('nats://127.0.0.9:4222');
    expect(config.dataDir).toBe(resolve('config/data/Other'));
  });

  it('ignores undefined override values', () => {
    const config = parseHostConfig(BASE, SOURCE, { server: { name: undefined }, dataDir: undefined });
    expect(config.server.name).toBe('Chatsrv1');
  });

  it('resolves an override dataDir against the current directory, not the file', () => {
    expect(parseHostConfig(BASE, '/etc/x/host.yaml', { dataDir: 'mydata' }).dataDir).toBe(resolve('mydata'));
  });

  it('replaces the operator list', () => {
    const operator = { name: 'root', passwordHash: 'scrypt$16384$8$1$AA$BB' };
    const config = parseHostConfig(
      `${BASE}operators: [{ name: a, passwordHash: "scrypt$16384$8$1$CC$DD" }]\n`,
      SOURCE,
      { operators: [operator] },
    );
    expect(config.operators).toEqual([{ ...operator, level: 'sysop' }]);
  });

  it('validates overrides like the file', () => {
    expect(() => parseHostConfig(BASE, SOURCE, { listen: { irc: [{ port: 0 }] } })).toThrow(
      `${SOURCE}: listen.irc[0].port: expected integer 1–65535, got 0`,
    );
  });

  it('can build a whole config from overrides and an empty file', () => {
    expect(parseHostConfig('', '<cli>', { server: { name: 'Solo', id: 1 } }).server.name).toBe('Solo');
  });
});

describe('parseHostConfig portals', () => {
  it.each(['chatsrv3.example.net', 'chatsrv3.example.net.', 'hub', 'localhost', '10.0.0.7', '2001:db8::7'])(
    'accepts %s as a portal address',
    (address) => {
      const config = parseHostConfig(
        `${BASE}portals: [{ name: P, address: "${address}", serverId: 3, secret: s }]\n`,
        SOURCE,
      );
      expect(config.portals[0]?.address).toBe(address);
    },
  );
});

describe('parseHostConfig log', () => {
  it('resolves log.file against the config file and keeps the level', () => {
    const config = parseHostConfig(
      `${BASE}log: { level: debug, file: logs/host.log }\n`,
      '/etc/portalchat/chatsrv1.yaml',
    );
    expect(config.log).toEqual({ level: 'debug', file: '/etc/portalchat/logs/host.log' });
  });

  it('resolves an override log.file against the current directory', () => {
    const config = parseHostConfig(BASE, '/etc/portalchat/chatsrv1.yaml', { log: { file: 'here.log' } });
    expect(config.log).toEqual({ level: 'info', file: resolve('here.log') });
  });
});

describe('parseHostConfig result', () => {
  it('is deeply frozen', () => {
    const config = parseHostConfig(`${BASE}portals: [{ name: P, address: 127.0.0.2, serverId: 3, secret: s }]\n`);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
    expect(Object.isFrozen(config.listen.irc[0])).toBe(true);
    expect(Object.isFrozen(config.portals[0])).toBe(true);
    expect(() => {
      (config.limits as { maxConnections: number }).maxConnections = 1;
    }).toThrow(TypeError);
  });

  it('records the source it was parsed from', () => {
    expect(parseHostConfig(BASE, SOURCE).source).toBe(SOURCE);
  });
});

describe('loadHostConfig', () => {
  const configDir = resolve(__dirname, '../../../config');

  it.each(['chatsrv1', 'chatsrv2', 'chatsrv3'])('loads the example %s.yaml', (name) => {
    const config = loadHostConfig(join(configDir, `${name}.yaml`));
    expect(config.server.name.toLowerCase()).toBe(name);
  });

  it('reads the reference values of chatsrv1.yaml', () => {
    const config = loadHostConfig(join(configDir, 'chatsrv1.yaml'));
    expect(config.server).toEqual({ name: 'Chatsrv1', id: 10, description: 'Chat server 1', network: 'Portalchat' });
    expect(config.listen.irc).toEqual([{ host: '127.110.1.43', port: 6667 }]);
    expect(config.nats.url).toBe('nats://127.110.1.43:4222');
    expect(config.listen.portal).toEqual({ host: '127.110.1.43', port: 6665 });
    expect(config.dataDir).toBe(join(configDir, 'data', 'Chatsrv1'));
    expect(config.portals).toEqual([
      {
        name: 'Portal_to_Chatsrv3',
        address: '127.110.1.75',
        port: 6665,
        serverId: 12,
        uplink: true,
        secret: 'change-me-shared-secret',
        insecure: false,
      },
    ]);
    // The reference hosts share one generated CA, so each trusts the others' certificates.
    const caDir = join(configDir, 'data', 'network-ca');
    expect(config.portal.tls).toEqual({
      cert: 'generated',
      caDir,
      names: ['127.110.1.43'],
    });
  });

  it('derives chatsrv2.yaml endpoints from its IRC address', () => {
    const config = loadHostConfig(join(configDir, 'chatsrv2.yaml'));
    expect(config.listen.health.gateway).toEqual({ host: '127.110.1.44', port: 8080 });
    expect(config.listen.portal).toEqual({ host: '127.110.1.44', port: 6665 });
  });

  it('reports a missing file', () => {
    expect(() => loadHostConfig('/nonexistent/host.yaml')).toThrow(
      /^\/nonexistent\/host\.yaml: cannot read: no such file or directory$/,
    );
  });

  it('names the file in every problem', () => {
    const path = join(tempDir(), 'bad.yaml');
    writeFileSync(path, 'server: { name: A, id: 0 }\n');
    expect(() => loadHostConfig(path)).toThrow(`${path}: server.id: expected integer 1–4095, got 0`);
  });

  it('throws an error whose name is ConfigError', () => {
    let thrown: unknown;
    try {
      loadHostConfig('/nonexistent/host.yaml');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: 'ConfigError' });
  });
});
