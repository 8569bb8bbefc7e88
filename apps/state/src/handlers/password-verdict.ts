import type { ScramKeys } from '@portalchat/config';
import { finishLogin, type PendingCheck, type Verdict } from '../engine/auth';
import type { CommandContext } from '../engine/context';
import { renderAuthOutcome } from './auth';
import { renderSaslOutcome } from './authenticate';
import { finishOper } from './oper';
import { finishServerPassword } from './server-password';
import { finishRegister } from './register';

/**
 * Resumes the command that asked for a password check (OPER, PASS, AUTH, AUTHENTICATE, REGISTER) with its
 * verdict: the replies the client would have had at once when the hash ran inline.
 * Called by StateEngine.passwordVerdict with the connection's context.
 */
export function resumePasswordCheck(
  ctx: CommandContext,
  check: PendingCheck,
  verdict: Verdict,
  keys: ScramKeys | undefined,
): void {
  switch (check.kind) {
    case 'oper':
      finishOper(ctx, check, verdict);
      return;
    case 'server-password':
      finishServerPassword(ctx, verdict);
      return;
    case 'login': {
      const outcome = finishLogin(ctx, check, verdict);
      if (check.frontEnd === 'AUTH') renderAuthOutcome(ctx, check.mechanism, outcome);
      else renderSaslOutcome(ctx, outcome);
      return;
    }
    case 'register':
      finishRegister(ctx, check, verdict, keys);
      return;
  }
}
