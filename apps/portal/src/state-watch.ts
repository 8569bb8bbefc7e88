/** What changed at a check: state went silent past the bound, or was heard again after that. */
export type StateWatchChange = 'away' | 'back';

/**
 * Whether this host's state is there, from when it was last heard (any delivery, hello or info
 * answer). Pure: the caller says when state was heard and asks at its own pace.
 *
 * Silence up to `awayMs` is a restart in progress: state comes back within seconds and the
 * streams resume, so the links stay. Past it, state is taken for gone: the rest of the network
 * should see this host split off rather than keep talking to users nobody serves. The watch
 * starts as if state had just been heard, so a portal that starts first gets the same grace.
 */
export class StateWatch {
  private lastHeardAt: number;
  private away = false;

  constructor(
    private readonly awayMs: number,
    private readonly now: () => number,
  ) {
    this.lastHeardAt = now();
  }

  heard(): void {
    this.lastHeardAt = this.now();
  }

  /** The change since the previous check, if any: each is reported once. */
  check(): StateWatchChange | undefined {
    const silent = this.now() - this.lastHeardAt > this.awayMs;
    if (silent === this.away) return undefined;
    this.away = silent;
    return silent ? 'away' : 'back';
  }

  isAway(): boolean {
    return this.away;
  }

  silentForMs(): number {
    return this.now() - this.lastHeardAt;
  }
}
