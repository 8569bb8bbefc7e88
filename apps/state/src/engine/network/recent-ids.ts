/**
 * A bounded set of recently seen IDs (oldest forgotten first). The portals already drop events
 * they have seen; this makes message delivery idempotent in state too, so a replayed batch can
 * never show a client the same message twice.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Records `id`; false when it was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // A Set iterates in insertion order: the first key is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }

  /** The IDs held, oldest first (recovery snapshots). */
  list(): string[] {
    return [...this.ids];
  }
}
