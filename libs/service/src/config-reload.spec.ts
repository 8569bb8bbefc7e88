import { ConfigError, testHostConfig, type HostConfig } from '@portalchat/config';
import { ConfigReloader } from './config-reload';

describe('ConfigReloader (issue 14)', () => {
  const start = testHostConfig();
  const withMotd = (motd: string[]): HostConfig => ({ ...start, motd });

  it('hands a good file to the service and keeps it as the config in force', () => {
    const applied: HostConfig[] = [];
    const next = withMotd(['new']);
    const reloader = new ConfigReloader(
      start,
      'state',
      () => next,
      (c) => {
        applied.push(c);
        return 'took it';
      },
    );
    expect(reloader.reload()).toEqual({
      v: 1,
      ok: true,
      file: start.source,
      problems: [],
      services: ['state: took it'],
    });
    expect(applied).toEqual([next]);
    expect(reloader.config).toBe(next);
  });

  it('refuses a bad file with its validation messages and keeps the old config, telling the service nothing', () => {
    const apply = jest.fn(() => 'took it');
    const reloader = new ConfigReloader(
      start,
      'state',
      () => {
        throw new ConfigError(['h.yaml: limits.maxConnections: expected integer ≥ 1, got "lots"']);
      },
      apply,
    );
    expect(reloader.reload()).toMatchObject({
      ok: false,
      problems: ['h.yaml: limits.maxConnections: expected integer ≥ 1, got "lots"'],
    });
    expect(apply).not.toHaveBeenCalled();
    expect(reloader.config).toBe(start);
  });

  it('refuses a file that changes what only a restart can, and one the service refuses', () => {
    const moved = { ...start, server: { ...start.server, id: 99 } };
    expect(
      new ConfigReloader(
        start,
        'portal',
        () => moved,
        () => 'x',
      ).reload().problems,
    ).toEqual([`${start.source}: server.id: cannot change while the host runs (restart it to change this)`]);
    const refusing = new ConfigReloader(
      start,
      'gateway',
      () => withMotd([]),
      () => {
        throw new Error('TLS certificate not reloaded: bad key');
      },
    );
    expect(refusing.reload()).toMatchObject({
      ok: false,
      problems: ['gateway: TLS certificate not reloaded: bad key'],
    });
    expect(refusing.config).toBe(start);
  });
});
