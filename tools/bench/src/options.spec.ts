import { DEFAULT_SCENARIOS, FULL_SIZES, parseOptions, QUICK_SIZES, UsageError } from './options';

describe('parseOptions', () => {
  it('runs every scenario but scaleout on every system at full size by default', () => {
    const options = parseOptions([]);
    expect(options.scenarios).toEqual([...DEFAULT_SCENARIOS]);
    expect(options.scenarios).not.toContain('scaleout');
    expect(options.scenarios).toContain('saturation');
    expect(parseOptions(['--scenarios', 'scaleout']).scenarios).toEqual(['scaleout']);
    expect(options.systems).toEqual(['portalchat', 'ngircd', 'inspircd']);
    expect(options.sizes).toBe(FULL_SIZES);
    expect(options.jsonPath).toBeUndefined();
    expect(options.tls).toBe(false);
  });

  it('reads --tls', () => {
    expect(parseOptions(['--tls', '--scenarios', 'connect,fanout']).tls).toBe(true);
  });

  it('reads --quick, lists and the JSON path', () => {
    const options = parseOptions([
      '--quick',
      '--scenarios',
      'connect,fanout',
      '--systems',
      'portalchat',
      '--json',
      'out.json',
    ]);
    expect(options).toMatchObject({
      quick: true,
      scenarios: ['connect', 'fanout'],
      systems: ['portalchat'],
      jsonPath: 'out.json',
    });
    expect(options.sizes).toBe(QUICK_SIZES);
  });

  it('names an unknown scenario or argument', () => {
    expect(() => parseOptions(['--scenarios', 'connect,speed'])).toThrow(
      new UsageError(
        '--scenarios: unknown speed (known: connect, memory, fanout, private, saturation, network, link, restart, scaleout)',
      ),
    );
    expect(() => parseOptions(['--fast'])).toThrow(UsageError);
    expect(() => parseOptions(['--json'])).toThrow('--json needs a file name');
  });

  it('sizes the restart scenario from its flags, on top of the quick or full sizes', () => {
    const options = parseOptions(['--quick', '--restart-clients', '300', '--restart-channels', '20']);
    expect(options.sizes.restart).toEqual({ ...QUICK_SIZES.restart, clients: 300, channels: 20 });
    expect(parseOptions([]).sizes.restart).toMatchObject({ clients: 5000, channels: 100, ratePerChannel: 10 });
    expect(() => parseOptions(['--restart-clients', 'many'])).toThrow('--restart-clients needs a whole number ≥ 2');
    expect(() => parseOptions(['--restart-clients', '10', '--restart-channels', '6'])).toThrow(
      'at least 2 clients per channel',
    );
  });

  it('runs each saturation step three times at full size, once in a quick run, or as --saturation-repeats says', () => {
    expect(parseOptions([]).sizes.saturation.repeats).toBe(3);
    expect(parseOptions(['--quick']).sizes.saturation.repeats).toBe(1);
    const options = parseOptions(['--quick', '--saturation-repeats', '5']);
    expect(options.sizes.saturation).toEqual({ ...QUICK_SIZES.saturation, repeats: 5 });
    expect(options.sizes.restart).toBe(QUICK_SIZES.restart);
    expect(() => parseOptions(['--saturation-repeats', '0'])).toThrow('--saturation-repeats needs a whole number ≥ 1');
  });

  it('runs only the network phases --network-phases names', () => {
    expect(parseOptions([]).sizes.networkPhases).toEqual(['hold', 'fanout', 'private', 'saturation']);
    const options = parseOptions(['--quick', '--network-phases', 'fanout,private']);
    expect(options.sizes.networkPhases).toEqual(['fanout', 'private']);
    expect(options.sizes.networkClients).toBe(QUICK_SIZES.networkClients);
    expect(() => parseOptions(['--network-phases', 'fanout,ladder'])).toThrow(
      '--network-phases: unknown ladder (known: hold, fanout, private, saturation)',
    );
  });
});
