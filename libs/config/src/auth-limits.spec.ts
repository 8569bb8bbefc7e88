import { ConfigError } from './errors';
import { parseHostConfig } from './load';
import { DEFAULTS } from './defaults';

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

describe('auth (password-check limits)', () => {
  it('has defaults when the section is absent or empty', () => {
    expect(parseHostConfig(BASE).auth).toEqual(DEFAULTS.auth);
    expect(parseHostConfig(`${BASE}auth:\n`).auth).toEqual(DEFAULTS.auth);
  });

  it('takes every field', () => {
    const auth = parseHostConfig(
      `${BASE}auth: { freeFailuresPerConnection: 1, freeFailuresPerIp: 5, backoffSeconds: 1, maxBackoffSeconds: 8, forgetAfterSeconds: 60, concurrentChecks: 2, registration: false, registrationBeforeConnect: false }\n`,
    ).auth;
    expect(auth).toEqual({
      freeFailuresPerConnection: 1,
      freeFailuresPerIp: 5,
      backoffSeconds: 1,
      maxBackoffSeconds: 8,
      forgetAfterSeconds: 60,
      concurrentChecks: 2,
      registration: false,
      registrationBeforeConnect: false,
    });
  });

  it.each([
    ['auth: { freeFailuresPerIp: 0 }', 'host.yaml: auth.freeFailuresPerIp: expected integer ≥ 1, got 0'],
    ['auth: { backoffSeconds: 0 }', 'host.yaml: auth.backoffSeconds: expected integer ≥ 1, got 0'],
    ['auth: { concurrentChecks: 100 }', 'host.yaml: auth.concurrentChecks: expected integer 1–64, got 100'],
    ['auth: { registration: yes please }', 'host.yaml: auth.registration: expected true or false, got "yes please"'],
    [
      'auth: { backoffSeconds: 10, maxBackoffSeconds: 5 }',
      'host.yaml: auth.maxBackoffSeconds: expected an integer ≥ backoffSeconds (10), got 5',
    ],
    [
      'auth: { maxBackoffSeconds: 600, forgetAfterSeconds: 300 }',
      'host.yaml: auth.forgetAfterSeconds: expected an integer ≥ maxBackoffSeconds (600), or a wait would be forgotten before it ends, got 300',
    ],
    [
      'auth: { backoff: 1 }',
      expect.stringMatching(/^host\.yaml: auth\.backoff: expected no such field, got "backoff"/) as unknown as string,
    ],
  ])('%s is refused precisely', (text, problem) => {
    expect(problemsOf(`${text}\n`)).toEqual([problem]);
  });
});
