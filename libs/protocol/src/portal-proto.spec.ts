import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PORTAL_PROTO } from './portal-proto';

describe('PORTAL_PROTO', () => {
  it('is the text of proto/portal.proto', () => {
    expect(PORTAL_PROTO).toBe(readFileSync(join(__dirname, '..', 'proto', 'portal.proto'), 'utf8'));
  });
});
