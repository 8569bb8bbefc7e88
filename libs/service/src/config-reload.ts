import { ConfigError, fixedFieldChanges, type HostConfig } from '@portalchat/config';
import { PROTOCOL_VERSION, type ReloadReply } from '@portalchat/protocol';

/**
 * One service's side of a reload (issue 14): read the configuration file again (`load`, the same
 * validation as at start), refuse it whole with the validation messages when it is bad or changes
 * what cannot change at run time, else hand it to the service (`apply`, which says what it did).
 * `current` is the config in force; it changes only when the reload succeeds.
 */
export class ConfigReloader {
  constructor(
    private current: HostConfig,
    private readonly service: string,
    private readonly load: () => HostConfig,
    private readonly apply: ((config: HostConfig) => string) | undefined,
  ) {}

  get config(): HostConfig {
    return this.current;
  }

  reload(): ReloadReply {
    const file = this.current.source;
    const refuse = (problems: readonly string[]): ReloadReply => ({
      v: PROTOCOL_VERSION,
      ok: false,
      file,
      problems: [...problems],
      services: [],
    });
    let next: HostConfig;
    try {
      next = this.load();
    } catch (err) {
      if (err instanceof ConfigError) return refuse(err.problems);
      return refuse([`${file}: ${(err as Error).message}`]);
    }
    const fixed = fixedFieldChanges(this.current, next);
    if (fixed.length > 0) return refuse(fixed);
    let done: string;
    try {
      done = this.apply ? this.apply(next) : 'nothing to reload';
    } catch (err) {
      return refuse([`${this.service}: ${(err as Error).message}`]);
    }
    this.current = next;
    return { v: PROTOCOL_VERSION, ok: true, file, problems: [], services: [`${this.service}: ${done}`] };
  }
}
