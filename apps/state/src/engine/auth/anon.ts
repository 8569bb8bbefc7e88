import type { AuthMechanism } from './mechanism';

/**
 * ANON: an anonymous login, allowed when the server offers it (draft-04: "ANON in the package
 * list means anonymous logins are allowed"). Succeeds at once as a guest, with no account.
 */
export const anonMechanism: AuthMechanism = {
  name: 'ANON',
  start: () => ({ type: 'success', level: 'user' }),
  step: () => ({ type: 'success', level: 'user' }),
};
