import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './command-line';
import { controlFileOf, formatStatus, parseCtlArgs } from './ctl-args';

const CONFIG_DIR = join(__dirname, '..', '..', '..', 'config');

describe('parseCtlArgs', () => {
  it('reads status and restart', () => {
    expect(parseCtlArgs(['status', 'Chatsrv1']).command).toEqual({ command: 'status', host: 'Chatsrv1' });
    expect(parseCtlArgs(['reload', 'Chatsrv1']).command).toEqual({ command: 'reload', host: 'Chatsrv1' });
    expect(parseCtlArgs(['restart', 'Chatsrv1', 'state', '--config', 'h.yaml'])).toEqual({
      command: { command: 'restart', host: 'Chatsrv1', service: 'state' },
      configPath: 'h.yaml',
      dataDir: undefined,
      help: false,
    });
  });

  it.each([
    [[], 'no command given'],
    [['stop', 'Chatsrv1'], 'unknown command "stop"'],
    [['restart', 'Chatsrv1'], 'restart takes a host name and a service name'],
    [['status', 'Chatsrv1', 'state'], 'status takes one host name'],
    [['reload', 'Chatsrv1', 'gateway'], 'reload takes one host name'],
    [['status', 'A', '--config', 'a', '--data-dir', 'b'], 'give --config or --data-dir, not both'],
    [['status', 'A', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    const run = () => parseCtlArgs(argv);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});

describe('controlFileOf', () => {
  it('finds a reference host by its server name, in any case', () => {
    expect(controlFileOf('chatsrv2', {}, CONFIG_DIR)).toBe(
      join(CONFIG_DIR, 'data', 'Chatsrv2', 'run', 'Chatsrv2.control.json'),
    );
  });

  it('uses --data-dir as it is, and --config only for the host it describes', () => {
    expect(controlFileOf('irc.example.net', { dataDir: '/tmp/d' }, CONFIG_DIR)).toBe(
      '/tmp/d/run/irc.example.net.control.json',
    );
    expect(() => controlFileOf('Chatsrv2', { configPath: join(CONFIG_DIR, 'chatsrv1.yaml') }, CONFIG_DIR)).toThrow(
      /chatsrv1\.yaml describes Chatsrv1, not Chatsrv2$/,
    );
  });

  it('says how to name a host it cannot find, skipping files that are not host files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctl-'));
    try {
      writeFileSync(join(dir, 'other.yaml'), 'not: a host file\n');
      expect(() => controlFileOf('Nowhere', {}, dir)).toThrow(
        `no host file in ${dir} has server name Nowhere: give --config <file> or --data-dir <dir>`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatStatus', () => {
  it('shows each process with its pid, uptime, spare and restarts, and a down one with its last exit', () => {
    const lines = formatStatus(
      'Chatsrv1',
      'http://127.110.1.43:8083',
      [
        { name: 'nats', pid: 10, running: true, restarts: { crash: 0, operator: 0 }, crashLoop: false, startedAt: 0 },
        {
          name: 'state',
          pid: 11,
          running: true,
          restarts: { crash: 1, operator: 0 },
          crashLoop: false,
          startedAt: 65_000,
          spare: { pid: 12, warm: true, startedAt: 66_000 },
        },
        {
          name: 'portal',
          pid: 13,
          running: true,
          restarts: { crash: 0, operator: 0 },
          crashLoop: false,
          startedAt: 0,
          spare: { pid: 14, warm: false, startedAt: 124_000 },
        },
        {
          name: 'gateway',
          running: false,
          restarts: { crash: 5, operator: 1 },
          crashLoop: true,
          lastExit: { code: 3, signal: null, at: 1 },
        },
      ],
      125_000,
    );
    expect(lines).toEqual([
      'Chatsrv1 (control http://127.110.1.43:8083)',
      '  nats     pid 10  up 2 min 5 s  restarts: 0 after a crash, 0 on request',
      '  state    pid 11  up 1 min 0 s  spare pid 12  restarts: 1 after a crash, 0 on request',
      '  portal   pid 13  up 2 min 5 s  spare pid 14 starting  restarts: 0 after a crash, 0 on request',
      '  gateway  down, restart pending  restarts: 5 after a crash, 1 on request; last exit: code 3  CRASH LOOP',
    ]);
  });
});
