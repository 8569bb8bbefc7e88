import { join } from 'node:path';

// tools/build.js is plain CommonJS at the repository root's tools/ because it must run before
// anything is built; its one piece of logic, reading Nx's output, is tested here.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- build.js is untyped CommonJS outside every TS project: require() plus the declared shape is how a spec loads it
const { taskStarting } = require(join(__dirname, '..', '..', 'build.js')) as {
  taskStarting: (line: string) => string | undefined;
};

describe('build.js taskStarting', () => {
  it('names a task Nx starts running', () => {
    expect(taskStarting('> nx run state:build')).toBe('state:build');
    expect(taskStarting('\u001b[1m> nx run state:build\u001b[22m  ')).toBe('state:build');
  });

  it.each([
    '> nx run state:build  [local cache]',
    '> nx run state:build  [remote cache]',
    '> nx run state:build  [existing outputs match the cache, left as is]',
    ' NX   Successfully ran target build for 5 projects',
    'tools/launcher/src/lifecycle.ts:52:7 - error TS1134: Variable declaration expected.',
    '',
  ])('ignores %j', (line) => {
    expect(taskStarting(line)).toBeUndefined();
  });
});
