/**
 * When boundaries keep catching errors, reload the page once, but never loop.
 *
 * The rule (kept from the old desktop app):
 * - Every error caught by any boundary (app, sidebar or a page) counts toward one streak.
 * - A streak ends when 30 s pass without a new error; the next error starts a new streak at 1.
 * - The 3rd error of a streak reloads the page: a fresh load clears whatever in-memory state
 *   keeps failing (a stale chunk after a deploy, a cache gone bad), which "Try again" cannot.
 * - At most one automatic reload per 60 s per tab. The time of the last one is kept in
 *   sessionStorage because it must survive the reload itself. If it was less than 60 s ago, a
 *   reload would most likely fail the same way, so the fallback stays and says so instead.
 * - If sessionStorage is unusable the guard cannot be kept, so the app never reloads by itself.
 */

export const STREAK_LENGTH = 3;
export const STREAK_WINDOW_MS = 30_000;
export const RELOAD_COOLDOWN_MS = 60_000;
export const LAST_AUTO_RELOAD_KEY = 'outpost:last-auto-reload';

export interface Streak {
  count: number;
  lastAt: number;
}

/** 'reload': the page is about to reload; 'suppressed': it would, but the guard forbids it. */
export type AutoReloadDecision = 'none' | 'reload' | 'suppressed';

export function nextStreak(previous: Streak | null, now: number): Streak {
  if (previous === null || now - previous.lastAt > STREAK_WINDOW_MS || now < previous.lastAt) {
    return { count: 1, lastAt: now };
  }
  return { count: previous.count + 1, lastAt: now };
}

/** `lastReloadAt` undefined means "unknown" (no usable storage), null means "never". */
export function decideAutoReload(
  streak: Streak,
  lastReloadAt: number | null | undefined,
  now: number,
): AutoReloadDecision {
  if (streak.count < STREAK_LENGTH) return 'none';
  if (lastReloadAt === undefined) return 'suppressed';
  // Math.abs: a clock set back must not turn an old timestamp into "far in the future, allowed".
  if (lastReloadAt !== null && Math.abs(now - lastReloadAt) < RELOAD_COOLDOWN_MS) {
    return 'suppressed';
  }
  return 'reload';
}

export interface AutoReloaderDeps {
  now: () => number;
  storage: () => Pick<Storage, 'getItem' | 'setItem'>;
  reload: () => void;
  /** Lets the fallback say "reloading" and the error report leave before the page goes. */
  schedule: (run: () => void, delayMs: number) => void;
  delayMs?: number;
}

export interface AutoReloader {
  /** Counts one caught error and reloads if the rule says so. */
  record(): AutoReloadDecision;
}

export function createAutoReloader(deps: AutoReloaderDeps): AutoReloader {
  let streak: Streak | null = null;
  let reloadPending = false;

  return {
    record() {
      const now = deps.now();
      streak = nextStreak(streak, now);
      if (reloadPending) return 'reload';
      const decision = decideAutoReload(streak, readLastReload(deps), now);
      if (decision !== 'reload') return decision;
      if (!writeLastReload(deps, now)) return 'suppressed';
      reloadPending = true;
      deps.schedule(deps.reload, deps.delayMs ?? 1_500);
      return 'reload';
    },
  };
}

function readLastReload(deps: AutoReloaderDeps): number | null | undefined {
  try {
    const raw = deps.storage().getItem(LAST_AUTO_RELOAD_KEY);
    if (raw === null) return null;
    const at = Number(raw);
    return Number.isFinite(at) ? at : null;
  } catch {
    return undefined;
  }
}

function writeLastReload(deps: AutoReloaderDeps, now: number): boolean {
  try {
    deps.storage().setItem(LAST_AUTO_RELOAD_KEY, String(now));
    return true;
  } catch {
    return false;
  }
}
