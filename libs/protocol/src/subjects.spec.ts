import { InvalidSubjectTokenError, isValidGatewayId, subjects } from './subjects';

describe('subjects', () => {
  it.each<[string, string]>([
    ['stateIn', subjects.stateIn(10)],
    ['stateHello', subjects.stateHello(10)],
    ['stateInfo', subjects.stateInfo(10)],
  ])('builds %s under chat.<sid>.state', (_name, subject) => {
    expect(subject).toMatch(/^chat\.10\.state\.(in|hello|info)$/);
  });

  it('builds exact subjects', () => {
    expect(subjects.stateIn(12)).toBe('chat.12.state.in');
    expect(subjects.stateHello(12)).toBe('chat.12.state.hello');
    expect(subjects.stateInfo(12)).toBe('chat.12.state.info');
    expect(subjects.gatewayOut(10, 'gw-1')).toBe('chat.10.gw.gw-1.out');
  });

  it.each<[string]>([['a.b'], ['*'], ['>'], [''], ['a b'], ['gw\n'], ['a\tb']])(
    'refuses the gateway ID %j as a subject token',
    (gatewayId) => {
      expect(() => subjects.gatewayOut(10, gatewayId)).toThrow(InvalidSubjectTokenError);
    },
  );

  it.each<[number]>([[1.5], [0.25], [-1], [0], [Number.NaN]])('refuses the server ID %d, which is not a positive integer', (serverId) => {
    expect(() => subjects.stateIn(serverId)).toThrow(InvalidSubjectTokenError);
  });

  it('names its error', () => {
    expect(() => subjects.gatewayOut(1, 'a.b')).toThrow(expect.objectContaining({ name: 'InvalidSubjectTokenError' }));
  });
});

describe('isValidGatewayId', () => {
  it.each<[string, boolean]>([
    ['gw1', true],
    ['GW_2-a', true],
    ['a'.repeat(32), true],
    ['a'.repeat(33), false],
    ['', false],
    ['a.b', false],
    ['a*', false],
    ['a>', false],
    ['a b', false],
  ])('%j → %s', (id, valid) => {
    expect(isValidGatewayId(id)).toBe(valid);
  });
});
