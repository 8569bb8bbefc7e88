import { StreamPair } from '@portalchat/protocol';
import { createLogger } from './logger';
import { StreamToState } from './stream-to-state';

function setup(connected = () => true, maxStallTicks?: number) {
  const stream = new StreamPair<string, string>('i1');
  const sent: string[] = [];
  const sender = new StreamToState<string>({
    stream,
    connected,
    logger: createLogger('stream-to-state-test', { level: 'silent' }),
    flushPending: () => sent.push('flush'),
    publishRun: (seq, ack, items) => sent.push(`run ${seq} ack ${ack} [${items.join(',')}]`),
    publishHeartbeat: (seq, ack, resend) => sent.push(`beat ${seq} ack ${ack}${resend ? ' resend' : ''}`),
    maxStallTicks,
  });
  return { stream, sent, sender };
}

describe('StreamToState', () => {
  it('numbers and sends; while NATS is down it only keeps, and resume sends it all with a resend request', () => {
    let up = false;
    const { sent, sender } = setup(() => up);
    sender.send(['a', 'b']);
    sender.heartbeat(false);
    expect(sent).toEqual([]);
    up = true;
    sender.send(['c']);
    sender.resume();
    expect(sent).toEqual(['run 3 ack 0 [c]', 'flush', 'run 1 ack 0 [a,b]', 'run 3 ack 0 [c]', 'beat 4 ack 0 resend']);
  });

  it('beats once a tick, and sends everything again when state has not acknowledged for a whole tick', () => {
    const { stream, sent, sender } = setup(undefined, 1);
    sender.send(['a']);
    sender.tick(); // sent just now: a beat
    stream.receive('i1', 0, 0, []);
    sender.tick(); // a tick without progress: everything again
    stream.receive('i1', 0, 1, []);
    sender.tick();
    // #15: a stall does not ask state for its backlog (a gap or state's own stall check does).
    expect(sent).toEqual([
      'run 1 ack 0 [a]',
      'beat 2 ack 0',
      'flush',
      'run 1 ack 0 [a]',
      'beat 2 ack 0',
      'beat 2 ack 0',
    ]);
  });

  it.each([
    ['maxStallTicks 4', 4],
    ['the default (#15: a busy state is not sent its backlog every tick)', undefined],
  ])(
    'waits twice as long after each resend of one stall, up to %s, and one tick again after that many calm ticks',
    (_, max) => {
      const { stream, sent, sender } = setup(undefined, max);
      sender.send(['a']);
      const ticks: boolean[] = [];
      const tick = () => {
        const before = sent.length;
        sender.tick();
        ticks.push(sent.slice(before).includes('flush'));
      };
      tick(); // sent just now
      for (let i = 0; i < 11; i++) tick();
      // Resends after 1 stalled tick, then 2, then 4, 4: not every tick.
      expect(ticks).toEqual([false, true, false, true, false, false, false, true, false, false, false, true]);
      stream.receive('i1', 0, 1, []);
      for (let i = 0; i < 4; i++) tick(); // all acknowledged: calm ticks
      sender.send(['b']);
      tick(); // sent just now
      tick(); // b not acknowledged for a tick, after 4 calm ticks: sent again at once
      expect(ticks.slice(-6)).toEqual([false, false, false, false, false, true]);
      expect(sent.at(-2)).toBe('run 2 ack 0 [b]');
    },
  );

  it('#15: a state that stalls again soon after some progress waits the longer time, not one tick', () => {
    const { stream, sent, sender } = setup();
    const resent: boolean[] = [];
    const tick = () => {
      const before = sent.length;
      sender.tick();
      resent.push(sent.slice(before).includes('flush'));
    };
    sender.send(['a', 'b', 'c']);
    tick(); // sent just now
    tick(); // stalled a tick: everything again (the wait becomes 2)
    stream.receive('i1', 0, 1, []); // state took one item and is slow again
    tick(); // progress: calm
    tick(); // stalled a tick: not yet
    tick(); // stalled two: again (the wait becomes 4)
    expect(resent).toEqual([false, true, false, false, true]);
  });

  it('keeps going when a publish throws (a closed connection)', () => {
    const { stream, sender } = setup();
    const failing = new StreamToState<string>({
      stream,
      connected: () => true,
      logger: createLogger('stream-to-state-test', { level: 'silent' }),
      flushPending: () => {},
      publishRun: () => {
        throw new Error('closed');
      },
      publishHeartbeat: () => {
        throw new Error('closed');
      },
    });
    expect(() => failing.send(['a'])).not.toThrow();
    expect(() => failing.tick()).not.toThrow();
    expect(() => sender.resume()).not.toThrow();
    expect(stream.unacknowledgedCount).toBe(1);
  });
});
