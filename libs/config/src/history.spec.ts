import { ConfigError } from './errors';
import { parseHostConfig } from './load';

const BASE = 'server: { name: Chatsrv1, id: 10 }\n';

function problemsOf(text: string): string[] {
  try {
    parseHostConfig(BASE + text, 'host.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('history (config)', () => {
  it('is on by default: 100,000 entries, a week, 256 MiB', () => {
    expect(parseHostConfig(BASE).history).toEqual({
      enabled: true,
      maxMessages: 100_000,
      maxAgeSeconds: 604_800,
      maxBytes: 268_435_456,
    });
  });

  it('takes a switch and the three limits', () => {
    const text = `${BASE}history: { enabled: false, maxMessages: 10, maxAgeSeconds: 60, maxBytes: 4096 }\n`;
    expect(parseHostConfig(text).history).toEqual({
      enabled: false,
      maxMessages: 10,
      maxAgeSeconds: 60,
      maxBytes: 4096,
    });
  });

  it.each([
    ['history: { enabled: maybe }', 'host.yaml: history.enabled: expected true or false, got "maybe"'],
    ['history: { maxMessages: 0 }', 'host.yaml: history.maxMessages: expected integer ≥ 1, got 0'],
    ['history: { maxAgeSeconds: 1.5 }', 'host.yaml: history.maxAgeSeconds: expected integer ≥ 1, got 1.5'],
    ['history: { maxBytes: 10 }', 'host.yaml: history.maxBytes: expected integer ≥ 1024, got 10'],
    [
      'history: { max: 1 }',
      'host.yaml: history.max: expected no such field, got "max" (known fields here: enabled, maxMessages, maxAgeSeconds, maxBytes)',
    ],
  ])('refuses %s', (text, problem) => {
    expect(problemsOf(`${text}\n`)).toEqual([problem]);
  });
});
