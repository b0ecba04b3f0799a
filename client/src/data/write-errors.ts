/**
 * Writes to IndexedDB fail in a few ways a person should hear about in words: the device is out
 * of space, or the browser refused storage. Everything else is a bug and keeps its message.
 */
export class StorageWriteError extends Error {
  readonly kind: 'quota' | 'other';
  constructor(kind: 'quota' | 'other', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageWriteError';
    this.kind = kind;
  }
}

const QUOTA_MESSAGE =
  'This device is out of storage space for Outpost, so the change was not saved. Free some ' +
  'space (or remove other sites’ data) and try again.';

export function isQuotaError(error: unknown): boolean {
  for (
    let e: unknown = error;
    e;
    e = (e as { cause?: unknown; parameters?: { error?: unknown } }).cause
  ) {
    const name = (e as { name?: unknown }).name;
    const inner = (e as { inner?: unknown }).inner;
    if (
      name === 'QuotaExceededError' ||
      (inner as { name?: unknown } | undefined)?.name === 'QuotaExceededError'
    ) {
      return true;
    }
  }
  return /quota/i.test(String((error as { message?: unknown })?.message ?? ''));
}

/** Runs a write and turns a quota failure into a StorageWriteError with a clear message. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageWriteError('quota', QUOTA_MESSAGE, { cause: error });
    throw error;
  }
}
