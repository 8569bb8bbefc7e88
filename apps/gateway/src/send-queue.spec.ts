import { FlushScheduler, SendQueue, type OutputSocket } from './send-queue';

class FakeSocket implements OutputSocket {
  writes: string[] = [];
  writableLength = 0;
  write(data: string): boolean {
    this.writes.push(data);
    return true;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(sendQBytes = 1000) {
  const written: number[] = [];
  const scheduler = new FlushScheduler((bytes) => written.push(bytes));
  const socket = new FakeSocket();
  const exceeded = jest.fn();
  const queue = new SendQueue(socket, scheduler, sendQBytes, exceeded);
  return { scheduler, socket, queue, exceeded, written };
}

describe('SendQueue', () => {
  it('writes all lines of one turn with a single write, each ended by CR-LF', async () => {
    const { socket, queue, written } = setup();
    queue.push(':srv 001 a :Welcome');
    queue.push(':srv 002 a :Your host');
    expect(socket.writes).toEqual([]);
    await nextTurn();
    expect(socket.writes).toEqual([':srv 001 a :Welcome\r\n:srv 002 a :Your host\r\n']);
    expect(written).toEqual([socket.writes[0]?.length]);
  });

  it('flushes every dirty socket in the same turn, one write each', async () => {
    const scheduler = new FlushScheduler();
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    const queues = sockets.map((s) => new SendQueue(s, scheduler, 1000, () => {}));
    for (const q of queues) {
      q.push('a');
      q.push('b');
    }
    await nextTurn();
    expect(sockets.map((s) => s.writes)).toEqual([['a\r\nb\r\n'], ['a\r\nb\r\n'], ['a\r\nb\r\n']]);
  });

  it('writes nothing for a turn without output', async () => {
    const { socket, queue } = setup();
    queue.push('x');
    await nextTurn();
    await nextTurn();
    expect(socket.writes).toEqual(['x\r\n']);
  });

  it('counts bytes, not UTF-16 units, against the SendQ', () => {
    const { queue } = setup();
    queue.push('é'); // 2 bytes + CR-LF
    expect(queue.queuedBytes).toBe(4);
  });

  it('drops the client when queued plus socket-buffered bytes pass sendQBytes', async () => {
    const { socket, queue, exceeded } = setup(100);
    socket.writableLength = 80;
    expect(queue.push('x'.repeat(10))).toBe(true);
    expect(queue.push('x'.repeat(10))).toBe(false);
    expect(exceeded).toHaveBeenCalledTimes(1);
    expect(queue.isDead).toBe(true);
    expect(queue.push('more')).toBe(false);
    expect(exceeded).toHaveBeenCalledTimes(1);
    await nextTurn();
    expect(socket.writes).toEqual([]);
  });

  it('does not hold back other clients when one exceeds its SendQ', async () => {
    const scheduler = new FlushScheduler();
    const slow = new FakeSocket();
    slow.writableLength = 10_000;
    const fast = new FakeSocket();
    const slowQueue = new SendQueue(slow, scheduler, 100, () => {});
    const fastQueue = new SendQueue(fast, scheduler, 100, () => {});
    slowQueue.push('hello');
    fastQueue.push('hello');
    await nextTurn();
    expect(slow.writes).toEqual([]);
    expect(fast.writes).toEqual(['hello\r\n']);
  });

  it('flushes the other queues when one socket throws on write, and kills that one', async () => {
    const errors: unknown[] = [];
    const scheduler = new FlushScheduler(undefined, (err) => errors.push(err));
    const broken = new FakeSocket();
    broken.write = () => {
      throw new Error('write failed');
    };
    const healthy = new FakeSocket();
    const brokenQueue = new SendQueue(broken, scheduler, 1000, () => {});
    const healthyQueue = new SendQueue(healthy, scheduler, 1000, () => {});
    brokenQueue.push('first');
    healthyQueue.push('second');
    await nextTurn();
    expect(healthy.writes).toEqual(['second\r\n']);
    expect(errors).toEqual([new Error('write failed')]);
    expect(brokenQueue.isDead).toBe(true);
    // The scheduler keeps working for later turns.
    healthyQueue.push('third');
    await nextTurn();
    expect(healthy.writes).toEqual(['second\r\n', 'third\r\n']);
  });
});
