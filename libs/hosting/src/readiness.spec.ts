import { createServer, type Server } from 'node:http';
import { freePort } from './ports';
import { waitReady } from './readiness';

/** A /readyz that answers 503 for the first `notReadyFor` requests, then 200. */
async function readyzServer(notReadyFor: number): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/readyz') return void res.writeHead(404).end();
    hits++;
    res.writeHead(hits > notReadyFor ? 200 : 503).end();
  });
  const port = await freePort('127.0.0.1');
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, server, hits: () => hits };
}

describe('waitReady', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('polls /readyz until it answers 200', async () => {
    const fake = await readyzServer(3);
    server = fake.server;
    const started = Date.now();
    await waitReady(fake.url, 2000);
    expect(fake.hits()).toBe(4);
    // Polling is fast: four attempts take well under half a second.
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('rejects with the last status when the deadline passes', async () => {
    const fake = await readyzServer(Infinity);
    server = fake.server;
    await expect(waitReady(fake.url, 100)).rejects.toThrow(`${fake.url}/readyz not ready after 100 ms (status 503)`);
  });

  it('says when nothing answered at all', async () => {
    server = undefined;
    const port = await freePort('127.0.0.1');
    await expect(waitReady(`http://127.0.0.1:${port}`, 100)).rejects.toThrow('(no answer)');
  });

  it('gives up at once with the error abort() returns', async () => {
    server = undefined;
    const port = await freePort('127.0.0.1');
    await expect(waitReady(`http://127.0.0.1:${port}`, 5000, () => new Error('state died'))).rejects.toThrow(
      'state died',
    );
  });
});
