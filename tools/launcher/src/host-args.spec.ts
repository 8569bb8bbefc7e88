import { UsageError } from './command-line';
import { maskedCommandLine, parseHostArgs, parseListen, parseOperatorFile } from './host-args';

describe('parseHostArgs', () => {
  it('reads every flag', () => {
    const args = parseHostArgs([
      '--name',
      'irc.example.net',
      '--listen',
      '127.0.0.1:16667',
      '--server-id',
      '42',
      '--description',
      'test server',
      '--data-dir',
      '/tmp/d',
      '--oper',
      'alice:s3cret:with:colons',
      '--oper',
      'bob:pw',
      '--nats-url',
      'nats://127.0.0.1:4999',
      '--health-port-base',
      '18080',
      '--json-logs',
    ]);
    expect(args).toEqual({
      name: 'irc.example.net',
      listen: { host: '127.0.0.1', port: 16667 },
      configPath: undefined,
      serverId: 42,
      description: 'test server',
      dataDir: '/tmp/d',
      operators: [
        { name: 'alice', password: 's3cret:with:colons' },
        { name: 'bob', password: 'pw' },
      ],
      natsUrl: 'nats://127.0.0.1:4999',
      healthPortBase: 18080,
      jsonLogs: true,
      check: false,
      help: false,
    });
  });

  it('needs --name and --listen only without a --config file', () => {
    expect(() => parseHostArgs(['--listen', '127.0.0.1:1'])).toThrow('--name is required (or give a --config file)');
    expect(() => parseHostArgs(['--name', 'a'])).toThrow('--listen is required (or give a --config file)');
    expect(parseHostArgs(['--config', 'config/chatsrv1.yaml']).configPath).toBe('config/chatsrv1.yaml');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--name', 'a', '--listen', '127.0.0.1'], '--listen must look like 127.0.0.1:6667, got "127.0.0.1"'],
    [['--name', 'a', '--listen', '127.0.0.1:70000'], '--listen port must be an integer 1-65535, got "70000"'],
    [['--name', 'a', '--listen', '127.0.0.1:1', '--server-id', '0'], '--server-id must be an integer 1-4095, got "0"'],
    [['--name', 'a', '--listen', '127.0.0.1:1', '--server-id', '1x'], '--server-id must be an integer 1-4095'],
    [['--name', 'a', '--listen', '127.0.0.1:1', '--oper', 'nopassword'], '--oper must look like name:password'],
    [['--name', 'a', '--listen', '127.0.0.1:1', '--oper', ':pw'], '--oper must look like name:password'],
    [
      ['--name', 'a', '--listen', '127.0.0.1:1', '--health-port-base', '65534'],
      '--health-port-base must be an integer 1-65533',
    ],
  ])('rejects %j', (argv, message) => {
    const run = () => parseHostArgs(argv);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });

  it('reads --check, which needs a --config file', () => {
    expect(parseHostArgs(['--config', 'host.yaml', '--check']).check).toBe(true);
    expect(() => parseHostArgs(['--name', 'a', '--listen', '127.0.0.1:1', '--check'])).toThrow(
      '--check needs a --config file to check',
    );
  });

  it.each([['--help'], ['-h']])('lets %s through without the required flags', (flag) => {
    expect(parseHostArgs([flag]).help).toBe(true);
  });
});

describe('parseListen', () => {
  it('accepts a bracketed IPv6 address', () => {
    expect(parseListen('[::1]:6667')).toEqual({ host: '::1', port: 6667 });
  });
});

describe('operator passwords out of ps', () => {
  it('shows every --oper password as *** in the process title', () => {
    expect(
      maskedCommandLine([
        'node',
        'host.js',
        '--name',
        'a',
        '--oper',
        'alice:s3cret:x',
        '--oper=bob:pw',
        '--oper',
        'carol',
      ]),
    ).toBe('node host.js --name a --oper alice:*** --oper=bob:*** --oper carol');
  });

  it('takes --oper-file and reads accounts one a line, skipping blanks and comments', () => {
    expect(parseHostArgs(['--name', 'a', '--listen', '127.0.0.1:1', '--oper-file', '/x/opers']).operatorFile).toBe(
      '/x/opers',
    );
    expect(parseOperatorFile('# operators\nalice:s3cret:x\n\n  bob:pw  \r\n', 'opers')).toEqual([
      { name: 'alice', password: 's3cret:x' },
      { name: 'bob', password: 'pw' },
    ]);
  });

  it('names the file and line of a bad entry, never the entry', () => {
    expect(() => parseOperatorFile('alice:pw\nhunter2\n', '/etc/opers')).toThrow(
      new UsageError('/etc/opers: line 2: expected name:password'),
    );
  });

  it('does not echo a malformed --oper value (it may be a bare password)', () => {
    expect(() => parseHostArgs(['--name', 'a', '--listen', '127.0.0.1:1', '--oper', 'hunter2'])).toThrow(
      new UsageError('--oper must look like name:password'),
    );
  });
});
