// Sign-in rate limiting: a pure decision from the failures counted in the window.
export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowMinutes: number;
}

export interface ThrottleState {
  /** Failures for this email since its last success, inside the window. */
  accountFailures: number;
  /** Failures from this client address inside the window. */
  ipFailures: number;
  /** Time of the oldest failure that counts toward whichever limit is hit. */
  oldestCountedFailure: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function decideLogin(state: ThrottleState, limits: ThrottleLimits, now: Date): ThrottleDecision {
  const blocked = state.accountFailures >= limits.maxFailuresPerAccount || state.ipFailures >= limits.maxFailuresPerIp;
  if (!blocked) return { allowed: true };
  const windowMs = limits.windowMinutes * 60_000;
  const opensAt = (state.oldestCountedFailure?.getTime() ?? now.getTime()) + windowMs;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - now.getTime()) / 1000)) };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The login_attempts key that counts an account's failures (email already normalised). */
export function accountThrottleKey(email: string): string {
  return `email:${email}`;
}

/** The login_attempts key that counts a client address's failures. */
export function addressThrottleKey(address: string): string {
  return `ip:${address}`;
}
