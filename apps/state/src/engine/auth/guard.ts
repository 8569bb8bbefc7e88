import type { AuthLimits, UserAccount } from '@portalchat/config';
import type { Connection } from '../../model/types';
import {
  afterFailure,
  backoffPolicies,
  backoffWaitMs,
  isForgotten,
  type BackoffEntry,
  type BackoffPolicy,
} from './backoff';

/**
 * Password checks off the event loop, and the back-off that rations them (issue 12, item 5).
 *
 * A handler that needs a password checked (OPER, PASS, the PLAIN mechanism of AUTH and SASL) calls
 * `request`: the engine hands the adapter a VerifyRequest (`takeRequests`), which runs scrypt on
 * libuv's pool and comes back as an input of its own, a journaled verdict record (recovery/), so a
 * replay uses the recorded verdict and never hashes again. Until then the connection's later
 * lines wait, in order (engine.ts), as on a server whose client thread blocks on the check.
 *
 * The candidate password lives only here, in memory, from the request until it is handed out: the
 * snapshot (`captureData`) never holds it. A check restored from a snapshot without its candidate
 * is handed out with none, and the adapter answers it `unchecked`.
 */

/** The engine-side mechanisms that check passwords (the metric's label). */
export type CheckMechanism = 'oper' | 'auth' | 'sasl' | 'pass';

/** What a pending check resumes when its verdict comes. */
export type PendingCheck =
  | { kind: 'oper'; conn: string; operator: string }
  /** PASS against the server password (config `server.passwordHash`). */
  | { kind: 'server-password'; conn: string }
  | {
      kind: 'login';
      conn: string;
      frontEnd: 'AUTH' | 'SASL';
      mechanism: string;
      account: string;
      level: UserAccount['level'];
    }
  /** REGISTER: SCRAM keys to derive from the password (handlers/register.ts). */
  | { kind: 'register'; conn: string; account: string; salt: string; iterations: number };

/** `unchecked`: the hash was never computed (a restart lost the candidate, or the check failed to run). */
export type Verdict = 'yes' | 'no' | 'unchecked';

export interface VerifyRequest {
  id: number;
  passwordHash: string;
  /** Undefined for a check restored from a snapshot: answer it `unchecked`. */
  candidate: string | undefined;
  /**
   * Not a check: derive SCRAM keys from the candidate with this salt and iteration count, and
   * answer `yes` with them (REGISTER). The same path, so the PBKDF2 runs off the event loop too.
   */
  derive?: { salt: string; iterations: number };
}

/** One refused attempt, for the log and the metric (never the password). */
export interface AuthFailureReport {
  mechanism: CheckMechanism;
  /** The operator or account name the client gave (cut to 64 characters). */
  name: string;
  ip: string;
  /** `backoff`: refused unchecked, too soon after earlier failures. */
  reason: 'wrong-password' | 'unknown-name' | 'invalid' | 'backoff';
}

/** See AuthGuard.captureData. */
export interface AuthGuardData {
  nextId: number;
  pending: [number, PendingCheck][];
  ipFailures: [string, BackoffEntry][];
}

/** Failures between two sweeps of the per-IP table for entries past forgetMs. */
const SWEEP_EVERY = 256;

export class AuthGuard {
  private nextId = 0;
  private readonly pending = new Map<number, PendingCheck>();
  /** Candidates of checks not yet handed out (memory only, never in a snapshot). */
  private readonly candidates = new Map<number, string>();
  /** Checks not handed out to the adapter yet, with the hash to check against. */
  private readonly unsent = new Map<number, string>();
  /** Derivations (REGISTER) among them: salt and iterations. */
  private readonly derivations = new Map<number, { salt: string; iterations: number }>();
  private reports: AuthFailureReport[] = [];
  private readonly ipFailures = new Map<string, BackoffEntry>();
  private failuresSinceSweep = 0;
  private readonly policy: { connection: BackoffPolicy; ip: BackoffPolicy };

  constructor(limits: AuthLimits) {
    this.policy = backoffPolicies(limits);
  }

  /** Milliseconds before this connection (and its IP) may try a password again; 0: now. */
  waitMs(conn: Connection, now: number): number {
    return Math.max(
      backoffWaitMs(conn.authFailures, now, this.policy.connection),
      backoffWaitMs(this.ipFailures.get(conn.ip), now, this.policy.ip),
    );
  }

  /** Counts a failed attempt against the connection and its IP, and reports it. */
  failed(conn: Connection, now: number, report: Omit<AuthFailureReport, 'ip'>): void {
    conn.authFailures = afterFailure(conn.authFailures, now, this.policy.connection);
    this.ipFailures.set(conn.ip, afterFailure(this.ipFailures.get(conn.ip), now, this.policy.ip));
    this.report(conn, report);
    if (++this.failuresSinceSweep >= SWEEP_EVERY) this.sweep(now);
  }

  /** An attempt refused unchecked (back-off): reported, but not counted as a failure. */
  refused(conn: Connection, report: Omit<AuthFailureReport, 'ip' | 'reason'>): void {
    this.report(conn, { ...report, reason: 'backoff' });
  }

  /** A correct password: the connection starts afresh (its IP does not: others may share it). */
  succeeded(conn: Connection): void {
    conn.authFailures = undefined;
  }

  /** Failures of this connection so far (AUTH and SASL close it after a few). */
  failuresOf(conn: Connection): number {
    return conn.authFailures?.failures ?? 0;
  }

  /** Asks for `candidate` to be checked against `passwordHash`; the connection waits for the verdict. */
  request(conn: Connection, check: PendingCheck, passwordHash: string, candidate: string): void {
    const id = ++this.nextId;
    this.pending.set(id, check);
    this.candidates.set(id, candidate);
    this.unsent.set(id, passwordHash);
    if (check.kind === 'register') this.derivations.set(id, { salt: check.salt, iterations: check.iterations });
    conn.passwordCheck = id;
  }

  /** The check a verdict answers (forgotten from now on), or undefined for an unknown one. */
  resolve(id: number): PendingCheck | undefined {
    const check = this.pending.get(id);
    this.pending.delete(id);
    this.candidates.delete(id);
    this.unsent.delete(id);
    this.derivations.delete(id);
    return check;
  }

  /** Checks to run, each once; the candidates leave the engine with them. */
  takeRequests(): VerifyRequest[] {
    const requests: VerifyRequest[] = [];
    for (const [id, passwordHash] of this.unsent) {
      const derive = this.derivations.get(id);
      requests.push({ id, passwordHash, candidate: this.candidates.get(id), ...(derive ? { derive } : {}) });
      this.candidates.delete(id);
    }
    this.unsent.clear();
    this.derivations.clear();
    return requests;
  }

  takeReports(): AuthFailureReport[] {
    const out = this.reports;
    this.reports = [];
    return out;
  }

  /**
   * Pending checks (without their candidates), the id counter and the per-IP failures, as plain
   * data for a recovery snapshot. The reports are not in it: they are drained every turn.
   */
  captureData(): AuthGuardData {
    return { nextId: this.nextId, pending: [...this.pending], ipFailures: [...this.ipFailures] };
  }

  /**
   * Puts the data back. Every pending check is handed out again, without its candidate (nor a
   * hash: nothing is computed), so unless the journal replays its verdict the adapter answers it
   * `unchecked` and the waiting connection goes on.
   */
  restoreData(data: AuthGuardData): void {
    this.nextId = data.nextId;
    for (const [id, check] of data.pending) {
      this.pending.set(id, check);
      this.unsent.set(id, '');
    }
    for (const [ip, entry] of data.ipFailures) this.ipFailures.set(ip, entry);
  }

  private report(conn: Connection, report: Omit<AuthFailureReport, 'ip'>): void {
    this.reports.push({ ...report, name: report.name.slice(0, 64), ip: conn.ip });
  }

  /** Drops per-IP entries nobody needs to remember any more. */
  private sweep(now: number): void {
    this.failuresSinceSweep = 0;
    for (const [ip, entry] of this.ipFailures) {
      if (isForgotten(entry, now, this.policy.ip)) this.ipFailures.delete(ip);
    }
  }
}
