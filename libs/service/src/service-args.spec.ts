import { serviceArgs, ServiceArgsError } from './service-args';

describe('serviceArgs', () => {
  it('reads --config and --log-level', () => {
    expect(serviceArgs(['--config', 'host.yaml', '--log-level', 'debug'])).toEqual({
      configPath: 'host.yaml',
      logLevel: 'debug',
      extra: {},
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
    const args = serviceArgs(['--config', 'a.yaml', '--gateway-id', 'gw2'], ['gateway-id']);
    expect(args.extra).toEqual({ 'gateway-id': 'gw2' });
    expect(serviceArgs(['--config', 'a.yaml'], ['gateway-id']).extra).toEqual({ 'gateway-id': undefined });
  });
});
