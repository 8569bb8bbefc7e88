import type { PortalConfig } from '@portalchat/config';
import type { Frame } from './frames';
import { PortalLink, type LinkHost } from './link';
import type { LinkStream } from './link-stream';
import type { UpLinkFrame } from './up-link';

/** One end of an in-memory stream: frames written here reach the other end as grpc-js shows them. */
class PipeEnd implements LinkStream {
  /** The end frames go to (none: they are dropped). */
  other: PipeEnd | undefined;
  ended = false;
  private onFrame: (raw: unknown) => void = () => {};
  private onClosed: (reason: string) => void = () => {};
  write(frame: Frame): void {
    if (this.ended) return;
    const kind = Object.keys(frame)[0];
    // Delivered on a later turn, as a real stream does.
    setImmediate(() => this.other?.inject({ body: kind, ...frame }));
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    setImmediate(() => this.other?.onClosed('the peer closed the link'));
  }
  abort(): void {
    this.end();
  }
  listen(onFrame: (raw: unknown) => void, onClosed: (reason: string) => void): void {
    this.onFrame = onFrame;
    this.onClosed = onClosed;
  }
  /** A frame as if the peer had sent it (anything: the point is frames a bug could send). */
  inject(raw: unknown): void {
    if (!this.ended) this.onFrame(raw);
  }
}

const secret = 'shared-secret';
const portalTo = (serverId: number, uplink: boolean): PortalConfig => ({
  name: `Portal_to_${serverId}`,
  address: '127.0.0.1',
  port: 1,
  serverId,
  uplink,
  secret,
  insecure: false,
});

function hostFor(serverId: number, peerId: number, uplink: boolean, transportProblem?: string) {
  const log = {
    up: 0,
    frames: [] as UpLinkFrame[],
    down: [] as { reason: string; wasUp: boolean }[],
    refused: [] as string[],
  };
  const host: LinkHost = {
    own: { serverId, name: `S${serverId}`, description: '', epoch: 1 },
    clock: Date.now,
    portalFor: (id) => (id === peerId ? portalTo(peerId, uplink) : undefined),
    knownName: () => undefined,
    linked: () => false,
    onUp: () => void log.up++,
    onFrame: (_link, body) => void log.frames.push(body),
    onDown: ({ reason, wasUp }) => void log.down.push({ reason, wasUp }),
    onRefused: (_link, reason) => void log.refused.push(reason),
    counted: () => {},
    checkTransport: () => transportProblem,
  };
  return { host, log };
}

const turns = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A dialer (10) and an acceptor (12) linked over a pipe, handshake done. */
async function linkedPair(transportProblem?: string) {
  const [toAcceptor, toDialer] = [new PipeEnd(), new PipeEnd()];
  toAcceptor.other = toDialer;
  toDialer.other = toAcceptor;
  const dialerSide = hostFor(10, 12, true);
  const acceptorSide = hostFor(12, 10, false, transportProblem);
  const dialer = new PortalLink({ role: 'dialer', portal: portalTo(12, true) }, toAcceptor, dialerSide.host);
  const acceptor = new PortalLink({ role: 'acceptor', transport: PLAIN }, toDialer, acceptorSide.host);
  acceptor.start();
  dialer.start();
  await turns();
  return { dialer, acceptor, dialerSide, acceptorSide, dialerEnd: toAcceptor, acceptorEnd: toDialer };
}

const PLAIN = { tls: false } as const;

const goodEvent = { origin: 12, epoch: 1, seq: 1, targets: [], json: '{"type":"wallops","from":"x","text":"hi"}' };

describe('PortalLink', () => {
  it('comes up after the handshake and passes readable events frames on', async () => {
    const { dialer, acceptor, dialerSide, acceptorSide, dialerEnd } = await linkedPair();
    expect([dialer.state, acceptor.state]).toEqual(['up', 'up']);
    expect([dialerSide.log.up, acceptorSide.log.up]).toEqual([1, 1]);
    dialerEnd.inject({ body: 'events', events: { events: [goodEvent, { ...goodEvent, seq: 2, json: 'not json' }] } });
    // A bad event inside a readable frame is the switchboard's to drop: the link stays up.
    expect(dialerSide.log.frames.map((f) => f.kind)).toEqual(['events']);
    expect(dialer.state).toBe('up');
    dialer.close('test over');
    acceptor.close('test over');
  });

  it.each([
    [
      'an event without a stamp',
      { body: 'events', events: { events: [{ targets: [], json: '{}' }] } },
      /protocol error: event 0 of an events frame: no valid stamp/,
    ],
    [
      'an events frame without a list',
      { body: 'events', events: { events: 'x' } },
      /protocol error: events frame without an event list/,
    ],
    [
      'a topology record without its links',
      { body: 'topology', topology: { servers: [{ serverId: 12, name: 'S12' }] } },
      /protocol error: topology frame with an unreadable server record/,
    ],
    ['a ping without a time', { body: 'ping', ping: {} }, /protocol error: ping frame without a time/],
  ])('closes the link with a clear reason on %s, and tells the peer', async (_what, frame, reason) => {
    const { dialer, acceptor, dialerSide, acceptorSide, dialerEnd } = await linkedPair();
    expect(() => dialerEnd.inject(frame)).not.toThrow();
    expect(dialer.state).toBe('closed');
    // Jest's asymmetric matchers are typed `any`; held as unknown, one goes into the expected object as is.
    const reasonMatching: unknown = expect.stringMatching(reason);
    expect(dialerSide.log.down).toEqual([{ reason: reasonMatching, wasUp: true }]);
    expect(dialerSide.log.frames).toEqual([]);
    await turns();
    expect(acceptor.state).toBe('closed');
    expect(acceptorSide.log.refused).toEqual([expect.stringMatching(/^refused by peer: protocol error: /)]);
  });

  it('refuses, before proving anything, a peer whose transport does not suit the entry it claims, and tells it why', async () => {
    const { dialer, acceptor, dialerSide, acceptorSide } = await linkedPair('the peer connected without TLS');
    expect(acceptor.state).toBe('closed');
    expect(dialer.state).toBe('closed');
    expect(acceptorSide.log.refused).toEqual(['the peer connected without TLS']);
    expect(dialerSide.log.refused).toEqual(['refused by peer: the peer connected without TLS']);
    expect(dialerSide.log.up + acceptorSide.log.up).toBe(0);
  });

  it('refuses a Hello it cannot read instead of throwing into the stream', () => {
    const end = new PipeEnd();
    const side = hostFor(12, 10, false);
    const link = new PortalLink({ role: 'acceptor', transport: PLAIN }, end, side.host);
    link.start();
    expect(() => end.inject({ body: 'hello', hello: { version: 1, serverId: 10, name: 'S10' } })).not.toThrow();
    expect(() => end.inject({ body: 'auth', auth: { proof: 7 } })).not.toThrow();
    expect(link.state).toBe('closed');
    expect(side.log.refused).toHaveLength(1);
    expect(side.log.down[0]?.wasUp).toBe(false);
  });
});
