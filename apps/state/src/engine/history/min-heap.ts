/**
 * A binary min-heap: push and pop in O(log n), whatever order the items come in. The history
 * index's eviction order is one: entries of other servers arrive older than the local ones by the
 * path's latency, and a sorted array took each of them in with a splice of everything newer (at
 * 10,000 messages a second and a second of lag, tens of thousands of moves per message, the more
 * the later they came: issue 15's cross-server collapse).
 */
export class MinHeap<T> {
  private items: T[] = [];

  /** `compare` must be a total order (ties broken) for the pops to be the same on every server. */
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let at = items.length;
    items.push(item);
    while (at > 0) {
      const up = (at - 1) >>> 1;
      const parent = items[up] as T;
      if (this.compare(parent, item) <= 0) break;
      items[at] = parent;
      at = up;
    }
    items[at] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) this.sinkFromTop(last);
    return top;
  }

  /** Keeps only the items `keep` accepts (O(n)): for dropping the dead ones a lazy delete left. */
  retain(keep: (item: T) => boolean): void {
    this.items = this.items.filter(keep);
    for (let i = (this.items.length >>> 1) - 1; i >= 0; i--) this.sink(i);
  }

  private sinkFromTop(item: T): void {
    this.items[0] = item;
    this.sink(0);
  }

  private sink(from: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[from] as T;
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.compare(items[right] as T, items[left] as T) < 0) child = right;
      const smaller = items[child] as T;
      if (this.compare(smaller, item) >= 0) break;
      items[at] = smaller;
      at = child;
    }
    items[at] = item;
  }
}
