import { fixedFieldChanges } from './reload-check';
import { testHostConfig } from './test-config';

describe('fixedFieldChanges', () => {
  const current = testHostConfig();

  it('lets a reload change the MOTD, operators and limits', () => {
    const next = { ...current, motd: ['new'], operators: [], limits: { ...current.limits, maxConnections: 5 } };
    expect(fixedFieldChanges(current, next)).toEqual([]);
  });

  it('#14: refuses a new server ID or listener, naming the file and the field', () => {
    const next = {
      ...current,
      source: 'host.yaml',
      server: { ...current.server, id: current.server.id + 1 },
      listen: { ...current.listen, irc: [{ host: '127.0.0.2', port: 6667 }] },
    };
    expect(fixedFieldChanges(current, next)).toEqual([
      'host.yaml: server.id: cannot change while the host runs (restart it to change this)',
      'host.yaml: listen: cannot change while the host runs (restart it to change this)',
    ]);
  });
});
