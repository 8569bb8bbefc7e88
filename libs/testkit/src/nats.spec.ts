import { isPortOpen } from '@portalchat/hosting';
import { startTestNats } from './nats';

describe('startTestNats', () => {
  it('starts nats-server on a free loopback port and again on the same port after a stop', async () => {
    const first = await startTestNats();
    expect(first.url).toBe(`nats://127.0.0.1:${first.port}`);
    expect(await isPortOpen('127.0.0.1', first.port)).toBe(true);
    await first.stop();
    expect(await isPortOpen('127.0.0.1', first.port)).toBe(false);
    const again = await startTestNats({ port: first.port });
    try {
      expect(again.url).toBe(first.url);
      expect(await isPortOpen('127.0.0.1', first.port)).toBe(true);
    } finally {
      await again.stop();
    }
  });
});
