import * as protocol from '@portalchat/protocol';
import { JOIN_ERRORS, MODE_ERRORS, SEND_ERRORS } from './errors';

/** Every numeric the channel family's tables use must be a real exported numeric. */
const known = new Set<string>();
for (const value of Object.values(protocol) as unknown[]) {
  if (typeof value === 'string' && /^\d{3}$/.test(value)) known.add(value);
}

describe('channel error tables', () => {
  it.each(Object.entries(JOIN_ERRORS))('JOIN %s maps to a known numeric', (_code, { numeric }) => {
    expect(known.has(numeric)).toBe(true);
  });

  it.each(Object.entries(SEND_ERRORS))('send %s maps to 404', (_code, { numeric }) => {
    expect(numeric).toBe(protocol.ERR_CANNOTSENDTOCHAN);
  });

  it.each(Object.entries(MODE_ERRORS))('MODE %s maps to a known numeric', (code, build) => {
    const { numeric, params } = build('#c', { code: code as keyof typeof MODE_ERRORS, mode: 'x', arg: 'a' });
    expect(known.has(numeric)).toBe(true);
    expect(params.length).toBeGreaterThan(0);
  });

  it('maps join refusals to the RFC numerics', () => {
    expect(JOIN_ERRORS.banned.numeric).toBe('474');
    expect(JOIN_ERRORS['invite-only'].numeric).toBe('473');
    expect(JOIN_ERRORS['channel-full'].numeric).toBe('471');
    expect(JOIN_ERRORS['bad-key'].numeric).toBe('475');
    expect(JOIN_ERRORS['too-many-channels'].numeric).toBe('405');
    expect(JOIN_ERRORS['bad-channel-name'].numeric).toBe('403');
  });
});
