import { z } from 'zod';
import { randomId } from '../../../shared/ids.ts';

/**
 * Saved views: a name and the page's query string (query-url.ts). Device-only by design (a
 * personal shortcut, not team data), so localStorage rather than a replicated collection.
 * Whatever is stored is validated on read; a damaged entry is dropped, not a crash.
 */

export const SAVED_VIEWS_KEY = 'outpost:contact-views';
const MAX_VIEWS = 100;
const MAX_NAME = 80;

const savedViewSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(MAX_NAME),
  /** URLSearchParams string of search, filters and sort. */
  params: z.string().max(20_000),
});
export type SavedView = z.infer<typeof savedViewSchema>;

type ViewStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readViews(storage: ViewStorage = localStorage): SavedView[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(SAVED_VIEWS_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = savedViewSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export type SaveViewResult = { ok: true; views: SavedView[] } | { ok: false; message: string };

function write(storage: ViewStorage, views: SavedView[]): SaveViewResult {
  try {
    storage.setItem(SAVED_VIEWS_KEY, JSON.stringify(views));
    return { ok: true, views };
  } catch {
    return { ok: false, message: 'The view could not be saved: this device’s storage is full.' };
  }
}

/** Saves a view; a view with the same name (any case) is replaced, keeping its place. */
export function saveView(
  name: string,
  params: string,
  storage: ViewStorage = localStorage,
): SaveViewResult {
  const trimmed = name.trim();
  if (!trimmed) return { ok: false, message: 'Give the view a name' };
  if (trimmed.length > MAX_NAME) {
    return { ok: false, message: `A view name has at most ${MAX_NAME} characters` };
  }
  const views = readViews(storage);
  const index = views.findIndex((v) => v.name.toLowerCase() === trimmed.toLowerCase());
  if (index >= 0) {
    views[index] = { ...views[index]!, name: trimmed, params };
  } else {
    if (views.length >= MAX_VIEWS) {
      return { ok: false, message: `At most ${MAX_VIEWS} views; delete one first` };
    }
    views.push({ id: randomId('view'), name: trimmed, params });
  }
  return write(storage, views);
}

export function deleteView(id: string, storage: ViewStorage = localStorage): SaveViewResult {
  return write(
    storage,
    readViews(storage).filter((view) => view.id !== id),
  );
}
