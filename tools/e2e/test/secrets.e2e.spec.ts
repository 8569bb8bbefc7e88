// No secret in any log line, metric, /readyz or error message (issue 12, item 7). A network of
// three real hosts with known secrets (an operator password, an account password, the portal
// secrets, the NATS passwords the hosts generate, and one portal configured with a wrong secret)
// is exercised through its success and error paths: failed and successful OPER, IRCX AUTH and
// SASL PLAIN, PASS, a refused portal link, `--check` of bad files. Every log line (at debug),
// every /metrics and /readyz answer, every line a client received and the `--check` output is
// then searched for each secret, raw and in its obvious encodings.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNatsCredentials } from '@portalchat/config';
import { ClientPool, eventually, type IrcTestClient } from '@portalchat/testkit';
import { startTestNetwork, type TestNetwork } from './support/network';
import { DIST_DIR } from './support/test-host';

const HOST_CLI = resolve(DIST_DIR, 'tools/launcher/host.js');
const LAUNCHER_CLI = resolve(DIST_DIR, 'tools/launcher/main.js');

const token = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const OPER_PASSWORD = token('OperPw');
const ACCOUNT_PASSWORD = token('AcctPw');
/** A wrong guess may be a mistyped real password: it must not be logged either. */
const WRONG_PASSWORD = token('GuessPw');
const WRONG_PORTAL_SECRET = token('WrongPortal');

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Password hashes made once, here, in the tools' format (hashPassword of libs/config). */
function scryptHash(password: string): string {
  const result = spawnSync(process.execPath, [resolve(__dirname, '../../hash-password.js'), password], {
    encoding: 'utf8',
  });
  return result.stdout.trim();
}

/** Each secret as it could leak: raw, base64, hex, and inside the SASL PLAIN blobs. */
function encodings(secret: string): string[] {
  const blobs = [`\0alice\0${secret}`, `alice\0alice\0${secret}`, `\0boss\0${secret}`];
  return [secret, b64(secret), Buffer.from(secret).toString('hex'), ...blobs.map(b64)];
}

describe('secrets never leak (real network)', () => {
  let net: TestNetwork;
  const scratch = mkdtempSync(join(tmpdir(), 'portalchat-secrets-'));
  const operHash = scryptHash(OPER_PASSWORD);
  const accountHash = scryptHash(ACCOUNT_PASSWORD);

  beforeAll(async () => {
    net = await startTestNetwork(
      [
        ['A', 'B'],
        ['C', 'B'],
      ],
      {
        // C dials B with a wrong secret: the refusal is an error path that must not show either.
        tamperPortal: (host) => (host === 'C' ? { secret: WRONG_PORTAL_SECRET } : {}),
        hostExtras: () => ({
          log: { level: 'debug' },
          operators: [{ name: 'boss', passwordHash: operHash, level: 'admin' }],
          accounts: [{ name: 'alice', passwordHash: accountHash, level: 'user' }],
        }),
      },
    );
  }, 60_000);
  afterAll(async () => {
    await net?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('no log line, metric, /readyz, client line or config error holds a secret', async () => {
    const a = net.host('A');
    const pool = new ClientPool(() => a);
    const clients: IrcTestClient[] = [];
    const track = (c: IrcTestClient) => (clients.push(c), c);
    await net.waitLinked(20_000, { A: ['A', 'B'], B: ['A', 'B'] });

    const watcher = track(await pool.registered(pool.nick('watch')));
    watcher.send('JOIN #s');

    // OPER: wrong, then right.
    const oper = track(await pool.registered(pool.nick('oper')));
    oper.send(`OPER boss ${WRONG_PASSWORD}`);
    await oper.waitFor(/ 464 /);
    oper.send(`OPER boss :${OPER_PASSWORD}`);
    await oper.waitFor(/ 381 /);

    // IRCX AUTH PLAIN before registration: wrong, then right.
    const ircx = track(await pool.connect('127.0.6.1'));
    ircx.send('IRCX');
    ircx.send(`AUTH PLAIN I :${b64(`\0alice\0${WRONG_PASSWORD}`)}`);
    await ircx.waitFor(/ 910 /);
    ircx.send(`AUTH PLAIN I :${b64(`\0alice\0${ACCOUNT_PASSWORD}`)}`);
    await ircx.waitFor(/AUTH PLAIN \* alice@/);

    // SASL PLAIN: wrong, then right, then registration.
    const sasl = track(await pool.connect('127.0.6.2'));
    sasl.send('CAP LS 302');
    sasl.send('CAP REQ :sasl');
    await sasl.waitFor(/ CAP \S+ ACK /);
    sasl.send('AUTHENTICATE PLAIN');
    await sasl.waitFor(/^AUTHENTICATE \+/);
    sasl.send(`AUTHENTICATE ${b64(`\0alice\0${WRONG_PASSWORD}`)}`);
    await sasl.waitFor(/ 904 /);
    sasl.send('AUTHENTICATE PLAIN');
    sasl.send(`AUTHENTICATE ${b64(`alice\0alice\0${ACCOUNT_PASSWORD}`)}`);
    await sasl.waitFor(/ 903 /);
    sasl.send('CAP END');
    await sasl.register(pool.nick('sasl'));

    // PASS with a password (and with the wrong one) before registering.
    for (const [i, pass] of [ACCOUNT_PASSWORD, WRONG_PASSWORD].entries()) {
      const client = track(await pool.connect(`127.0.6.${3 + i}`));
      client.send(`PASS :${pass}`);
      await client.register(pool.nick('pass'));
    }
    watcher.send('PING :done');
    await watcher.waitFor(/ PONG .*done/);

    // C's refused link has been tried by now (it redials).
    await eventually('C to report its link refused', async () => {
      const body = JSON.stringify((await net.host('C').portalReadyz()).body);
      return /secret/i.test(body);
    });

    // --check of bad files that hold secrets (a plain password where its hash belongs, a bad portal field).
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(
      bad,
      JSON.stringify({
        server: { name: 'bad', id: 0 },
        operators: [{ name: 'boss', passwordHash: OPER_PASSWORD }],
        accounts: [{ name: 'alice', passwordHash: ACCOUNT_PASSWORD }],
        portals: [{ name: 'P', address: '127.0.0.2', serverId: 3, secret: WRONG_PORTAL_SECRET, uplink: 'yes' }],
      }),
    );
    const checks = [
      spawnSync(process.execPath, [HOST_CLI, '--config', bad, '--check'], { encoding: 'utf8' }),
      spawnSync(process.execPath, [LAUNCHER_CLI, '--check', bad], { encoding: 'utf8' }),
    ];
    for (const check of checks) expect(check.status).not.toBe(0);

    const texts: Record<string, string> = {};
    for (const host of net.hosts) {
      for (const [service, url] of Object.entries(host.health)) {
        texts[`${host.name} ${service} /metrics`] = await (await fetch(`${url}/metrics`)).text();
        texts[`${host.name} ${service} /readyz`] = await (await fetch(`${url}/readyz`)).text();
        texts[`${host.name} ${service} /healthz`] = await (await fetch(`${url}/healthz`)).text();
      }
    }
    clients.forEach((c, i) => (texts[`client ${i}`] = c.received));
    checks.forEach((c, i) => (texts[`--check ${i}`] = c.stdout + c.stderr));
    // The logs last: everything above has been logged by now.
    for (const host of net.hosts) {
      const log = host.output();
      // The test keeps the last 200,000 characters of a host's log: all of it must be there.
      expect(log.length).toBeLessThan(190_000);
      texts[`${host.name} log`] = log;
    }
    expect(texts['A log']).toMatch(/"level":20/); // debug lines are in, so they were searched too
    expect(texts['--check 0']).toMatch(/passwordHash: expected .*not shown: a secret/);

    const secrets: Record<string, string> = {
      'operator password': OPER_PASSWORD,
      'account password': ACCOUNT_PASSWORD,
      'wrong password': WRONG_PASSWORD,
      'wrong portal secret': WRONG_PORTAL_SECRET,
    };
    for (const host of net.hosts) {
      for (const portal of host.config.portals) secrets[`${host.name} ${portal.name} secret`] = portal.secret;
      const nats = readNatsCredentials(host.config);
      for (const [user, password] of Object.entries(nats?.passwords ?? {}))
        secrets[`${host.name} NATS password of ${user}`] = password;
    }
    expect(Object.keys(secrets).filter((k) => k.includes('NATS')).length).toBeGreaterThan(6);

    const leaks: string[] = [];
    for (const [what, secret] of Object.entries(secrets)) {
      for (const encoded of encodings(secret)) {
        for (const [where, text] of Object.entries(texts)) {
          const at = text.indexOf(encoded);
          if (at !== -1) leaks.push(`${what} in ${where}: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
        }
      }
    }
    expect(leaks).toEqual([]);

    // The journal holds input lines, OPER passwords included (known): owner-only, in an owner-only directory.
    const historyDir = join(a.config.dataDir, 'state');
    expect(statSync(historyDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(historyDir))
      expect([name, statSync(join(historyDir, name)).mode & 0o777]).toEqual([name, 0o600]);
    const journals = readdirSync(historyDir).filter((n) => n.startsWith('journal-'));
    expect(journals.some((n) => readFileSync(join(historyDir, n)).includes(OPER_PASSWORD))).toBe(true);
  }, 90_000);
});
