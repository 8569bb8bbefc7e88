import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHostConfig } from '@portalchat/config';
import { consoleLine, hostLogger } from './host-log';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const isoTime: unknown = expect.stringMatching(ISO);

describe('hostLogger', () => {
  it('prints timestamped console lines, marking warnings and errors', () => {
    const lines: string[] = [];
    const { log } = hostLogger({ prefix: 'host', write: (line) => lines.push(line) });
    log('Chatsrv1: state ready');
    log('Chatsrv1: state exited unexpectedly', 'warn');
    log('CRASH LOOP', 'error');
    expect(lines.map((l) => l.split(' ')[0])).toEqual([
      expect.stringMatching(ISO),
      expect.stringMatching(ISO),
      expect.stringMatching(ISO),
    ]);
    expect(lines.map((l) => l.slice(25))).toEqual([
      '[host] Chatsrv1: state ready',
      '[host] WARN Chatsrv1: state exited unexpectedly',
      '[host] ERROR CRASH LOOP',
    ]);
  });

  it("writes the same lines as JSON to the host file's log.file, at its level", () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-log-'));
    try {
      const config = parseHostConfig(
        `server: { name: Chatsrv1, id: 10 }\nlog: { level: warn, file: ${join(dir, 'host.log')} }\n`,
      );
      const lines: string[] = [];
      const { log } = hostLogger({ prefix: 'host', write: (line) => lines.push(line), config });
      log('quiet');
      log('state exited unexpectedly', 'warn');
      const records = readFileSync(join(dir, 'host.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records).toEqual([
        expect.objectContaining({
          level: 40,
          service: 'host',
          serverId: 10,
          msg: 'state exited unexpectedly',
          time: isoTime,
        }),
      ]);
      expect(lines).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the JSON through with --json-logs', () => {
    const lines: string[] = [];
    hostLogger({ prefix: 'host', write: (line) => lines.push(line), json: true }).log('hello');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      msg: 'hello',
      service: 'host',
      time: isoTime,
    });
  });
});

describe('consoleLine', () => {
  it('falls back to the current time for a record without one', () => {
    expect(consoleLine('launcher', '{"level":30,"msg":"hi"}')).toMatch(/^\S+Z \[launcher\] hi$/);
  });
});
