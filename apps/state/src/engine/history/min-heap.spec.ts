import { MinHeap } from './min-heap';

describe('MinHeap', () => {
  const byValue = (a: number, b: number) => a - b;

  it('pops in order whatever order the items came in', () => {
    const heap = new MinHeap(byValue);
    // A fixed pseudo-random order (an LCG), with repeats.
    const pushed: number[] = [];
    let x = 7;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      pushed.push(x % 500);
    }
    for (const v of pushed) heap.push(v);
    expect(heap.size).toBe(2000);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop() as number);
    expect(popped).toEqual([...pushed].sort(byValue));
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
  });

  it('keeps its order across pushes between pops', () => {
    const heap = new MinHeap(byValue);
    for (const v of [50, 10, 40]) heap.push(v);
    expect(heap.pop()).toBe(10);
    heap.push(5);
    heap.push(45);
    expect(heap.peek()).toBe(5);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([5, 40, 45, 50]);
  });

  it('retain drops the rejected items and stays a heap', () => {
    const heap = new MinHeap(byValue);
    for (let v = 100; v > 0; v--) heap.push(v);
    heap.retain((v) => v % 3 !== 0);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop() as number);
    expect(popped).toEqual(Array.from({ length: 100 }, (_, i) => i + 1).filter((v) => v % 3 !== 0));
  });
});
