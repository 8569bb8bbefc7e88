import type { UserAccount } from '@portalchat/config';
import type { Connection } from '../../model/types';
import type { LoginAccount } from '../accounts/store';

/**
 * One authentication mechanism, served by both front ends: IRCX AUTH (draft-04 §1.1:
 * `AUTH <mech> I :<data>`, then `S` rounds) and IRCv3 SASL (`AUTHENTICATE <mech>`, then base64
 * responses). A mechanism only decides; the flow (session.ts) records the account and counts
 * failures, and each front end (handlers/auth.ts, handlers/authenticate.ts) renders the lines.
 * Multi-round mechanisms (SCRAM, an NTLM-like one) keep their private state in
 * `conn.authInProgress.data` between `start` and the `step`s.
 */
export interface AuthMechanism {
  /** The package name as AUTH and the 800 reply spell it, e.g. `PLAIN`. */
  readonly name: string;
  /**
   * The SASL (IANA) name when AUTHENTICATE may use it; absent when it cannot. ANON has none: it
   * logs into no account, and SASL's success (900 RPL_LOGGEDIN) names one.
   */
  readonly sasl?: string;
  /**
   * The client's first message (`AUTH <mech> I [:<data>]`); data is '' when none was given, and
   * always '' for SASL, whose `AUTHENTICATE <mech>` carries no data (a client-first mechanism
   * answers `continue` with '+' for the empty challenge).
   */
  start(conn: Connection, data: string, env: AuthEnv): AuthResult;
  /** A later client message (`AUTH <mech> S :<data>`, or a reassembled SASL response). */
  step(conn: Connection, data: string, env: AuthEnv): AuthResult;
}

/** What mechanisms may consult: the accounts of the host file, and of the network's store. */
export interface AuthEnv {
  readonly accounts: readonly UserAccount[];
  /** The account a client names, any case: the host file's, else a registered one (accounts/store.ts). */
  find(name: string): LoginAccount | undefined;
  /** An unpredictable value for a nonce (engine/entropy.ts), base64. */
  random(label: string): string;
  /** Milliseconds before this connection may try a password again (the back-off); 0: now. */
  waitMs(): number;
}

export type AuthResult =
  /** Send the challenge (`AUTH <mech> S :<data>` / `AUTHENTICATE <data>`), wait for the answer. */
  | { type: 'continue'; data: string }
  /** Authenticated; `account` is absent for a guest (ANON). */
  | { type: 'success'; account?: string; level: UserAccount['level'] }
  /**
   * Correct if `password` matches `passwordHash` (of `account`): the flow has it checked off the
   * event loop and settles with the verdict (session.ts).
   */
  | { type: 'verify'; account: string; level: UserAccount['level']; passwordHash: string; password: string }
  /**
   * Refused; `name`: the account the client named, when it named one (for the log). `checked`:
   * the mechanism checked the password itself (SCRAM) and found it wrong; `retryInSeconds`: it
   * did not check, the back-off says wait.
   */
  | { type: 'failure'; name?: string; checked?: boolean; retryInSeconds?: number };
