/**
 * Locks the vault after a stretch without user activity, and when the page comes back after
 * being hidden longer than that. Timers in hidden tabs are throttled or frozen, so the time is
 * always measured from timestamps, never by counting on a timer firing on time.
 */

export const IDLE_MINUTES_KEY = 'outpost:vault-idle-minutes';
export const DEFAULT_IDLE_MINUTES = 15;
/** What the Settings field offers; localStorage may hold a fraction (the e2e test uses 0.05). */
export const MIN_IDLE_MINUTES_SETTING = 1;
export const MAX_IDLE_MINUTES = 24 * 60;

export type IdleStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readIdleMinutes(storage: IdleStorage): number {
  const raw = storage.getItem(IDLE_MINUTES_KEY);
  const minutes = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(minutes) && minutes > 0 && minutes <= MAX_IDLE_MINUTES
    ? minutes
    : DEFAULT_IDLE_MINUTES;
}

export function writeIdleMinutes(storage: IdleStorage, minutes: number): void {
  storage.setItem(IDLE_MINUTES_KEY, String(minutes));
}

export type IdleReason = 'idle' | 'hidden';

type Listenable = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface IdleWatchOptions {
  idleMs: number;
  onIdle: (reason: IdleReason) => void;
  /** Where activity is heard (the window). */
  target: Listenable;
  document: Listenable & { readonly visibilityState: DocumentVisibilityState };
  now?: () => number;
}

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Starts watching; returns the function that stops it. `onIdle` is called at most once. */
export function watchIdle(options: IdleWatchOptions): () => void {
  const { idleMs, onIdle, target, document, now = Date.now } = options;
  let lastActivity = now();
  let hiddenAt: number | null = document.visibilityState === 'hidden' ? now() : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity, true);
    document.removeEventListener('visibilitychange', onVisibility);
  };
  const fire = (reason: IdleReason) => {
    stop();
    onIdle(reason);
  };
  // Activity only moves a timestamp (pointermove is frequent); the timer re-arms itself.
  const check = () => {
    const idleFor = now() - lastActivity;
    if (idleFor >= idleMs) fire(hiddenAt === null ? 'idle' : 'hidden');
    else timer = setTimeout(check, idleMs - idleFor);
  };
  function onActivity() {
    lastActivity = now();
  }
  function onVisibility() {
    if (document.visibilityState === 'hidden') {
      hiddenAt ??= now();
      return;
    }
    if (hiddenAt !== null && now() - hiddenAt >= idleMs) {
      fire('hidden');
      return;
    }
    hiddenAt = null;
    lastActivity = now();
  }

  for (const type of ACTIVITY_EVENTS) {
    target.addEventListener(type, onActivity, { capture: true, passive: true });
  }
  document.addEventListener('visibilitychange', onVisibility);
  timer = setTimeout(check, idleMs);
  return stop;
}
