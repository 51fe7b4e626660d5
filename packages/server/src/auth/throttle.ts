/**
 * Slows password guessing down before the lock-out stops it (OWASP authentication cheat sheet):
 * after `freeFailures` failures in a row for one account, each further attempt must wait twice
 * as long as the previous one (1 s, 2 s, 4 s … up to `maxDelaySeconds`); one address gets
 * `perAddress` failures per `windowMinutes` across all accounts. Kept in memory: a restart forgets
 * the delays, never the lock-out (which is in the database).
 */
export type ThrottleSettings = {
  readonly freeFailures: number;
  readonly maxDelaySeconds: number;
  readonly perAddress: number;
  readonly windowMinutes: number;
};

export const DEFAULT_THROTTLE: ThrottleSettings = {
  freeFailures: 3,
  maxDelaySeconds: 60,
  perAddress: 30,
  windowMinutes: 15,
};

export type LoginThrottle = {
  /** Seconds to wait before this attempt may be tried; 0 when it may go ahead. */
  wait(account: string, address: string | null, now: Date): number;
  failed(account: string, address: string | null, now: Date): void;
  succeeded(account: string): void;
};

export const createLoginThrottle = (settings: ThrottleSettings = DEFAULT_THROTTLE): LoginThrottle => {
  const accounts = new Map<string, { failures: number; last: number }>();
  const addresses = new Map<string, number[]>();
  const windowMs = settings.windowMinutes * 60_000;
  const recent = (address: string, now: number) =>
    (addresses.get(address) ?? []).filter((t) => now - t < windowMs);
  return {
    wait(account, address, now) {
      const t = now.getTime();
      let wait = 0;
      const state = accounts.get(account);
      if (state && state.failures >= settings.freeFailures) {
        const delay =
          Math.min(2 ** (state.failures - settings.freeFailures), settings.maxDelaySeconds) * 1000;
        wait = Math.max(wait, state.last + delay - t);
      }
      if (address) {
        const times = recent(address, t);
        if (times.length >= settings.perAddress) wait = Math.max(wait, times[0]! + windowMs - t);
      }
      return wait > 0 ? Math.ceil(wait / 1000) : 0;
    },
    failed(account, address, now) {
      const t = now.getTime();
      const state = accounts.get(account) ?? { failures: 0, last: t };
      accounts.set(account, { failures: state.failures + 1, last: t });
      if (address) addresses.set(address, [...recent(address, t), t]);
      if (accounts.size > 100_000) accounts.delete(accounts.keys().next().value!);
    },
    succeeded(account) {
      accounts.delete(account);
    },
  };
};
