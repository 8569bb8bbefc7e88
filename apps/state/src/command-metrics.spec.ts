import { Registry } from 'prom-client';
import { metricSample } from '@portalchat/testkit';
import { commandCounter, type CommandCounts } from './command-metrics';

function fakeCounts(): CommandCounts & { unknownCommandCount: number; run(verb: string): void; unknown(): void } {
  const commandCounts = new Map<string, number>();
  return {
    commandCounts,
    unknownCommandCount: 0,
    run(verb) {
      commandCounts.set(verb, (commandCounts.get(verb) ?? 0) + 1);
    },
    unknown() {
      this.unknownCommandCount++;
    },
  };
}

describe('commandCounter', () => {
  it('counts by verb, and unknown verbs as command="other"', async () => {
    const counts = fakeCounts();
    const registry = new Registry();
    commandCounter(registry, counts);
    counts.run('PRIVMSG');
    counts.run('PRIVMSG');
    counts.run('JOIN');
    counts.unknown();
    const text = await registry.metrics();
    expect(metricSample(text, 'portalchat_commands_total', { command: 'PRIVMSG' })).toBe(2);
    expect(metricSample(text, 'portalchat_commands_total', { command: 'JOIN' })).toBe(1);
    expect(metricSample(text, 'portalchat_commands_total', { command: 'other' })).toBe(1);
  });

  it('leaves out what was counted before it was created (the journal replay)', async () => {
    const counts = fakeCounts();
    counts.run('PRIVMSG');
    counts.run('NICK');
    counts.unknown();
    const registry = new Registry();
    commandCounter(registry, counts);
    counts.run('PRIVMSG');
    const text = await registry.metrics();
    expect(metricSample(text, 'portalchat_commands_total', { command: 'PRIVMSG' })).toBe(1);
    expect(metricSample(text, 'portalchat_commands_total', { command: 'NICK' })).toBeUndefined();
    expect(metricSample(text, 'portalchat_commands_total', { command: 'other' })).toBe(0);
  });
});
