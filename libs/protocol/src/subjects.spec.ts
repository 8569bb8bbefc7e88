import { gatewayOfStateIn, InvalidSubjectTokenError, isValidGatewayId, subjects } from './subjects';

describe('subjects', () => {
  it.each<[string, string]>([
    ['stateInAll', subjects.stateInAll(10).name],
    ['stateHello', subjects.stateHello(10).name],
    ['stateInfo', subjects.stateInfo(10).name],
  ])('builds %s under chat.<sid>.state', (_name, subject) => {
    expect(subject).toMatch(/^chat\.10\.state\.(in\.\*|hello|info)$/);
  });

  it('builds exact subjects, each with the kind of envelope it carries', () => {
    const built = [
      subjects.stateIn(12, 'gw-1'),
      subjects.stateHello(12),
      subjects.stateInfo(12),
      subjects.portalOut(12),
      subjects.portalIn(12),
      subjects.stateBurst(12),
      subjects.burstReply(12, 'b1'),
      subjects.gatewayOut(10, 'gw-1'),
      subjects.portalMap(12),
      subjects.stateCensus(12),
    ];
    expect(built.map((s) => [s.name, s.payload.name])).toEqual([
      ['chat.12.state.in.gw-1', 'GatewayBatch'],
      ['chat.12.state.hello', 'StateHello'],
      ['chat.12.state.info', 'StateInfoRequest'],
      ['chat.12.portal.out', 'NetOutBatch'],
      ['chat.12.portal.in', 'NetInBatch'],
      ['chat.12.state.burst', 'BurstRequest'],
      ['chat.12.portal.burst.b1', 'BurstChunk'],
      ['chat.10.gw.gw-1.out', 'DeliveryBatch'],
      ['chat.12.portal.map', 'PortalMapReport'],
      ['chat.12.state.census', 'StateCensusRequest'],
    ]);
    expect(subjects.stateInfo(12).reply.name).toBe('StateInfo');
    expect(subjects.stateCensus(12).reply.name).toBe('StateCensus');
  });

  it('answers a burst request on the subject it names, with chunks', () => {
    const replyTo = subjects.burstReply(12, 'b1').name;
    expect(subjects.burstReplyTo({ v: 1, replyTo, excludeServers: [] })).toEqual(subjects.burstReply(12, 'b1'));
  });

  it('refuses a burst ID that is not a subject token', () => {
    expect(() => subjects.burstReply(12, 'a.b')).toThrow(InvalidSubjectTokenError);
  });

  it.each<[string]>([['a.b'], ['*'], ['>'], [''], ['a b'], ['gw\n'], ['a\tb']])(
    'refuses the gateway ID %j as a subject token',
    (gatewayId) => {
      expect(() => subjects.gatewayOut(10, gatewayId)).toThrow(InvalidSubjectTokenError);
    },
  );

  it.each<[number]>([[1.5], [0.25], [-1], [0], [Number.NaN]])(
    'refuses the server ID %d, which is not a positive integer',
    (serverId) => {
      expect(() => subjects.stateIn(serverId, 'gw')).toThrow(InvalidSubjectTokenError);
    },
  );

  it('names its error', () => {
    let thrown: unknown;
    try {
      subjects.gatewayOut(1, 'a.b');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toHaveProperty('name', 'InvalidSubjectTokenError');
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

describe('gatewayOfStateIn', () => {
  it('reads the gateway ID off a gateway input subject', () => {
    expect(gatewayOfStateIn(subjects.stateIn(10, 'gw-1').name)).toBe('gw-1');
  });

  it('gives nothing for any other subject', () => {
    expect(gatewayOfStateIn(subjects.stateHello(10).name)).toBeUndefined();
    expect(gatewayOfStateIn(subjects.gatewayOut(10, 'gw-1').name)).toBeUndefined();
    expect(gatewayOfStateIn('chat.10.state.in')).toBeUndefined();
    expect(gatewayOfStateIn('chat.10.state.in.gw.x')).toBeUndefined();
  });
});
