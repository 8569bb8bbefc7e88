import { serviceArgs, ServiceArgsError } from './service-args';

describe('serviceArgs', () => {
  it('reads --config and --log-level', () => {
    expect(serviceArgs(['--config', 'host.yaml', '--log-level', 'debug'])).toEqual({
      configPath: 'host.yaml',
      logLevel: 'debug',
      extra: {},
      standby: false,
    });
  });

  it('accepts --config=<file>', () => {
    expect(serviceArgs(['--config=a.yaml']).configPath).toBe('a.yaml');
  });

  it('reports a missing --config clearly', () => {
    expect(() => serviceArgs([])).toThrow(ServiceArgsError);
    expect(() => serviceArgs(['--log-level', 'info'])).toThrow(/missing --config <file>/);
  });

  it('rejects an unknown log level', () => {
    expect(() => serviceArgs(['--config', 'a.yaml', '--log-level', 'loud'])).toThrow(/--log-level must be one of/);
  });

  it('rejects unknown options and positionals', () => {
    expect(() => serviceArgs(['--config', 'a.yaml', '--port', '1'])).toThrow(ServiceArgsError);
    expect(() => serviceArgs(['--config', 'a.yaml', 'extra'])).toThrow(ServiceArgsError);
  });

  it('returns the values of the options a service adds', () => {
    const extraOptions = ['gateway-id'];
    const args = serviceArgs(['--config', 'a.yaml', '--gateway-id', 'gw2'], { extraOptions });
    expect(args.extra).toEqual({ 'gateway-id': 'gw2' });
    expect(serviceArgs(['--config', 'a.yaml'], { extraOptions }).extra).toEqual({ 'gateway-id': undefined });
  });

  it('reads --standby only where the service can stand by', () => {
    expect(serviceArgs(['--config', 'a.yaml', '--standby'], { standby: true }).standby).toBe(true);
    expect(serviceArgs(['--config', 'a.yaml'], { standby: true }).standby).toBe(false);
    expect(() => serviceArgs(['--config', 'a.yaml', '--standby'])).toThrow(/Unknown option '--standby'/);
  });

  it('names --standby in the usage of a service that has it', () => {
    expect(() => serviceArgs([], { standby: true })).toThrow(/\[--standby\]$/);
    expect(() => serviceArgs([])).toThrow(/missing --config/);
    expect(() => serviceArgs([])).not.toThrow(/--standby/);
  });
});
