export type { AuthEnv, AuthMechanism, AuthResult } from './mechanism';
export { applyAccountLevel } from './account-level';
export {
  offeredMechanism,
  offeredSaslMechanism,
  saslMechanismList,
  saslMechanisms,
  type AuthOfferConfig,
} from './offer';
export {
  abortAuth,
  authInProgress,
  finishLogin,
  MAX_AUTH_FAILURES,
  startAuth,
  stepAuth,
  type AuthFrontEnd,
  type AuthOutcome,
} from './session';
export { appendSaslChunk, splitSaslResponse, SASL_CHUNK_BYTES, SASL_MAX_RESPONSE_BYTES } from './sasl-chunks';
export {
  AuthGuard,
  type AuthFailureReport,
  type AuthGuardData,
  type CheckMechanism,
  type PendingCheck,
  type Verdict,
  type VerifyRequest,
} from './guard';
