import { testHostConfig } from '@portalchat/config';
import { rehearse } from './rehearsal';

const SIZE = { users: 12, channels: 3, rounds: 4 };

describe('rehearse (a warm spare compiling its engine on a scratch chat)', () => {
  it('runs the local and the network paths: the linked scratch server’s clients register and join here', () => {
    const report = rehearse(testHostConfig(), SIZE);
    expect(report).toMatchObject({ faults: 0, remoteUsers: SIZE.users });
    // Each server took a gateway record for each of its 4 + rounds steps, and network records.
    expect(report.records).toBeGreaterThan(2 * (4 + SIZE.rounds));
  });

  it('is not stopped by what the host file limits for real clients', () => {
    const strict = testHostConfig({
      server: {
        name: 'irc.test',
        id: 1,
        description: 'test',
        network: 'TestNet',
        passwordHash: 'scrypt$16$1$1$c2FsdA==$aGFzaA==',
      },
      limits: { maxConnections: 1, maxConnectionsPerIp: 1, connectsPerSecondPerIp: 1, connectBurstPerIp: 1 },
      flood: { burst: 1, linesPerSecond: 1, maxQueuedLines: 1 },
    });
    expect(rehearse(strict, SIZE)).toMatchObject({ faults: 0, remoteUsers: SIZE.users });
  });
});
