import { hmacSha256 } from '@portalchat/config';
import type { ChatState } from '../model/chat-state';

/**
 * Unpredictable values for the engine (SCRAM server nonces, the salts of new accounts) without
 * randomness inside it: an HMAC of a counter under a random seed. The seed comes in once per
 * history as a journaled input record (the adapter's `seed` record, recovery/), and seed and counter
 * live in the state's snapshot, so a replay makes the very same values and a client cannot guess
 * the next one.
 */

/** A state that never had a seed (only unit specs): predictable, never used by a running service. */
const UNSEEDED = 'unseeded';

export function setEntropySeed(state: ChatState, seed: string): void {
  // A seed is set once per history; one recorded again (a replay of an old record) changes nothing.
  state.entropySeed ??= seed;
}

/** The next value, `bytes` long, base64; `label` keeps the uses apart. */
export function nextRandom(state: ChatState, label: string, bytes = 18): string {
  const seed = Buffer.from(state.entropySeed ?? UNSEEDED, 'utf8');
  const n = ++state.entropyCounter;
  return hmacSha256(seed, `${label}:${n}`).subarray(0, bytes).toString('base64');
}
