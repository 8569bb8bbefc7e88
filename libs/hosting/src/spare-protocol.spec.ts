import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStandingByLine, scriptVersion } from './spare-protocol';

describe('isStandingByLine', () => {
  it("recognises the spare's line (libs/service standingByLine) and nothing else", () => {
    expect(isStandingByLine('{"level":30,"service":"state","standby":"waiting","msg":"state standing by"}')).toBe(true);
    expect(isStandingByLine('{"level":30,"msg":"state standing by as a warm spare"}')).toBe(false);
    expect(isStandingByLine('{"standby":"go"}')).toBe(false);
    expect(isStandingByLine('standby waiting')).toBe(false);
    expect(isStandingByLine('{"standby":')).toBe(false);
    expect(isStandingByLine('null')).toBe(false);
  });
});

describe('scriptVersion', () => {
  it('changes when the script is rebuilt, and is undefined for a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portalchat-spare-'));
    try {
      const script = join(dir, 'main.js');
      writeFileSync(script, 'one');
      utimesSync(script, 1000, 1000);
      const before = scriptVersion(script);
      expect(scriptVersion(script)).toBe(before);
      writeFileSync(script, 'two');
      utimesSync(script, 2000, 2000);
      expect(scriptVersion(script)).not.toBe(before);
      expect(scriptVersion(join(dir, 'gone.js'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
