import type { UserAccount } from '@portalchat/config';
import type { Connection } from '../../model/types';

/**
 * One AUTH package (IRCX draft-04 §1.1: `AUTH <mech> I :<data>`, then `S` rounds). A mechanism
 * only decides; the handler (handlers/auth.ts) sends the lines, counts failures and records the
 * account. Multi-round mechanisms (SCRAM, an NTLM-like one) keep their private state in
 * `conn.authInProgress.data` between `start` and the `step`s.
 */
export interface AuthMechanism {
  /** The package name as AUTH and the 800 reply spell it, e.g. `PLAIN`. */
  readonly name: string;
  /** The client's first message (`AUTH <mech> I [:<data>]`); data is '' when none was given. */
  start(conn: Connection, data: string, env: AuthEnv): AuthResult;
  /** A later client message (`AUTH <mech> S :<data>`). */
  step(conn: Connection, data: string, env: AuthEnv): AuthResult;
}

/** What mechanisms may consult: the accounts of the host file. */
export interface AuthEnv {
  readonly accounts: readonly UserAccount[];
}

export type AuthResult =
  /** Send `AUTH <mech> S :<data>` and wait for the client's next message. */
  | { type: 'continue'; data: string }
  /** Authenticated; `account` is absent for a guest (ANON). */
  | { type: 'success'; account?: string; level: UserAccount['level'] }
  | { type: 'failure' };
