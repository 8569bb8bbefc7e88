/**
 * One number per peer (a gateway, the portal), for the peer's current stream instance only.
 *
 * Keyed by peer rather than by instance: a gateway or portal that restarts comes back under a
 * new instance, and a map keyed by instance would keep an entry for every instance it ever had.
 * Setting a mark for a new instance replaces the old one; a mark read for another instance than
 * the one stored is unknown.
 */
export class PeerMarks {
  private readonly marks = new Map<string, { instance: string; value: number }>();

  get(peer: string, instance: string): number | undefined {
    const mark = this.marks.get(peer);
    return mark?.instance === instance ? mark.value : undefined;
  }

  set(peer: string, instance: string, value: number): void {
    this.marks.set(peer, { instance, value });
  }

  forget(peer: string): void {
    this.marks.delete(peer);
  }

  get size(): number {
    return this.marks.size;
  }
}
