import { createServer, type Server } from 'node:net';
import { formatNetwork, parseLinks, waitForLinks } from './network-view';

const REPLY = [
  ':Chatsrv1 364 me Chatsrv1 Chatsrv1 :0 Chat server 1',
  ':Chatsrv1 364 me Chatsrv3 Chatsrv1 :1 Chat server 3',
  ':Chatsrv1 364 me Chatsrv2 Chatsrv3 :2 Chat server 2',
  ':Chatsrv1 365 me * :End of /LINKS list',
] as const;

describe('parseLinks', () => {
  it('reads every 364 line up to the 365', () => {
    expect(parseLinks([':x NOTICE me :hi', ...REPLY, ':Chatsrv1 364 me Late Late :1 after the end'])).toEqual([
      { server: 'Chatsrv1', uplink: 'Chatsrv1', hops: 0, description: 'Chat server 1' },
      { server: 'Chatsrv3', uplink: 'Chatsrv1', hops: 1, description: 'Chat server 3' },
      { server: 'Chatsrv2', uplink: 'Chatsrv3', hops: 2, description: 'Chat server 2' },
    ]);
  });

  it('accepts a server without a description', () => {
    expect(parseLinks([':a 364 me a a :0'])).toEqual([{ server: 'a', uplink: 'a', hops: 0, description: '' }]);
  });
});

describe('formatNetwork', () => {
  it('lists the nearest servers first with the server each is behind', () => {
    expect(formatNetwork('Chatsrv1', parseLinks([...REPLY].reverse().slice(1).concat(REPLY[3])))).toEqual([
      'The network as LINKS shows it on Chatsrv1 (3 servers):',
      '  Chatsrv1  this server                 Chat server 1',
      '  Chatsrv3  1 hop, behind Chatsrv1      Chat server 3',
      '  Chatsrv2  2 hops, behind Chatsrv3     Chat server 2',
    ]);
  });
});

describe('waitForLinks', () => {
  let server: Server;
  let linksAsked = 0;

  /** A fake IRC server whose LINKS lists one more server each time it is asked. */
  beforeEach(async () => {
    linksAsked = 0;
    server = createServer((socket) => {
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        for (const line of chunk.split('\r\n').filter(Boolean)) {
          if (line.startsWith('USER')) socket.write(':Chatsrv1 001 me :Welcome\r\nPING :check\r\n');
          if (line === 'LINKS') {
            linksAsked++;
            socket.write(`${REPLY.slice(0, Math.min(linksAsked, 3)).join('\r\n')}\r\n${REPLY[3]}\r\n`);
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const endpoint = () => ({ host: '127.0.0.1', port: (server.address() as { port: number }).port });

  it('asks again until every expected server is listed', async () => {
    const result = await waitForLinks(endpoint(), 3, 5000, 10);
    expect(result.linked).toBe(true);
    expect(result.entries.map((e) => e.server)).toEqual(['Chatsrv1', 'Chatsrv3', 'Chatsrv2']);
    expect(linksAsked).toBe(3);
  });

  it('gives up at the deadline with the last answer', async () => {
    const result = await waitForLinks(endpoint(), 4, 300, 50);
    expect(result.linked).toBe(false);
    expect(result.entries).toHaveLength(3);
  });
});
